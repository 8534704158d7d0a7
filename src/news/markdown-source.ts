import { basename, dirname, extname } from 'node:path';
import { type Document, isMap, LineCounter, parseDocument } from 'yaml';
import type { ItemIssue } from './item-issue.ts';
import { markdownToPlainText } from './plain-text.ts';
import { type Rejection, rejectSource } from './rejection.ts';
import type { Candidate } from './validate-item.ts';

/** `---` on the first line, YAML, then a line of `---` (or `...`), then the Markdown body. */
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;

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
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, uniqueKeys: true, prettyErrors: false });
  // Front matter starts on line 2 of the file (line 1 is "---").
  const lineOffset = 1;
  if (doc.errors.length) {
    const error = doc.errors[0]!;
    const line = lineCounter.linePos(error.pos[0]).line + lineOffset;
    return {
      rejection: rejectSource(
        file,
        `broken YAML front matter: ${error.message.split('\n')[0]}; expected valid YAML fields`,
        line,
      ),
    };
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
  const data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  const markdown = text.slice(match[0].length);
  const bodyText = markdownToPlainText(markdown);
  const issues: ItemIssue[] = [];
  if (typeof data.body === 'string') {
    if (bodyText)
      issues.push({
        field: 'body',
        message: 'given twice, in the front matter and below it; expected one of them',
        line: lineOffset + 1 + yamlText.split('\n').length,
      });
    else data.body = markdownToPlainText(data.body);
  } else if (bodyText) {
    data.body = bodyText;
  }
  if (data.id === undefined) data.id = basename(file, extname(file));
  plainTranslationBodies(data);
  const bodyLine = lineOffset + 1 + yamlText.split('\n').length;
  const hasBody = doc.has('body');
  // Lines are needed only for messages about bad items: the YAML is parsed again then (once),
  // rather than keeping every item's syntax tree in memory for the whole import.
  let lines: ((path: ReadonlyArray<PropertyKey>) => number) | undefined;
  const lineOfYaml = (path: ReadonlyArray<PropertyKey>): number => {
    lines ??= lineFinder(yamlText, lineOffset);
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

/** Translation bodies in front matter may use Markdown too. */
function plainTranslationBodies(data: Record<string, unknown>): void {
  const translations = data.translations;
  if (!translations || typeof translations !== 'object') return;
  for (const value of Object.values(translations as Record<string, unknown>)) {
    const t = value as { body?: unknown } | null;
    if (t && typeof t.body === 'string') t.body = markdownToPlainText(t.body);
  }
}

/** Finds the line of the deepest node on a path that exists (a missing field points at its parent). */
function lineFinder(yamlText: string, lineOffset: number): (path: ReadonlyArray<PropertyKey>) => number {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter });
  return (path) => lineOfPath(doc, lineCounter, path, lineOffset);
}

function lineOfPath(
  doc: Document,
  lineCounter: LineCounter,
  path: ReadonlyArray<PropertyKey>,
  lineOffset: number,
): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true);
    const start = (node as { range?: [number, number, number] } | undefined)?.range?.[0];
    if (start !== undefined) return lineCounter.linePos(start).line + lineOffset;
  }
  return 1 + lineOffset;
}
