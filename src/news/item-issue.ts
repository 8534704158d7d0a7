import type { z } from 'zod';
import { nearestName } from '../nearest-name.ts';

/** One thing wrong with a news item: which field, what was expected, and where if known. */
export interface ItemIssue {
  /** Field path as people write it: `event.end`, `images[0].alt`, `translations.bg.title`. */
  field?: string;
  message: string;
  /** Line in the source file, when the format lets us tell (YAML front matter, CSV row). */
  line?: number;
}

/** "event.start: … (line 11)": an issue as one line for people. */
export function describeItemIssue(issue: ItemIssue): string {
  return (
    `${issue.field ? `${issue.field}: ` : ''}${issue.message}` +
    `${issue.line !== undefined ? ` (line ${issue.line})` : ''}`
  );
}

/** `['images', 0, 'alt']` → `images[0].alt`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string | undefined {
  const out = path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
  return out || undefined;
}

/**
 * zod's issues rephrased for a communication officer: a missing field says "missing", an unknown
 * key names itself, and every message says what was expected.
 */
export function describeIssue(
  issue: z.core.$ZodIssue,
  knownAt?: (path: ReadonlyArray<PropertyKey>) => string[],
): { path: PropertyKey[]; message: string }[] {
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys') {
    // `knownAt`: the fields the schema has there, for the one a typo meant ("titel": title).
    const known = knownAt?.(issue.path) ?? [];
    return issue.keys.map((key) => {
      const near = nearestName(key, known);
      return {
        path: [...path, key],
        message: near
          ? `unknown field; did you mean ${near}?`
          : 'unknown field; check the spelling (fields are case-sensitive)',
      };
    });
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return [{ path, message: `missing; expected ${article(issue.expected)}` }];
  }
  if (issue.code === 'invalid_type') {
    return [{ path, message: `expected ${article(issue.expected)}, got ${describeValue(issue.input)}` }];
  }
  if (issue.code === 'invalid_value') {
    const choices = issue.values.map((v) => JSON.stringify(v)).join(', ');
    if (issue.input === undefined) return [{ path, message: `missing; expected one of ${choices}` }];
    return [
      {
        path,
        message: `expected one of ${choices}, got ${describeValue(issue.input)}`,
      },
    ];
  }
  if (issue.code === 'too_small' && issue.origin === 'string') {
    return [{ path, message: issue.message.startsWith('Too small') ? 'empty; expected some text' : issue.message }];
  }
  if (issue.code === 'too_big' && (issue.origin === 'string' || issue.origin === 'array')) {
    const unit = issue.origin === 'string' ? 'characters' : 'entries';
    // Characters as the limit counts them: code points, not UTF-16 units (an emoji is one).
    const size =
      typeof issue.input === 'string' ? [...issue.input].length : (issue.input as unknown[] | undefined)?.length;
    const got = typeof size === 'number' ? `${size} ${unit}, over the limit of ${issue.maximum}; ` : '';
    return [{ path, message: `${got}expected at most ${issue.maximum} ${unit}` }];
  }
  if (issue.code === 'invalid_key') {
    return issue.issues
      .flatMap((inner) => describeIssue(inner as z.core.$ZodIssue, knownAt))
      .map((d) => ({ path: [...path, ...d.path], message: `key ${describeValue(issue.input)}: ${d.message}` }));
  }
  if (issue.code === 'invalid_format' || issue.code === 'custom') {
    // Show the offending value when it is a plain value; a whole object (a cross-field check) is noise.
    const shown = issue.input !== undefined && typeof issue.input !== 'object' && !issue.message.includes('got');
    return [{ path, message: `${issue.message}${shown ? `, got ${describeValue(issue.input)}` : ''}` }];
  }
  return [{ path, message: issue.message }];
}

/** zod's type name as a person writing YAML reads it: "string" → "text". */
export function article(expected: string): string {
  const names: Record<string, string> = {
    string: 'text',
    number: 'a number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping of fields',
    record: 'a mapping',
  };
  return names[expected] ?? expected;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (empty)';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return `an unquoted date (${value.toISOString()})`;
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
