import { basename, dirname, extname } from 'node:path';
import { type Document, isMap, LineCounter, parseDocument, visit } from 'yaml';
import { yamlLineFinder } from '../yaml-line.ts';
import type { ItemIssue } from './item-issue.ts';
import { BODY_SOURCE_LIMIT, FRONT_MATTER_LIMIT, MAX_NESTING_DEPTH, MAX_YAML_ALIASES } from './news-limits.ts';
import { markdownToPlainText } from './plain-text.ts';
import { type Rejection, rejectSource } from './rejection.ts';
import type { Candidate } from './validate-item.ts';

/** `---` on the first line, YAML, then a line of `---` (or `...`), then the Markdown body. */
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;

/** What YAML nested past what the parser can follow is said to be. */
const TOO_DEEP = 'nested too deeply to read (lists or mappings inside each other hundreds of levels deep)';

/** A rejection's message for front matter the YAML parser could not read. */
function broken(what: string): string {
  return `broken YAML front matter: ${what}; expected valid YAML fields`;
}

/** The 1-based line of `yamlText` with the most `key: ` separators. */
function mostKeysLine(yamlText: string): number {
  let best = 0;
  let most = -1;
  yamlText.split('\n').forEach((line, i) => {
    const keys = line.split(': ').length;
    if (keys > most) {
      most = keys;
      best = i;
    }
  });
  return best + 1;
}

/**
 * One Markdown news file → one candidate item. The front matter holds the fields; the Markdown
 * after it becomes `body` as plain text; `id` defaults to the file name. The YAML is parsed with
 * `yaml` (not gray-matter's js-yaml) for two reasons: dates stay text, so "2023-11-09" is not
 * silently turned into a midnight-UTC Date, and every field keeps its line for error messages.
 */
export function parseMarkdownItem(text: string, file: string): { candidate: Candidate } | { rejection: Rejection } {
  const match = FRONT_MATTER.exec(text);
  if (match?.index !== 0) {
    return {
      rejection: rejectSource(
        file,
        'no YAML front matter; expected the file to start with a line "---", the fields, and another line "---"',
        1,
      ),
    };
  }
  const yamlText = match[1]!;
  // Front matter starts on line 2 of the file (line 1 is "---").
  const lineOffset = 1;
  const shape = frontMatterShapeProblem(yamlText);
  if (shape) {
    return { rejection: rejectSource(file, `broken YAML front matter: ${shape.message}`, shape.line + lineOffset) };
  }
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    // Repeated keys are found below in one pass: the parser's own check compares every key with every other.
    doc = parseDocument(yamlText, { lineCounter, uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
  } catch (error) {
    // Nesting past what the parser can follow: mostly reported as RESOURCE_EXHAUSTION below, but
    // mappings nested on one line ("a: a: a: …") and then closed by a line further left run its
    // parser itself out of stack. Its line is the one with the most keys.
    if (!(error instanceof RangeError)) throw error;
    return { rejection: rejectSource(file, broken(TOO_DEEP), mostKeysLine(yamlText) + lineOffset) };
  }
  if (doc.errors.length) {
    const error = doc.errors.find((e) => e.code === 'RESOURCE_EXHAUSTION') ?? doc.errors[0]!;
    const line = lineCounter.linePos(error.pos[0]).line + lineOffset;
    const what = error.code === 'RESOURCE_EXHAUSTION' ? TOO_DEEP : error.message.split('\n')[0]!;
    return { rejection: rejectSource(file, broken(what), line) };
  }
  if (!isMap(doc.contents)) {
    return {
      rejection: rejectSource(
        file,
        'the front matter is not a set of "field: value" lines; expected a YAML mapping',
        1 + lineOffset,
      ),
    };
  }
  const repeated = repeatedKey(doc, lineCounter, lineOffset);
  if (repeated)
    return { rejection: rejectSource(file, `broken YAML front matter: ${repeated.message}`, repeated.line) };
  let data: Record<string, unknown>;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as Record<string, unknown>;
  } catch (error) {
    return { rejection: aliasRejection(file, doc, lineCounter, lineOffset, error) };
  }
  const bodyLine = lineOffset + 1 + yamlText.split('\n').length;
  const markdown = text.slice(match[0].length);
  const issues: ItemIssue[] = [];
  const bodyText = plainBody(markdown, 'body', issues, bodyLine);
  if (typeof data.body === 'string') {
    if (bodyText)
      issues.push({
        field: 'body',
        message: 'given twice, in the front matter and below it; expected one of them',
        line: bodyLine,
      });
    else data.body = plainBody(data.body, 'body', issues);
  } else if (bodyText) {
    data.body = bodyText;
  }
  if (data.id === undefined) data.id = basename(file, extname(file));
  plainTranslationBodies(data, issues);
  const hasBody = doc.has('body');
  // Lines are needed only for messages about bad items: the YAML is parsed again then (once),
  // rather than keeping every item's syntax tree in memory for the whole import.
  let lines: ((path: ReadonlyArray<PropertyKey>) => number) | undefined;
  const lineOfYaml = (path: ReadonlyArray<PropertyKey>): number => {
    lines ??= yamlLineFinder(yamlText, lineOffset);
    return lines(path);
  };
  const candidate: Candidate = {
    data,
    source: file,
    baseDir: dirname(file),
    lineOf: (path) => (path[0] === 'body' && !hasBody ? bodyLine : lineOfYaml(path)),
  };
  if (issues.length) candidate.issues = issues;
  return { candidate };
}

