import { createHash } from 'node:crypto';
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
 * The content hash of a validated (normalized: defaults filled, body plain text, image paths
 * absolute) item. Equal hash = nothing to redo; a new hash for a known id = the item was edited.
 */
export function contentHash(item: NewsItem): string {
  return createHash('sha256').update(stableJson(item)).digest('hex');
}
