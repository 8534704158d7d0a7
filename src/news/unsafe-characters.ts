import { counted } from '../counted.ts';

/**
 * Characters that must not reach a post. Control characters (NUL and the rest of C0 except tab,
 * newline and carriage return; DEL; C1) and the bidirectional embeddings, overrides and isolates
 * are REFUSED: a NUL cuts text short in some clients, and a right-to-left override makes a post
 * read differently from what was written and reviewed. Invisible zero-width characters (zero
 * width space, word joiner, a byte order mark inside text) have no job in a post and are
 * STRIPPED, with a warning. The zero-width joiner and non-joiner are kept: emoji sequences and
 * some scripts need them.
 */
const REFUSED = /(?![\t\n\r])\p{Cc}|[\u202A-\u202E\u2066-\u2069]/u;
const STRIPPED = /[\u180E\u200B\u2060\uFEFF]/g;
const HAS_STRIPPED = /[\u180E\u200B\u2060\uFEFF]/;

const NAMES: Record<number, string> = {
  0: 'NUL',
  6158: 'MONGOLIAN VOWEL SEPARATOR',
  8203: 'ZERO WIDTH SPACE',
  8234: 'LEFT-TO-RIGHT EMBEDDING',
  8235: 'RIGHT-TO-LEFT EMBEDDING',
  8236: 'POP DIRECTIONAL FORMATTING',
  8237: 'LEFT-TO-RIGHT OVERRIDE',
  8238: 'RIGHT-TO-LEFT OVERRIDE',
  8288: 'WORD JOINER',
  8294: 'LEFT-TO-RIGHT ISOLATE',
  8295: 'RIGHT-TO-LEFT ISOLATE',
  8296: 'FIRST STRONG ISOLATE',
  8297: 'POP DIRECTIONAL ISOLATE',
  65279: 'ZERO WIDTH NO-BREAK SPACE',
};

/** One refusal or removal, at a field path as zod writes it. */
export interface CharacterNote {
  path: Array<string | number>;
  message: string;
}

/** "U+202E (RIGHT-TO-LEFT OVERRIDE)". */
function describeCodePoint(code: number): string {
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} (${NAMES[code] ?? 'a control character'})`;
}

/**
 * Checks every text of an item's raw fields, in place: refused characters become issues (the
 * item is rejected), stripped ones are removed and reported as warnings. Walks without recursion,
 * so however deep a hostile structure nests, the stack does not.
 */
export function screenCharacters(data: unknown): { issues: CharacterNote[]; warnings: CharacterNote[] } {
  const issues: CharacterNote[] = [];
  const warnings: CharacterNote[] = [];
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value: data, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (!isPlainContainer(value)) continue;
    const entries: Array<[string | number, unknown]> = Array.isArray(value)
      ? value.map((v, i) => [i, v])
      : Object.entries(value as Record<string, unknown>);
    for (const [key, child] of entries) {
      if (typeof child !== 'string') {
        if (isPlainContainer(child)) stack.push({ value: child, path: [...path, key] });
        continue;
      }
      const refused = REFUSED.exec(child);
      if (refused) {
        issues.push({
          path: [...path, key],
          message:
            `contains ${describeCodePoint(refused[0].codePointAt(0)!)} at character ${refused.index + 1}; refused: ` +
            `control and bidirectional-override characters can hide or reverse text. Expected plain text`,
        });
        continue;
      }
      if (!HAS_STRIPPED.test(child)) continue;
      const found = new Set<number>();
      const stripped = child.replace(STRIPPED, (c) => {
        found.add(c.codePointAt(0)!);
        return '';
      });
      (value as Record<string | number, unknown>)[key] = stripped;
      warnings.push({
        path: [...path, key],
        message:
          `removed ${counted(child.length - stripped.length, 'invisible character', 'invisible characters')}: ` +
          `${[...found].map(describeCodePoint).join(', ')}`,
      });
    }
  }
  return { issues, warnings };
}

/**
 * Arrays and plain objects: what the formats produce for fields. (A YAML !!binary is none of them: the schema refuses
 * it.)
 */
function isPlainContainer(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
