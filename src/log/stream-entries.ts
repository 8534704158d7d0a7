import type { RedisClient } from '../redis/redis-client.ts';
import type { RedisKeys } from '../redis/redis-keys.ts';
import { LOG_ENTRY_FIELDS, type LogEntry, type StoredLogEntry } from './log-entry.ts';

/**
 * How an entry is kept in the log's stream. The stream holds every entry of every post, so it is
 * most of the log's memory; an entry is stored there compact:
 * - short field names (below), under the stream field `c`;
 * - without its text: the text is kept once per post and version — the post's record holds the
 *   current one, `<p>:log:texts:<post>` (written by the log's script when a post's text changes)
 *   the earlier ones, each under its sha256 (`textHash`, which every entry keeps). Reading an entry
 *   back puts its text in again ({@link resolveStreamEntries}).
 * Entries written before (stream field `e`, the whole entry as JSON) are read as they are.
 */
export const COMPACT_FIELD = 'c';
const FULL_FIELD = 'e';

/** The short name of each entry field in the stream (never reuse a letter: old entries keep theirs). */
const SHORT_NAMES = {
  postId: 'i',
  newsId: 'n',
  channel: 'c',
  platform: 'p',
  language: 'l',
  kind: 'k',
  plannedAt: 'd',
  at: 'a',
  attempt: 't',
  state: 's',
  platformPostId: 'pi',
  url: 'u',
  errorKind: 'ek',
  errorMessage: 'em',
  text: 'x',
  textHash: 'h',
  actor: 'b',
  note: 'o',
} as const satisfies Record<(typeof LOG_ENTRY_FIELDS)[number], string>;
const LONG_NAMES: Record<string, keyof LogEntry> = Object.fromEntries(
  Object.entries(SHORT_NAMES).map(([long, short]) => [short, long as keyof LogEntry]),
);

/** The compact stream form of a (canonical) entry: short names, no text. */
export function compactEntryJson(entry: LogEntry): string {
  const out: Record<string, unknown> = {};
  for (const field of LOG_ENTRY_FIELDS) {
    if (field === 'text' || entry[field] === undefined) continue;
    out[SHORT_NAMES[field]] = entry[field];
  }
  return JSON.stringify(out);
}

/** A stream entry as read, before its text is put back (`text` undefined for compact entries). */
type RawEntry = Omit<StoredLogEntry, 'text'> & { text?: string };

/** Parses one stream entry of either form. */
export function parseStreamFields(id: string, fields: string[]): RawEntry {
  for (let i = 0; i < fields.length; i += 2) {
    const name = fields[i];
    const json = fields[i + 1]!;
    if (name === FULL_FIELD) return { logId: id, ...(JSON.parse(json) as LogEntry) };
    if (name === COMPACT_FIELD) {
      const out: Record<string, unknown> = {};
      for (const [short, value] of Object.entries(JSON.parse(json) as Record<string, unknown>)) {
        const long = LONG_NAMES[short];
        if (long) out[long] = value;
      }
      return { logId: id, ...(out as Omit<LogEntry, 'text'>) };
    }
  }
  throw new Error(`log entry ${id} has no "${COMPACT_FIELD}" or "${FULL_FIELD}" field`);
}

/** The entry's fields in the canonical order (the order of an exported line). */
function ordered(entry: RawEntry & { text: string }): StoredLogEntry {
  const out: Record<string, unknown> = { logId: entry.logId };
  for (const field of LOG_ENTRY_FIELDS) if (entry[field] !== undefined) out[field] = entry[field];
  return out as unknown as StoredLogEntry;
}

/**
 * Stream entries (as XRANGE / XREAD return them) as whole entries, texts put back: one round trip
 * for the records of the posts involved, and one more only when an entry has an earlier text of
 * its post. `records` may hand in record JSONs already read (the timeline reads its post's record
 * with the stream ids).
 */
export async function resolveStreamEntries(
  redis: RedisClient,
  keys: RedisKeys,
  raw: Array<[string, string[]]>,
  records: Map<string, string | null> = new Map(),
): Promise<StoredLogEntry[]> {
  const parsed = raw.map(([id, fields]) => parseStreamFields(id, fields));
  const missing = [
    ...new Set(parsed.filter((e) => e.text === undefined && !records.has(e.postId)).map((e) => e.postId)),
  ];
  if (missing.length) {
    const jsons = await redis.mget(...missing.map((postId) => keys.logRecord(postId)));
    missing.forEach((postId, i) => {
      records.set(postId, jsons[i] ?? null);
    });
  }
  /** The current text of each post and its hash, from its record. */
  const current = new Map<string, { text: string; textHash: string }>();
  for (const [postId, json] of records) {
    if (!json) continue;
    const { entry } = JSON.parse(json) as { entry: LogEntry };
    current.set(postId, { text: entry.text, textHash: entry.textHash });
  }
  const earlier = parsed.filter((e) => e.text === undefined && current.get(e.postId)?.textHash !== e.textHash);
  const older = new Map<string, string | null>();
  if (earlier.length) {
    const pipeline = redis.pipeline();
    for (const e of earlier) pipeline.hget(keys.logTexts(e.postId), e.textHash);
    const replies = (await pipeline.exec()) ?? [];
    earlier.forEach((e, i) => {
      const [error, text] = replies[i]!;
      if (error) throw error;
      older.set(`${e.postId}\n${e.textHash}`, (text as string | null) ?? null);
    });
  }
  return parsed.map((e) => {
    if (e.text !== undefined) return ordered(e as RawEntry & { text: string });
    const now = current.get(e.postId);
    const text = now?.textHash === e.textHash ? now.text : older.get(`${e.postId}\n${e.textHash}`);
    // Never expected (the script keeps every text an entry names); an entry without its text is
    // still shown rather than dropped, and says why.
    return ordered({ ...e, text: text ?? `[text ${e.textHash.slice(0, 12)}… not found]` });
  });
}
