import { newsKey } from '../posts/post.ts';
import type { ChannelEvent } from '../publishing/channel-state.ts';
import type { LogId, StoredLogEntry } from './log-entry.ts';
import type { RedisPublishingLog } from './redis-publishing-log.ts';
import { parseStreamFields, resolveStreamEntries } from './stream-entries.ts';

/** Entries per page when no limit is given. */
export const ACTIVITY_PAGE_SIZE = 50;
/** With a filter (by, news, channel): at most this many entries looked at for one page. */
export const ACTIVITY_SCAN_LIMIT = 10_000;
/** Entries read per XREVRANGE while a filter looks for its page. */
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
  /**
   * Only changes to the posts of these news items (their ids, or the key their post ids begin
   * with); a channel's pause is no news item's. Default: every post.
   */
  news?: readonly string[];
  /** Only changes to posts on these channels, and their pauses and resumes. Default: every channel. */
  channel?: readonly string[];
  /** Entries per page. Default {@link ACTIVITY_PAGE_SIZE}. */
  limit?: number;
  /**
   * With `by`, `news` or `channel`: at most this many entries looked at for one page, so a name
   * that made no change in a year costs a bounded read of a long log, not the whole stream.
   * Default {@link ACTIVITY_SCAN_LIMIT}.
   */
  scanLimit?: number;
  /**
   * The channels' pauses and resumes (ChannelState.history): each page holds those that match and
   * fall in the span of time its log entries cover, so that paging shows each once. Default: none.
   */
  channelEvents?: readonly ChannelEvent[];
}

