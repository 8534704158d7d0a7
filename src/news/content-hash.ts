import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { NewsItem } from './news-item.ts';

/**
 * JSON with object keys sorted at every level and undefined left out, so the same content always
 * gives the same text whatever order a source wrote its fields in.
 */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

/**
 * A local image stands in the hash by its bytes, not its absolute path: the same news file read
 * from another checkout (host or container) is not an edit, and a replaced picture under the same
 * name is. An unreadable file (validation already reported it) falls back to its path.
 */
function imageIdentity(src: string): string {
  if (!isAbsolute(src)) return src;
  try {
    return `sha256:${createHash('sha256').update(readFileSync(src)).digest('hex')}`;
  } catch {
    return src;
  }
}

/**
 * The content hash of a validated (normalized: defaults filled, body plain text, image paths
 * absolute) item. Equal hash = nothing to redo; a new hash for a known id = the item was edited.
 */
export function contentHash(item: NewsItem): string {
  const images = item.images.map((image) => ({ ...image, src: imageIdentity(image.src) }));
  return createHash('sha256')
    .update(stableJson({ ...item, images }))
    .digest('hex');
}
