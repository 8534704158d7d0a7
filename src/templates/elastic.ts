/**
 * The elastic field: a template marks the one value that may be shortened to fit a platform with
 * the `elastic` filter (`{{ item.summary | elastic }}`). The filter wraps the value in two
 * private-use characters; the fitter finds them after rendering, shortens what is between them if
 * needed, and removes them. Input text is stripped of these characters first, so news content can
 * never fake a marker.
 */

export const ELASTIC_START = '\uE000';
export const ELASTIC_END = '\uE001';
const MARKERS = /[\uE000\uE001]/gu;

/** Removes marker characters from untrusted text (news content, config values). */
export function stripMarkers(text: string): string {
  return text.includes(ELASTIC_START) || text.includes(ELASTIC_END) ? text.replace(MARKERS, '') : text;
}

/** The `elastic` filter's work: marks the value as the field that may be shortened. */
export function markElastic(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text === '' ? '' : `${ELASTIC_START}${text}${ELASTIC_END}`;
}

/** A rendered text cut around its elastic field (`elastic` is undefined when there is none). */
export interface ElasticParts {
  before: string;
  elastic?: string;
  after: string;
}

/**
 * Splits rendered text at its elastic markers. Returns null when the markers are not one well-formed
 * pair (two elastic fields, or an unclosed one): the caller reports that as a template error.
 */
export function splitElastic(text: string): ElasticParts | null {
  const start = text.indexOf(ELASTIC_START);
  const end = text.indexOf(ELASTIC_END);
  if (start === -1 && end === -1) return { before: text, after: '' };
  if (start === -1 || end < start) return null;
  const after = text.slice(end + 1);
  if (
    after.includes(ELASTIC_START) ||
    after.includes(ELASTIC_END) ||
    text.slice(start + 1, end).includes(ELASTIC_START)
  )
    return null;
  return { before: text.slice(0, start), elastic: text.slice(start + 1, end), after };
}