/** One page of {@link readActivity}. */
export interface ActivityPage {
  /** The changes to posts, newest first. */
  entries: StoredLogEntry[];
  /** The pauses and resumes of channels in this page's span of time that match, newest first. */
  channelEvents: ChannelEvent[];
  /** Where the next page starts (pass it as `before`); absent when the log holds nothing older. */
  next?: LogId;
  /**
   * Set when a filtered page stopped at the scan limit with older entries left: entries from this
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

/** What a page keeps: a change to a post by its actor and post id, a channel's by its own. */
interface ChangeFilter {
  entry(actor: string | undefined, postId: string): boolean;
  event(event: ChannelEvent): boolean;
}

/**
 * The filter of `by`, `news` and `channel`, or none when none is given. A post id begins with its
 * news item's key and its channel (postIdFor), so an entry is matched without reading its record.
 */
function changeFilter(options: ActivityOptions): ChangeFilter | undefined {
  const by = options.by?.length ? options.by : undefined;
  const news = options.news?.length ? new Set(options.news.flatMap((id) => [id, newsKey(id)])) : undefined;
  const channels = options.channel?.length ? new Set(options.channel) : undefined;
  if (!by && !news && !channels) return undefined;
  return {
    entry: (actor, postId) => {
      const [key = '', channel = ''] = postId.split('.');
      return (!by || actorMatches(actor, by)) && (!news || news.has(key)) && (!channels || channels.has(channel));
    },
    event: (e) => !news && (!by || actorMatches(e.by, by)) && (!channels || channels.has(e.channel)),
  };
}

/** A stream id bound for an instant (ids begin with their write time in milliseconds). */
function idAt(iso: string): string {
  return `${Date.parse(iso)}-0`;
}

/** The write time of a stream id, in milliseconds. */
function idTime(id: LogId): number {
  return Number(id.split('-')[0]);
}

/**
 * The channel events of one page: those the filter keeps that fall from `from` (inclusive, ms) up
 * to `to` (exclusive). A page's `to` is the `from` of the page before it, so no event shows twice.
 */
function eventsWithin(
  events: readonly ChannelEvent[],
  filter: ChangeFilter | undefined,
  from: number,
  to: number,
): ChannelEvent[] {
  return events
    .filter((e) => {
      const at = Date.parse(e.at);
      return at >= from && at < to && (!filter || filter.event(e));
    })
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/**
 * How many of a page's entries (their ids, newest first) fit in `limit` changes together with the
 * events among them (newest first): at least one, so that every page moves on.
 */
function entriesThatFit(ids: readonly LogId[], events: readonly ChannelEvent[], limit: number): number {
  let newer = 0;
  for (let i = 0; i < ids.length; i++) {
    while (newer < events.length && Date.parse(events[newer]!.at) >= idTime(ids[i]!)) newer++;
    // Entry i comes after i entries and `newer` events.
    if (i + 1 + newer > limit) return Math.max(1, i);
  }
  return ids.length;
}

/** One change on an activity page: to a post (its log entry) or to a channel (a pause or resume). */
export type ActivityChange = { entry: StoredLogEntry } | { channelEvent: ChannelEvent };

/**
 * A page's changes to posts and to channels in one list, newest first: the entries in the log's
 * order, each event before the entries written before it (the order pages are cut in).
 */
export function activityChanges(page: Pick<ActivityPage, 'entries' | 'channelEvents'>): ActivityChange[] {
  const changes: ActivityChange[] = [];
  let next = 0;
  const events = page.channelEvents;
  for (const entry of page.entries) {
    const written = idTime(entry.logId);
    while (next < events.length && Date.parse(events[next]!.at) >= written)
      changes.push({ channelEvent: events[next++]! });
    changes.push({ entry });
  }
  for (; next < events.length; next++) changes.push({ channelEvent: events[next]! });
  return changes;
}

/**
 * The log's changes, newest first, one page at a time: every approval, edit, reschedule, cancel,
 * publish and failure, with who made it, and the pauses and resumes of channels given in
 * `channelEvents`. Reads the log's stream backwards from `before` (or `until`), so a page costs the
 * same at any depth; with a filter, it looks at no more than `scanLimit` entries and says how far back it got.
 */
export async function readActivity(log: RedisPublishingLog, options: ActivityOptions = {}): Promise<ActivityPage> {
  const { redisClient: redis, keys } = log;
  const limit = options.limit ?? ACTIVITY_PAGE_SIZE;
  const scanLimit = options.scanLimit ?? ACTIVITY_SCAN_LIMIT;
  const filter = changeFilter(options);
  const start = options.since ? idAt(options.since) : '-';
  let end = options.before ? `(${options.before}` : options.until ? `(${idAt(options.until)}` : '+';
  const taken: Array<[string, string[]]> = [];
  let scanned = 0;
  // The page's span of time, for the channel events: from where the next page starts (or `since`)
  // up to where this one starts (`before`, or `until`).
  const to = options.before
    ? idTime(options.before)
    : options.until
      ? Date.parse(options.until)
      : Number.POSITIVE_INFINITY;
  const eventsFrom = (next: LogId | undefined) =>
    eventsWithin(
      options.channelEvents ?? [],
      filter,
      next ? idTime(next) : options.since ? Date.parse(options.since) : Number.NEGATIVE_INFINITY,
      to,
    );
  const page = async (extra: Omit<ActivityPage, 'entries' | 'channelEvents'> = {}): Promise<ActivityPage> => {
    // The pauses and resumes count towards the page's limit: it ends earlier, at a change to a post,
    // and goes on from there (the events older than that change are the next page's).
    const fit = entriesThatFit(
      taken.map(([id]) => id),
      eventsFrom(extra.next),
      limit,
    );
    const cut = fit < taken.length ? { next: taken[fit - 1]![0] } : extra;
    taken.length = fit;
    return {
      entries: await resolveStreamEntries(redis, keys, taken),
      channelEvents: eventsFrom(cut.next),
      ...cut,
    };
  };
  for (;;) {
    // Unfiltered, one more than the page holds tells whether there is a next page.
    const want = filter ? Math.max(1, Math.min(SCAN_BATCH, scanLimit - scanned)) : limit - taken.length + 1;
    const raw = (await redis.xrevrange(keys.logStream, end, start, 'COUNT', want)) as Array<[string, string[]]>;
    for (const entry of raw) {
      scanned++;
      if (filter) {
        const { actor, postId } = parseStreamFields(entry[0], entry[1]);
        if (!filter.entry(actor, postId)) continue;
      }
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
    return page(older ? { next: last, lookedBackTo: new Date(idTime(last)).toISOString() } : {});
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
  /** Which changes: `by`, `since`, `until` and `channelEvents` count; a page's `limit` and `before` do not. */
  options: ActivityOptions,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<ActivityChange[]> {
  const { limit: _limit, before: _from, scanLimit: _scanLimit, ...matching } = options;
  let before: LogId | undefined;
  do {
    const page = await readActivity(log, {
      ...matching,
      limit: pageSize,
      scanLimit: Number.POSITIVE_INFINITY,
      ...(before ? { before } : {}),
    });
    if (page.entries.length || page.channelEvents.length) yield activityChanges(page);
    before = page.next;
  } while (before);
}
