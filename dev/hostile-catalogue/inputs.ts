import { createHash } from 'node:crypto';

/**
 * Small builders for the catalogue's input files (issue #16): a news item in Markdown, JSON or
 * CSV, an RSS feed, a configuration with a feed, an edited line of a log export. Each case of
 * cases.ts writes one bad input with these, next to the good item.
 */

/** The year after this one: event and reschedule times there are always in the future. */
export const NEXT_YEAR = new Date().getFullYear() + 1;

/** Published today, so the good item is planned from now whatever day the catalogue runs. */
const PUBLISHED = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The fields of a valid news item (the good one, and the base every bad one changes). */
export const GOOD_FIELDS: Readonly<Record<string, string>> = {
  id: 'good-item',
  kind: 'news',
  language: 'en',
  title: 'SECON partners meet',
  summary: 'The partners meet to compare notes.',
  url: 'https://www.interregeurope.eu/secon',
  published: PUBLISHED,
};

/** A Markdown news file; `fields` replace or add front matter lines (YAML values written as given). */
export function markdown(fields: Record<string, string> = {}, body = 'Some body text.'): string {
  const front = Object.entries({ ...GOOD_FIELDS, id: 'bad-item', ...fields }).map(([k, v]) => `${k}: ${v}`);
  return `---\n${front.join('\n')}\n---\n\n${body}\n`;
}

/** The good item every case puts beside its bad one. */
export const GOOD_MD = markdown({ id: 'good-item' });

/** A JSON news file holding one item (`fields` over the good ones). */
export function jsonItem(fields: Record<string, unknown>): string {
  return JSON.stringify({ ...GOOD_FIELDS, id: 'bad-item', ...fields }, null, 2);
}

export const CSV_HEADER = 'id,kind,language,title,summary,url,published';

/** A valid CSV row for the item `id`. */
export function csvRow(id: string): string {
  return `${id},news,en,Title ${id},Summary ${id},${GOOD_FIELDS.url},${PUBLISHED}`;
}

/** A one-channel RSS 2.0 feed around `items`, with `prolog` (e.g. a DOCTYPE) before the root. */
export function rss(items: string, prolog = ''): string {
  return `<?xml version="1.0"?>${prolog}<rss version="2.0"><channel><title>t</title>${items}</channel></rss>`;
}

/** One RSS item. */
export function rssItem(title: string, description = 'Hello', guid = 'g1'): string {
  return (
    `<item><title>${title}</title><link>${GOOD_FIELDS.url}</link><guid>${guid}</guid>` +
    `<pubDate>${new Date().toUTCString()}</pubDate><description>${description}</description></item>`
  );
}

/** A YAML alias bomb: seven levels of nine aliases each (9^7 ≈ 4.8 million copies once expanded). */
export function aliasBomb(): string {
  const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (const name of 'bcdefg') {
    const previous = String.fromCharCode(name.charCodeAt(0) - 1);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
  }
  return `---\nid: bomb\n${levels.join('\n')}\n---\nbody\n`;
}

/** The shipped configuration (its text) with another key prefix and, optionally, one feed. */
export function configYaml(shipped: string, keyPrefix: string, feed?: string): string {
  const text = shipped.replace(/^ {2}keyPrefix: .*$/m, `  keyPrefix: ${keyPrefix}`);
  return feed === undefined ? text : text.replace(/^feeds: \[\]$/m, `feeds:\n  - id: haskovo-news\n${feed}`);
}

/** sha256 (hex) of a text, as a log entry's `textHash`. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** An export (NDJSON lines) with line `index` (0-based) changed by `edit`; the other lines as exported. */
export function editedExport(lines: readonly string[], index: number, edit: (entry: Record<string, unknown>) => void) {
  const copy = [...lines];
  const entry = JSON.parse(copy[index]!) as Record<string, unknown>;
  edit(entry);
  copy[index] = JSON.stringify(entry);
  return `${copy.join('\n')}\n`;
}

/** An export with the first byte of line `index`'s text replaced by 0xE9 (Latin-1 "é", not UTF-8 there). */
export function latin1Export(lines: readonly string[], index: number): Buffer {
  const bytes = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  const before = Buffer.byteLength(`${lines.slice(0, index).join('\n')}\n`);
  const at = before + Buffer.byteLength(lines[index]!.slice(0, lines[index]!.indexOf('"text":"') + 8));
  bytes[at] = 0xe9;
  return bytes;
}

/** The last Sunday of October next year, when Europe/Athens turns its clocks back from 04:00 to 03:00. */
export function fallBackDay(): string {
  const day = new Date(Date.UTC(NEXT_YEAR, 9, 31));
  day.setUTCDate(31 - day.getUTCDay());
  return day.toISOString().slice(0, 10);
}
