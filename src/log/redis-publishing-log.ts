import type { ChainableCommander } from 'ioredis';
import { scrubSecrets } from '../config/secrets.ts';
import { POST_STATES, type PostState } from '../posts/post.ts';
import type { RedisClient } from '../redis/redis-client.ts';
import { POST_FIELDS, type RedisKeys } from '../redis/redis-keys.ts';
import { defineScripts } from '../redis/redis-scripts.ts';
import { DAY_MS } from '../time-units.ts';
import {
  DIMENSION_FIELD,
  FILTER_DIMENSIONS,
  type FilterDimension,
  INDEX_DIMENSIONS,
  type IndexDimension,
  isIndexed,
} from './index-dimensions.ts';
import { LOG_ENTRY_FIELDS, type LogEntry, logEntrySchema, type StoredLogEntry } from './log-entry.ts';
import { WRITE_ENTRY_COMMAND, WRITE_ENTRY_LUA } from './log-scripts.ts';
import { type CarriedFacts, factsUpdateJson, type PostFacts, readFacts } from './post-facts.ts';
import type {
  HistoryFilter,
  PostRecord,
  PublishingLog,
  TransitionOptions,
  TransitionResult,
  TransitionStep,
} from './publishing-log.ts';
import { packPayload } from './record-payload.ts';
import { mergeCursorRuns, ScoreRangeCursor } from './score-range-cursor.ts';
import { parseRecord, recordEntryJson } from './stored-record.ts';
import { compactEntryJson, resolveStreamEntries } from './stream-entries.ts';

/** Options for {@link RedisPublishingLog}. */
export interface RedisPublishingLogOptions {
  /** `trim()` removes entries older than this many days. Default: undefined, keep everything. */
  retentionDays?: number;
  /** Records fetched per round trip while a query walks an index. Default 1000. */
  queryBatchSize?: number;
  /** Index members fetched per round trip while a query walks an index. Default 1000. */
  indexPageSize?: number;
}

/**
 * What an export carried with a post's current entry (src/log/log-export.ts), for an import to
 * put back what retention had trimmed from the entries before the export.
 */
export interface RestoredPost {
  /** The post's facts (post-facts.ts): added to the post's. Default: none. */
  facts?: CarriedFacts;
  /**
   * When the post began: its record's `createdAt`, should this entry be the first of the post the
   * import writes (its earlier entries were trimmed). Default: the entry's own time.
   */
  createdAt?: string;
}

/** The write script's keys before the old-state indexes (see log-scripts.ts). */
const WRITE_FIXED_KEYS = 6 + INDEX_DIMENSIONS.length;
/** Marks "the post has no record yet" in the script's list of allowed states. */
const NO_RECORD = '~';

type WriteReply = [number, string | null, (string | null)?];
type ScriptHost = {
  [WRITE_ENTRY_COMMAND](...args: Array<string | number>): Promise<WriteReply>;
};

/** The entry exactly as stored: fields in one order, free text scrubbed of secrets (second layer). */
export function canonicalEntry(entry: LogEntry): LogEntry {
  const out: Record<string, unknown> = {};
  for (const field of LOG_ENTRY_FIELDS) {
    const value = entry[field];
    if (value === undefined) continue;
    out[field] = typeof value === 'string' && SCRUBBED_FIELDS.has(field) ? scrubSecrets(value) : value;
  }
  return out as unknown as LogEntry;
}
/** Fields that carry free text a secret could slip into (the callers scrub too; this is a second layer). */
const SCRUBBED_FIELDS: ReadonlySet<string> = new Set(['errorMessage', 'note', 'text', 'url', 'actor']);

function toRecord(json: string): PostRecord {
  const stored = parseRecord(json);
  // The parsed entry is ours alone: completing it in place spares a copy per record (a history
  // page of a month reads some 800).
  const record = stored.entry as PostRecord;
  record.createdAt = stored.createdAt;
  record.logId = stored.logId;
  return record;
}

/** What the write script answered to a state-checked transition. */
function transitionResult([ok, json, mark]: WriteReply, options: TransitionOptions): TransitionResult {
  return {
    ok: ok === 1,
    record: json ? toRecord(json) : null,
    ...(ok === -1 ? { leaseLost: true } : {}),
    ...(options.claimMark && ok === 1 ? { claimedBefore: mark || undefined } : {}),
  };
}

