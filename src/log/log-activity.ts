import type { LogId, StoredLogEntry } from './log-entry.ts';
import type { RedisPublishingLog } from './redis-publishing-log.ts';
import { parseStreamFields, resolveStreamEntries } from './stream-entries.ts';

/** Entries per page when no limit is given. */
export const ACTIVITY_PAGE_SIZE = 50;
/** With a `by` filter: at most this many entries looked at for one page. */
export const ACTIVITY_SCAN_LIMIT = 10_000;
/** Entries read per XREVRANGE while a `by` filter looks for its page. */
const SCAN_BATCH = 500;

/** Options of {@link readActivity}. */
export interface ActivityOptions {
  /** Only entries older than this log id: the `next` of the page before. Default: from the newest. */
  before?: LogId;
  /** Only entries at or after this ISO instant. Default: from the oldest kept. */
  since?: string;
  /** Only entries before this ISO instant. Default: up to now. */
  until?: string;
  /** Only changes made by these ({@link actorMatches}). Default: by anyone. */
  by?: readonly string[];
  /** Entries per page. Default {@link ACTIVITY_PAGE_SIZE}. */
  limit?: number;
  /**
   * With `by`: at most this many entries looked at for one page, so a name that made no change in a
   * year costs a bounded read of a long log, not the whole stream. Default {@link ACTIVITY_SCAN_LIMIT}.
   */
  scanLimit?: number;
}

/** One page of {@link readActivity}. */
export interface ActivityPage {
  /** The changes, newest first. */
  entries: StoredLogEntry[];
  /** Where the next page starts (pass it as `before`); absent when the log holds nothing older. */
  next?: LogId;
  /**
   * Set when a `by` page stopped at the scan limit with older entries left: entries from this
   * instant (ISO) on were looked at, older ones not yet; `next` goes on from there.
   */
  lookedBackTo?: string;
}

/**
 * Whether a change's actor is one of `by`: the whole actor (`web:maria`, `feed:haskovo-news`), its
 * kind (`web`, `cli`, `worker`, `feed`: everything done that way), or a person's name (`maria`: what
 * she did on the desk and, as `cli:maria`, in the terminal).
 */
export function actorMatches(actor: string | undefined, by: readonly string[]): boolean {
  if (!actor) return false;
  // Names are compared without case: "Maria" finds what maria did.
  const whole = actor.toLowerCase();
  const colon = whole.indexOf(':');
  const kind = colon < 0 ? whole : whole.slice(0, colon);
  const name = colon < 0 ? '' : whole.slice(colon + 1);
  return by.some((given) => {
    const who = given.toLowerCase();
    return who === whole || who === kind || (kind !== 'worker' && who === name);
  });
}

/** A stream id bound for an instant (ids begin with their write time in milliseconds). */
function idAt(iso: string): string {
  return `${Date.parse(iso)}-0`;
}

/**
 * The log's changes, newest first, one page at a time: every approval, edit, reschedule, cancel,
 * publish and failure, with who made it. Reads the log's stream backwards from `before` (or
 * `until`), so a page costs the same at any depth; with `by`, it looks at no more than `scanLimit`
 * entries and says how far back it got.
 */
export async function readActivity(log: RedisPublishingLog, options: ActivityOptions = {}): Promise<ActivityPage> {
  const { redisClient: redis, keys } = log;
  const limit = options.limit ?? ACTIVITY_PAGE_SIZE;
  const scanLimit = options.scanLimit ?? ACTIVITY_SCAN_LIMIT;
  const by = options.by?.length ? options.by : undefined;
  const start = options.since ? idAt(options.since) : '-';
  let end = options.before ? `(${options.before}` : options.until ? `(${idAt(options.until)}` : '+';
  const taken: Array<[string, string[]]> = [];
  let scanned = 0;
  const page = async (extra: Omit<ActivityPage, 'entries'> = {}): Promise<ActivityPage> => ({
    entries: await resolveStreamEntries(redis, keys, taken),
    ...extra,
  });
  for (;;) {
    // Unfiltered, one more than the page holds tells whether there is a next page.
    const want = by ? Math.max(1, Math.min(SCAN_BATCH, scanLimit - scanned)) : limit - taken.length + 1;
    const raw = (await redis.xrevrange(keys.logStream, end, start, 'COUNT', want)) as Array<[string, string[]]>;
    for (const entry of raw) {
      scanned++;
      if (by && !actorMatches(parseStreamFields(entry[0], entry[1]).actor, by)) continue;
      // One match more than the page holds: the next page starts after this page's last.
      if (taken.length === limit) return page({ next: taken.at(-1)![0] });
      taken.push(entry);
    }
    if (raw.length < want) return page();
    const last = raw.at(-1)![0];
    end = `(${last}`;
    if (scanned < scanLimit) continue;
    // The scan limit: a next page only when something older is there (else "older" would open an
    // empty page), and the page says how far back it looked.
    const older = (await redis.xrevrange(keys.logStream, end, start, 'COUNT', 1)).length > 0;
    return page(older ? { next: last, lookedBackTo: new Date(Number(last.split('-')[0])).toISOString() } : {});
  }
}

/** Entries per read when every matching change is wanted (exports). */
const EXPORT_PAGE_SIZE = 1000;

/**
 * Every change that matches, newest first, a page at a time (for CSV and NDJSON): no scan limit,
 * since an export is asked to be whole; memory stays at one page however long the log.
 */
export async function* activityPages(
  log: RedisPublishingLog,
  /** Which changes: `by`, `since` and `until` count; a page's `limit` and `before` do not. */
  options: ActivityOptions,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<StoredLogEntry[]> {
  const { limit: _limit, before: _from, scanLimit: _scanLimit, ...matching } = options;
  let before: LogId | undefined;
  do {
    const page = await readActivity(log, {
      ...matching,
      limit: pageSize,
      scanLimit: Number.POSITIVE_INFINITY,
      ...(before ? { before } : {}),
    });
    if (page.entries.length) yield page.entries;
    before = page.next;
  } while (before);
}
