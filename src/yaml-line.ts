import { type Document, LineCounter, parseDocument } from 'yaml';

/**
 * The line of a key path in YAML text, for messages: the deepest node on the path that exists (a
 * missing field points at its parent). `lineOffset`: lines before the text (a news file's front
 * matter starts after its "---").
 */
export function yamlLineFinder(yamlText: string, lineOffset = 0): (path: ReadonlyArray<PropertyKey>) => number {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, uniqueKeys: false, logLevel: 'error' });
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
