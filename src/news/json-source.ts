import { dirname } from 'node:path';
import { type Rejection, rejectSource } from './rejection.ts';
import type { Candidate } from './validate-item.ts';

/** A JSON news file: one item (an object) or several (an array of objects), same fields as the front matter. */
export function parseJsonItems(
  text: string,
  source: string,
  baseDir: string | undefined = dirname(source),
): { candidates: Candidate[]; rejected: Rejection[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      candidates: [],
      rejected: [
        rejectSource(
          source,
          `not valid JSON (${(error as Error).message}); expected one item object or an array of them`,
          jsonErrorLine(text, error),
        ),
      ],
    };
  }
  const list = Array.isArray(data) ? data : [data];
  const many = Array.isArray(data);
  const candidates: Candidate[] = [];
  const rejected: Rejection[] = [];
  list.forEach((entry, index) => {
    const where = many ? `${source} item ${index + 1}` : source;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      rejected.push(rejectSource(where, "expected an object with the item's fields"));
      return;
    }
    candidates.push({ data: entry, source: where, ...(baseDir !== undefined ? { baseDir } : {}) });
  });
  return { candidates, rejected };
}

/** JSON.parse says "at position N" (Node 20) or "(line L column C)" (newer): turn it into a line. */
function jsonErrorLine(text: string, error: unknown): number | undefined {
  const message = (error as Error).message;
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(message);
  if (!position) return undefined;
  return text.slice(0, Number(position[1])).split('\n').length;
}