/** Checks an entry before it is written; a bad one is a bug in the caller, named here. */
function validate(entry: LogEntry): LogEntry {
  const result = logEntrySchema.safeParse(entry);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`).join('; ');
    throw new Error(`invalid log entry for post "${String(entry?.postId)}": ${problems}`);
  }
  return entry;
}

/**
 * The publishing log on Redis: an append-only stream of every entry, the current record of each
 * post (with its timeline and payload) and sorted-set indexes by time per channel, news and state
 * (queries read only the index range they need, so their cost follows the size of the answer, not
 * of the log; a filter on platform, language or kind alone walks every post in the range).
 */
export class RedisPublishingLog implements PublishingLog {
  private readonly retentionDays: number | undefined;
  private readonly batchSize: number;
  private readonly pageSize: number;

  constructor(
    private readonly redis: RedisClient,
    readonly keys: RedisKeys,
    options: RedisPublishingLogOptions = {},
  ) {
    this.retentionDays = options.retentionDays;
    // Large pages and batches: a month of one channel (~800 posts) is one index read and one MGET.
    this.batchSize = options.queryBatchSize ?? 1000;
    this.pageSize = options.indexPageSize ?? 1000;
    // No fixed numberOfKeys: each call starts with its own key count (see writeArgs).
    defineScripts(redis, { [WRITE_ENTRY_COMMAND]: { lua: WRITE_ENTRY_LUA } });
  }

  async transition(
    entry: LogEntry,
    from: ReadonlyArray<PostState | null>,
    options: TransitionOptions = {},
  ): Promise<TransitionResult> {
    return transitionResult(await this.script()(...this.checkArgs({ entry, from, options })), options);
  }

  async transitionMany(steps: ReadonlyArray<TransitionStep>): Promise<TransitionResult[]> {
    if (!steps.length) return [];
    // Every entry is checked before anything is sent: a bad one throws with nothing written.
    const args = steps.map((step) => this.checkArgs(step));
    const pipeline = this.redis.pipeline();
    for (const a of args) (pipeline as unknown as ScriptHost)[WRITE_ENTRY_COMMAND](...a);
    const replies = (await pipeline.exec()) ?? [];
    return steps.map((step, i) => {
      const [error, reply] = replies[i] ?? [new Error('no reply to a log transition')];
      if (error) throw error;
      return transitionResult(reply as WriteReply, step.options ?? {});
    });
  }

  async append(entry: LogEntry): Promise<void> {
    await this.script()(...this.writeArgs(entry, 'append', '', '*'));
  }

  /**
   * Queues an unconditional append on a pipeline (bulk writes). `logId` keeps an entry's original
   * stream id — imports do, so a second import of the same file finds them and adds nothing.
   * Default `*`: Redis gives the next id. `restored`: what an export carried with the post's
   * current entry (see {@link RestoredPost}).
   */
  queueAppend(pipeline: ChainableCommander, entry: LogEntry, logId = '*', restored: RestoredPost = {}): void {
    (pipeline as unknown as ScriptHost)[WRITE_ENTRY_COMMAND](
      ...this.writeArgs(entry, 'append', '', logId, {}, POST_STATES, restored),
    );
  }

  async get(postId: string): Promise<PostRecord | null> {
    const json = await this.redis.get(this.keys.logRecord(postId));
    return json ? toRecord(json) : null;
  }

  queueGet(pipeline: ChainableCommander, postId: string): (reply: unknown) => PostRecord | null {
    pipeline.get(this.keys.logRecord(postId));
    return (reply) => (reply ? toRecord(reply as string) : null);
  }

  async facts(postIds: ReadonlyArray<string>): Promise<Array<PostFacts | undefined>> {
    if (!postIds.length) return [];
    const jsons = await this.redis.mget(...postIds.map((id) => this.keys.logRecord(id)));
    return jsons.map((json) => this.factsOfReply(json));
  }

  factsOfReply(reply: unknown): PostFacts | undefined {
    return reply ? readFacts(parseRecord(reply as string).h) : undefined;
  }

  async timeline(postId: string): Promise<StoredLogEntry[]> {
    const record = await this.redis.get(this.keys.logRecord(postId));
    if (!record) return [];
    const { tl } = parseRecord(record);
    // A record not written since the timeline moved into it keeps its ids in a list of their own.
    const ids = tl !== undefined ? tl.split(',') : await this.redis.lrange(this.keys.logTimeline(postId), 0, -1);
    if (!ids.length) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.xrange(this.keys.logStream, id, id);
    const replies = (await pipeline.exec()) ?? [];
    const raw: Array<[string, string[]]> = [];
    for (const [error, reply] of replies) {
      if (error) throw error;
      // An id whose entry retention has trimmed returns nothing: the timeline starts later.
      raw.push(...(reply as Array<[string, string[]]>));
    }
    return resolveStreamEntries(this.redis, this.keys, raw, new Map([[postId, record]]));
  }

  /** Stream entries as read by XRANGE / XREAD, whole (texts put back): export, the desk's live tail. */
  resolveStreamEntries(raw: Array<[string, string[]]>): Promise<StoredLogEntry[]> {
    return resolveStreamEntries(this.redis, this.keys, raw);
  }

  async query(filter: HistoryFilter): Promise<PostRecord[]> {
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    if (limit <= 0) return [];
    const min = filter.since ? Date.parse(filter.since) : ('-inf' as const);
    const maxExclusive = filter.until ? Date.parse(filter.until) : ('+inf' as const);
    const rev = (filter.order ?? 'desc') === 'desc';
    const wanted = wantedValues(filter);
    const driving = await this.drivingKeys(wanted, min, maxExclusive);
    const cursors = driving.map(
      // A short answer (`limit`) needs no long pages, however many indexes are walked.
      (key) =>
        new ScoreRangeCursor(this.redis, key, { min, maxExclusive, rev, pageSize: Math.min(this.pageSize, limit) }),
    );

    const out: PostRecord[] = [];
    // A record that changes while we page (a post being published right now) moves in the time
    // index and can be met twice: each post is listed once.
    const seen = new Set<string>();
    let batch: string[] = [];
    const flush = async (): Promise<void> => {
      const jsons = await this.redis.mget(...batch.map((id) => this.keys.logRecord(id)));
      batch = [];
      for (const json of jsons) {
        if (!json) continue;
        const record = toRecord(json);
        if (seen.has(record.postId)) continue;
        if (matches(record, wanted) && inRange(record, min, maxExclusive) && out.length < limit) {
          seen.add(record.postId);
          out.push(record);
        }
      }
    };
    const batchSize = Math.min(this.batchSize, limit);
    for await (const run of mergeCursorRuns(cursors, rev)) {
      for (const { member } of run) {
        batch.push(member);
        if (batch.length >= batchSize) {
          await flush();
          if (out.length >= limit) return out;
        }
      }
    }
    if (batch.length) await flush();
    return out;
  }

  /** The client this log writes through (export/import use it directly). */
  get redisClient(): RedisClient {
    return this.redis;
  }

  /** True when some post has (had) this value, e.g. a channel removed from the configuration. */
  async hasPostsOn(dimension: IndexDimension, value: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.logIndex(dimension, value))) === 1;
  }

  /** Number of entries in the log (the stream's length). */
  async size(): Promise<number> {
    return this.redis.xlen(this.keys.logStream);
  }

  /**
   * Removes entries older than `retentionDays` (XTRIM MINID: stream ids start with their write
   * time in ms). The current records stay. Returns how many entries went; 0 when retention is off.
   */
  async trim(now: Date = new Date()): Promise<number> {
    if (this.retentionDays === undefined) return 0;
    const cutoff = now.getTime() - this.retentionDays * DAY_MS;
    return this.redis.xtrim(this.keys.logStream, 'MINID', `${cutoff}-0`);
  }

  /**
   * The index keys to walk: of the filtered dimensions, the one with the fewest posts in the time
   * range (one ZCOUNT per value, O(log N) each); with no dimension filter, every state's index.
   */
  private async drivingKeys(wanted: Wanted, min: number | '-inf', maxExclusive: number | '+inf'): Promise<string[]> {
    // Platform, language and kind have no index (index-dimensions.ts): matches() applies them.
    const dims = [...wanted.entries()].filter((entry): entry is [IndexDimension, Set<string>] => isIndexed(entry[0]));
    // Every post is in exactly one state's index: together they index every post by time.
    if (!dims.length) return POST_STATES.map((state) => this.keys.logIndex('state', state));
    // One dimension filtered: nothing to choose, no round trip to count.
    if (dims.length === 1) return [...dims[0]![1]].map((v) => this.keys.logIndex(dims[0]![0], v));
    const max = maxExclusive === '+inf' ? '+inf' : `(${maxExclusive}`;
    const pipeline = this.redis.pipeline();
    for (const [dim, values] of dims) for (const v of values) pipeline.zcount(this.keys.logIndex(dim, v), min, max);
    const counts = ((await pipeline.exec()) ?? []).map(([error, n]) => {
      if (error) throw error;
      return Number(n);
    });
    let best = 0;
    let bestTotal = Number.POSITIVE_INFINITY;
    let offset = 0;
    dims.forEach(([, values], i) => {
      const total = counts.slice(offset, offset + values.size).reduce((a, b) => a + b, 0);
      offset += values.size;
      if (total < bestTotal) {
        bestTotal = total;
        best = i;
      }
    });
    const [dim, values] = dims[best]!;
    return [...values].map((v) => this.keys.logIndex(dim, v));
  }

  /** The script's arguments for a state-checked transition. */
  private checkArgs({ entry, from, options = {} }: TransitionStep): Array<string | number> {
    const allowed = from.map((s) => s ?? NO_RECORD).join(',');
    return this.writeArgs(entry, 'check', allowed, '*', options, from);
  }

  private writeArgs(
    entry: LogEntry,
    mode: 'check' | 'append',
    allowed: string,
    streamId: string,
    options: TransitionOptions = {},
    from: ReadonlyArray<PostState | null> = POST_STATES,
    restored: RestoredPost = {},
  ): Array<string | number> {
    // Only the entry's own fields are kept, so a caller may pass a record spread into a new entry.
    const clean = validate(canonicalEntry(entry));
    const k = this.keys;
    const indexKeys = INDEX_DIMENSIONS.map((dim) => k.logIndex(dim, String(clean[DIMENSION_FIELD[dim]])));
    // The indexes of the states the post may be leaving (KEYS only), so that the script may take it
    // out of its old one: with a state check, only the states it allows; else every other state.
    const stateKeys = POST_STATES.filter((s) => s !== clean.state && from.includes(s)).map((s) =>
      k.logIndex('state', s),
    );
    return [
      WRITE_FIXED_KEYS + stateKeys.length,
      k.logRecord(clean.postId),
      k.logStream,
      k.logTimeline(clean.postId),
      k.post(clean.postId),
      k.lease(clean.postId),
      k.logTexts(clean.postId),
      ...indexKeys,
      ...stateKeys,
      k.logIndexPrefix,
      mode,
      allowed,
      streamId,
      recordEntryJson(clean),
      Date.parse(clean.at),
      clean.postId,
      // When the post began, should this entry start its record (a new post: now).
      restored.createdAt ?? clean.at,
      ...INDEX_DIMENSIONS.map((dim) => String(clean[DIMENSION_FIELD[dim]])),
      POST_FIELDS.claimedAt,
      options.claimMark?.toISOString() ?? '',
      options.lease?.token ?? '',
      options.lease?.ttlMs ?? 0,
      POST_FIELDS.post,
      options.payload ? packPayload(options.payload, clean.text) : '',
      compactEntryJson(clean),
      clean.textHash,
      options.releaseLease ?? '',
      factsUpdateJson(clean, restored.facts),
    ];
  }

  private script(): ScriptHost[typeof WRITE_ENTRY_COMMAND] {
    const host = this.redis as unknown as ScriptHost;
    return host[WRITE_ENTRY_COMMAND].bind(host);
  }
}

type Wanted = Map<FilterDimension, Set<string>>;

/** The filtered dimensions and their accepted values (an empty list means no filter). */
function wantedValues(filter: HistoryFilter): Wanted {
  const lists: Record<FilterDimension, ReadonlyArray<string> | undefined> = {
    channel: filter.channel,
    platform: filter.platform,
    language: filter.language,
    news: filter.newsId,
    kind: filter.kind,
    state: filter.state,
  };
  const out: Wanted = new Map();
  for (const dim of FILTER_DIMENSIONS) {
    const values = lists[dim];
    if (values?.length) out.set(dim, new Set(values));
  }
  return out;
}

/** The record's own fields decide (the index only chose the candidates). */
function matches(record: PostRecord, wanted: Wanted): boolean {
  for (const [dim, values] of wanted) if (!values.has(String(record[DIMENSION_FIELD[dim]]))) return false;
  return true;
}

/** The record may have moved since the index was read (a concurrent transition): check its time. */
function inRange(record: PostRecord, min: number | '-inf', maxExclusive: number | '+inf'): boolean {
  const at = Date.parse(record.at);
  return (min === '-inf' || at >= min) && (maxExclusive === '+inf' || at < maxExclusive);
}
