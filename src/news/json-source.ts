import { dirname } from 'node:path';
import { jsonErrorPosition } from './json-error-position.ts';
import { type Rejection, rejectSource, tooManyItems } from './rejection.ts';
import type { Candidate } from './validate-item.ts';

/** A JSON news file: one item (an object) or several (an array of objects), same fields as the front matter. */
export function parseJsonItems(
  text: string,
  source: string,
  baseDir: string | undefined = dirname(source),
  maxItems = Number.POSITIVE_INFINITY,
): { candidates: Candidate[]; rejected: Rejection[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const at = jsonErrorPosition(text, error);
    const where = at ? ` at line ${at.line}, column ${at.column}${at.problem ? `: ${at.problem}` : ''}` : '';
    // V8's own message quotes the text around the error, line breaks and all: only its first clause is kept.
    const detail = at?.problem ? '' : ` (${(error as Error).message.split(/[\n,]/)[0]})`;
    return {
      candidates: [],
      rejected: [
        rejectSource(source, `not valid JSON${where}${detail}; expected one item object or an array of them`, at?.line),
      ],
    };
  }
  const list = Array.isArray(data) ? data : [data];
  if (list.length > maxItems) return { candidates: [], rejected: [tooManyItems(source, list.length, maxItems)] };
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
