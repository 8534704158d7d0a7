import type { Alert } from '../alerts/alert.ts';
import { scrubSecrets } from '../config/secrets.ts';
import { counted } from '../counted.ts';
import type { RedisClient } from '../redis/redis-client.ts';
import { FEED_FAILING_EFFECT, failedPolls } from './feed-state-text.ts';
import type { Rejection } from './rejection.ts';

/** When a failing feed raises an alert: whichever of the two comes first. */
export interface FeedAlertThresholds {
  /** Failed polls in a row. */
  failures: number;
  /** Time since the first failed poll of the run, in ms. */
  afterMs: number;
}

/**
 * Default: three failed polls in a row (one bad answer from a partner's server is routine and
 * rights itself) or one hour of failing (a feed polled hourly or less often would otherwise be
 * down for three hours or more before anyone hears of it).
 */
export const DEFAULT_FEED_ALERT: FeedAlertThresholds = { failures: 3, afterMs: 60 * 60_000 };

/** What a poll outcome did to the feed's run of failures. */
export type FeedHealthChange =
  | { kind: 'failing'; failures: number; sinceMs: number }
  | { kind: 'recovered'; failures: number; sinceMs: number }
  | undefined;

/**
 * A feed's current run of failed polls, kept in Redis (`keys.feed(id).health`) so that it counts
 * across worker instances (each tick is polled by whichever instance takes it) and across
 * restarts. The alert of a run is claimed with HSETNX, so exactly one instance sends it.
 */
export class FeedHealth {
  constructor(
    private readonly redis: RedisClient,
    private readonly key: (feedId: string) => string,
    private readonly thresholds: FeedAlertThresholds = DEFAULT_FEED_ALERT,
  ) {}

  /**
   * A poll of `feedId` failed at `nowMs` (with `error`, kept for people to read): `failing` when this
   * one crosses a threshold first.
   */
  async failed(feedId: string, nowMs: number, error?: string): Promise<FeedHealthChange> {
    const key = this.key(feedId);
    const replies = await this.redis
      .multi()
      .hincrby(key, 'failures', 1)
      .hsetnx(key, 'since', String(nowMs))
      .hget(key, 'since')
      // Scrubbed as every stored message is: it is shown on the desk.
      .hset(key, 'error', scrubSecrets(error ?? 'unknown').slice(0, FEED_ERROR_CHARS))
      .exec();
    const failures = Number(replies?.[0]?.[1]);
    const sinceMs = Number(replies?.[2]?.[1]);
    const due = failures >= this.thresholds.failures || nowMs - sinceMs >= this.thresholds.afterMs;
    if (!due || (await this.redis.hsetnx(key, 'alerted', '1')) !== 1) return undefined;
    return { kind: 'failing', failures, sinceMs };
  }

  /**
   * A poll of `feedId` read the feed at `nowMs`: the run ends (the time is kept, for people to see
   * the feed is read); `recovered` when the run had been alerted. `rejected`: the items this read
   * refused (none: the feed's items are all fine now); left out when the feed was not read again
   * (a 304), so the items refused at the last read stay told.
   */
  async succeeded(
    feedId: string,
    nowMs: number,
    rejected?: ReadonlyArray<Pick<Rejection, 'source' | 'message'>>,
  ): Promise<FeedHealthChange> {
    const key = this.key(feedId);
    const multi = this.redis
      .multi()
      .hgetall(key)
      .hdel(key, ...RUN_FIELDS)
      .hset(key, 'readAt', String(nowMs));
    if (rejected?.length) {
      const told = rejected.slice(0, REJECTIONS_KEPT).map(({ source, message }) => ({
        // Scrubbed and cut as every stored message is: it is shown on the desk.
        source: scrubSecrets(source).slice(0, FEED_ERROR_CHARS),
        message: scrubSecrets(message).slice(0, FEED_ERROR_CHARS),
      }));
      multi.hset(key, 'rejected', JSON.stringify({ atMs: nowMs, count: rejected.length, items: told }));
    } else if (rejected) multi.hdel(key, 'rejected');
    const replies = await multi.exec();
    const run = (replies?.[0]?.[1] ?? {}) as Record<string, string>;
    if (run.alerted !== '1') return undefined;
    return { kind: 'recovered', failures: Number(run.failures), sinceMs: Number(run.since) };
  }

  /** Each feed's state, in the order of `feedIds`, for people (the desk's Health page). */
  async states(feedIds: readonly string[]): Promise<FeedState[]> {
    const pipeline = this.redis.pipeline();
    for (const id of feedIds) pipeline.hgetall(this.key(id));
    const replies = (await pipeline.exec()) ?? [];
    return feedIds.map((feedId, i) => {
      const fields = (replies[i]?.[1] ?? {}) as Record<string, string>;
      const state: FeedState = { feedId };
      if (fields.readAt) state.readAtMs = Number(fields.readAt);
      if (fields.rejected) state.rejected = JSON.parse(fields.rejected) as FeedRejections;
      if (fields.failures)
        state.failing = {
          failures: Number(fields.failures),
          sinceMs: Number(fields.since),
          alerted: fields.alerted === '1',
          error: fields.error ?? 'unknown',
        };
      return state;
    });
  }
}

/** A feed as people need to see it: read lately, or failing since when and why. */
export interface FeedState {
  feedId: string;
  /** The last poll that read it (none since the run of failures began, or never). */
  readAtMs?: number;
  /** The current run of failed polls, if any. */
  failing?: { failures: number; sinceMs: number; alerted: boolean; error: string };
  /** The items the last read of the feed refused or could not plan, if any: not taken until fixed. */
  rejected?: FeedRejections;
}

/** The items one read of a feed refused: how many, and the first few, each with why. */
export interface FeedRejections {
  atMs: number;
  count: number;
  items: Array<{ source: string; message: string }>;
}

/** The fields of a run of failed polls, cleared when the feed is read again. */
const RUN_FIELDS = ['failures', 'since', 'error', 'alerted'] as const;
/** How many refused items a feed keeps for people to read (the count says how many there were). */
const REJECTIONS_KEPT = 5;

/** A poll's error kept for people: enough for "HTTP 404" or a parser's line, not a whole page. */
const FEED_ERROR_CHARS = 300;

/** The alert of a change, or undefined when there is nothing to say. */
export function feedHealthAlert(
  feedId: string,
  change: FeedHealthChange,
  nowMs: number,
  error?: string,
): Alert | undefined {
  if (!change) return undefined;
  const since = new Date(change.sinceMs).toISOString();
  const message =
    change.kind === 'failing'
      ? `feed ${feedId} cannot be read: ${failedPolls(change.failures, change.sinceMs, (iso) => iso)}; ${FEED_FAILING_EFFECT}. Last error: ${error ?? 'unknown'}`
      : `feed ${feedId} is read again after ${counted(change.failures, 'poll', 'polls')} failed since ${since} (${Math.round((nowMs - change.sinceMs) / 60_000)} min)`;
  return {
    kind: change.kind === 'failing' ? 'feed-failing' : 'feed-recovered',
    message,
    at: new Date(nowMs).toISOString(),
  };
}
