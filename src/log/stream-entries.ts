import type { RedisClient } from '../redis/redis-client.ts';
import type { RedisKeys } from '../redis/redis-keys.ts';
import { LONG_NAMES, POST_FIXED_FIELDS, SHORT_NAMES } from './entry-field-names.ts';
import { LOG_ENTRY_FIELDS, type LogEntry, type StoredLogEntry } from './log-entry.ts';
import { parseRecord } from './stored-record.ts';

/**
 * How an entry is kept in the log's stream. The stream holds every entry of every post, so it is
 * most of the log's memory; an entry is stored there compact:
 * - short field names (below), under the stream field `c`;
 * - without its text: the text is kept once per post and version — the post's record holds the
 *   current one, `<p>:log:texts:<post>` (written by the log's script when a post's text changes)
 *   the earlier ones, each under its sha256 (`textHash`, which every entry keeps). Reading an entry
 *   back puts its text in again ({@link resolveStreamEntries});
 * - without the post's identity but its id (news, channel, platform, language, kind never change
 *   for a post, and its record holds them): put back from the record in the same read;
 * - times (`at`, `plannedAt`) as milliseconds and the text hash in base64url, where the value is
 *   in the canonical form (an ISO time as `toISOString` writes it, a hex sha256), so it comes back
 *   exactly; anything else is kept as it is.
 * Entries written before keep what they have: the identity and ISO times in the same field `c`,
 * or (stream field `e`) the whole entry as JSON; all three are read.
 */
export const COMPACT_FIELD = 'c';
const FULL_FIELD = 'e';

/** The identity fields an entry leaves to its post's record. */
const FROM_RECORD = POST_FIXED_FIELDS;
type RecordIdentity = Pick<LogEntry, (typeof FROM_RECORD)[number]>;
const TIME_FIELDS: ReadonlySet<string> = new Set(['at', 'plannedAt']);
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** The compact stream form of a (canonical) entry: short names, no text, no identity but the post id. */
export function compactEntryJson(entry: LogEntry): string {
  const out: Record<string, unknown> = {};
  for (const field of LOG_ENTRY_FIELDS) {
    const value = entry[field];
    if (field === 'text' || value === undefined || (FROM_RECORD as readonly string[]).includes(field)) continue;
    out[SHORT_NAMES[field]] = compactValue(field, value);
  }
  return JSON.stringify(out);
}

function compactValue(field: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (TIME_FIELDS.has(field)) {
    const ms = Date.parse(value);
    return Number.isFinite(ms) && new Date(ms).toISOString() === value ? ms : value;
  }
  if (field === 'textHash' && HEX_SHA256.test(value)) return Buffer.from(value, 'hex').toString('base64url');
  return value;
}

function expandedValue(field: string, value: unknown): unknown {
  if (TIME_FIELDS.has(field) && typeof value === 'number') return new Date(value).toISOString();
  if (field === 'textHash' && typeof value === 'string' && value.length === 43)
    return Buffer.from(value, 'base64url').toString('hex');
  return value;
}

/** A stream entry as read, before its text (and, for compact entries, its identity) is put back. */
type RawEntry = Omit<StoredLogEntry, 'text' | keyof RecordIdentity> & { text?: string } & Partial<RecordIdentity>;

/** Parses one stream entry of any form. */
export function parseStreamFields(id: string, fields: string[]): RawEntry {
  for (let i = 0; i < fields.length; i += 2) {
    const name = fields[i];
    const json = fields[i + 1]!;
    if (name === FULL_FIELD) return { logId: id, ...(JSON.parse(json) as LogEntry) };
    if (name === COMPACT_FIELD) {
      const out: Record<string, unknown> = {};
      for (const [short, value] of Object.entries(JSON.parse(json) as Record<string, unknown>)) {
        const long = LONG_NAMES[short];
        if (long) out[long] = expandedValue(long, value);
      }
      return { logId: id, ...(out as Omit<RawEntry, 'logId'>) };
    }
  }
  throw new Error(`log entry ${id} has no "${COMPACT_FIELD}" or "${FULL_FIELD}" field`);
}

/** The entry's fields in the canonical order (the order of an exported line). */
function ordered(entry: RawEntry & RecordIdentity & { text: string }): StoredLogEntry {
  const out: Record<string, unknown> = { logId: entry.logId };
  for (const field of LOG_ENTRY_FIELDS) if (entry[field] !== undefined) out[field] = entry[field];
  return out as unknown as StoredLogEntry;
}

/**
 * The identity of a post whose record is gone (never expected: records are kept, and a record and
 * its entries are written in one step): what its id says (postIdFor), platform unknown.
 */
function identityFromPostId(postId: string): RecordIdentity {
  const [newsId = '', channel = '', language = '', kind = ''] = postId.split('.');
  return { newsId, channel, platform: 'unknown', language, kind } as unknown as RecordIdentity;
}

/**
 * Stream entries (as XRANGE / XREAD return them) as whole entries, texts and identities put back:
 * one round trip for the records of the posts involved, and one more only when an entry has an
 * earlier text of its post. `records` may hand in record JSONs already read (the timeline reads
 * its post's record with the stream ids).
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
  /** The current text of each post, its hash and the post's identity, from its record. */
  const current = new Map<string, { text: string; textHash: string; identity: RecordIdentity }>();
  for (const [postId, json] of records) {
    if (!json) continue;
    const { entry } = parseRecord(json);
    const identity = Object.fromEntries(FROM_RECORD.map((f) => [f, entry[f]])) as unknown as RecordIdentity;
    current.set(postId, { text: entry.text, textHash: entry.textHash, identity });
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
    if (e.text !== undefined) return ordered(e as RawEntry & RecordIdentity & { text: string });
    const now = current.get(e.postId);
    const text = now?.textHash === e.textHash ? now.text : older.get(`${e.postId}\n${e.textHash}`);
    // An entry written before identities moved out has its own (the same as its record's).
    const identity = { ...(now?.identity ?? identityFromPostId(e.postId)), ...definedIdentity(e) };
    // Never expected (the script keeps every text an entry names); an entry without its text is
    // still shown rather than dropped, and says why.
    return ordered({ ...e, ...identity, text: text ?? `[text ${e.textHash.slice(0, 12)}… not found]` });
  });
}

/** The identity fields an entry carries itself (entries written before they moved to the record). */
function definedIdentity(entry: Partial<RecordIdentity>): Partial<RecordIdentity> {
  const out: Record<string, unknown> = {};
  for (const field of FROM_RECORD) if (entry[field] !== undefined) out[field] = entry[field];
  return out as Partial<RecordIdentity>;
}