/**
 * What no news item's front matter looks like and the YAML parser reads slowly or not at all:
 * hundreds of kilobytes, or flow brackets nested dozens deep ("[[[[…" runs the parser out of stack
 * after seconds). Checked on the text, before parsing.
 */
function frontMatterShapeProblem(yamlText: string): { message: string; line: number } | undefined {
  if (yamlText.length > FRONT_MATTER_LIMIT) {
    const lines = yamlText.split('\n');
    const longest = lines.reduce((best, l, i) => (l.length > lines[best]!.length ? i : best), 0);
    return {
      message:
        `${yamlText.length} characters, over the limit of ${FRONT_MATTER_LIMIT} (line ${longest + 2} alone has ` +
        `${lines[longest]!.length}); expected the fields only, each within its limit (the body goes below the ` +
        `second "---")`,
      line: longest + 1,
    };
  }
  let depth = 0;
  let line = 1;
  for (let i = 0; i < yamlText.length; i++) {
    const c = yamlText.charCodeAt(i);
    if (c === 0x0a) line++;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_NESTING_DEPTH) {
        return {
          message:
            `brackets ([ or {) nested more than ${MAX_NESTING_DEPTH} levels deep; expected plain fields and short ` +
            `lists`,
          line,
        };
      }
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return undefined;
}

/** The first key given twice in one mapping, with the line of its second use; one pass over each mapping. */
function repeatedKey(
  doc: Document,
  lineCounter: LineCounter,
  lineOffset: number,
): { message: string; line: number } | undefined {
  let found: { message: string; line: number } | undefined;
  visit(doc, {
    Map(_key, map) {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        const key = pair.key as { value?: unknown; range?: [number, number, number] } | null;
        const name = String(key?.value ?? key);
        const line = key?.range ? lineCounter.linePos(key.range[0]).line + lineOffset : 1 + lineOffset;
        const first = seen.get(name);
        if (first !== undefined) {
          found = {
            message: `the field "${name}" is given twice (lines ${first} and ${line}); expected each field once`,
            line,
          };
          return visit.BREAK;
        }
        seen.set(name, line);
      }
      return undefined;
    },
  });
  return found;
}

/**
 * A body in Markdown → plain text; a body too long or too deeply nested to convert safely becomes
 * an issue of `field` (and the text is left out, so nothing half-converted goes on).
 */
function plainBody(markdown: string, field: string, issues: ItemIssue[], line?: number): string {
  const at = { field, ...(line !== undefined ? { line } : {}) };
  if (markdown.length > BODY_SOURCE_LIMIT) {
    issues.push({
      ...at,
      message:
        `${markdown.length} characters of Markdown, over the limit of ${BODY_SOURCE_LIMIT}; ` +
        'expected a shorter body',
    });
    return '';
  }
  try {
    return markdownToPlainText(markdown);
  } catch (error) {
    // A converter failing on some input must reject this item, not stop the whole import.
    issues.push({ ...at, message: `cannot be read as Markdown: ${(error as Error).message.split('\n')[0]}` });
    return '';
  }
}

/** Translation bodies in front matter may use Markdown too. */
function plainTranslationBodies(data: Record<string, unknown>, issues: ItemIssue[]): void {
  const translations = data.translations;
  if (!translations || typeof translations !== 'object') return;
  for (const [language, value] of Object.entries(translations as Record<string, unknown>)) {
    const t = value as { body?: unknown } | null;
    if (t && typeof t.body === 'string') t.body = plainBody(t.body, `translations.${language}.body`, issues);
  }
}

/**
 * Why YAML aliases could not be expanded: too many (an alias bomb: a few lines that would expand
 * to gigabytes), or one naming no anchor before it. Names the line of the first alias.
 */
function aliasRejection(
  file: string,
  doc: Document,
  lineCounter: LineCounter,
  lineOffset: number,
  error: unknown,
): Rejection {
  const message = (error as Error).message;
  const unresolved = /unresolved alias[^:]*: (.*)$/i.exec(message)?.[1];
  let line: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (unresolved !== undefined && node.source !== unresolved) return undefined;
      line = node.range ? lineCounter.linePos(node.range[0]).line + lineOffset : undefined;
      return visit.BREAK;
    },
  });
  const what = /excessive alias count/i.test(message)
    ? `its aliases (*name) expand to more than ${MAX_YAML_ALIASES} copies (an alias bomb)`
    : unresolved !== undefined
      ? `the alias *${unresolved} names no anchor (&${unresolved}) above it`
      : message.split('\n')[0];
  return rejectSource(file, `broken YAML front matter: ${what}; expected plain values`, line);
}
