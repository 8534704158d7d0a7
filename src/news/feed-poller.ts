import { readFile, stat } from 'node:fs/promises';
import type { Config, FeedConfig } from '../config/config-schema.ts';
import { FetchError } from '../net/fetch-error.ts';
import { safeFetch } from '../net/safe-fetch.ts';
import { decodeUtf8 } from '../net/utf8.ts';
import { Utf8Error } from '../net/utf8-error.ts';
import type { RedisClient } from '../redis/redis-client.ts';
import type { RedisKeys } from '../redis/redis-keys.ts';
import { withLock } from '../redis/redis-lock.ts';
import { DAY_MS } from '../time-units.ts';
import { FeedFormatError } from './feed-format-error.ts';
import { datedBefore, type FeedCandidate, type ParsedFeed, parseFeed, publishedOf } from './feed-parser.ts';
import type { ItemIssue } from './item-issue.ts';
import type { NewsItem } from './news-item.ts';
import { NewsStore } from './news-store.ts';
import { type Rejection, rejectItem, rejectSource } from './rejection.ts';
import { checkCandidate } from './validate-item.ts';

/** Options of {@link FeedPoller}. */
export interface FeedPollerOptions {
  /** Fetch limits (`ingest.*`), default language and channel ids. */
  config: Config;
  /** Where taken items are recorded. Default: a NewsStore on the same Redis and prefix. */
  store?: NewsStore;
  /** How long a poll may hold the feed's lock before another instance may take over. Default 120 000 ms. */
  lockTtlMs?: number;
  /**
   * Polls of one feed closer together than this are skipped, across all instances: several workers
   * firing the same cron tick a few ms apart poll once, not once each. Default 0 (never skipped).
   */
  minIntervalMs?: number;
  /** Clock, for `published` of undated items. Default: the system clock. */
  now?: () => Date;
}

/** An item a poll found new or edited. */
export interface TakenItem {
  item: NewsItem;
  source: string;
  status: 'new' | 'updated';
  hash: string;
  previousHash?: string;
  /** What validation changed or chose without refusing (see LoadedItem.warnings). */
  warnings?: ItemIssue[];
}

/** The conditional-GET validators of a feed. */
export interface FeedValidators {
  etag?: string;
  lastModified?: string;
}

/** A feed item left out because it was older than the feed's `maxAgeDays` when first seen. */
export interface TooOldItem {
  /** Its guid/id, else its link; absent when it has neither (it could not have been taken anyway). */
  id?: string;
  source: string;
  /** The item's published time (ISO). */
  published: string;
}

export interface FeedPollResult {
  feedId: string;
  url: string;
  /**
   * `fetched`: the feed was read (items may still be empty); `not-modified`: the server answered 304;
   * `skipped`: another instance holds the feed's lock or polled it within minIntervalMs;
   * `failed`: the fetch or the feed itself was unusable (see `error` and `rejected`).
   */
  status: 'fetched' | 'not-modified' | 'skipped' | 'failed';
  /** From the feed's configuration: the items' posts must wait for a person's approval. */
  approval: boolean;
  /** New and edited items, in feed order. */
  items: TakenItem[];
  /** Items already taken with this content. */
  unchanged: number;
  rejected: Rejection[];
  /**
   * New items older than the feed's `maxAgeDays` (its back catalogue): neither validated, taken,
   * rejected nor remembered, so every poll that fetches the feed lists them again, quietly.
   */
  tooOld: TooOldItem[];
  error?: string;
  /** Kept by commit(), so the next poll can ask "changed since?". */
  validators?: FeedValidators;
}

/** Plans and queues the items of a poll; runs while the feed's lock is held. */
export type TakeItems = (result: FeedPollResult) => Promise<void>;

const DEFAULT_LOCK_TTL_MS = 120_000;

/**
 * Polls RSS/Atom feeds: conditional GET (ETag / Last-Modified kept in Redis), every item that is
 * new or edited (decided per item by id and content hash, so out-of-order items are taken too),
 * HTML turned into clean text, and one poll per feed at a time across all instances (a Redis lock).
 *
 * Nothing is remembered by poll() alone. Either pass `take`: it runs under the lock and, once it
 * has planned and queued the items, poll() remembers them and keeps the validators. Or call
 * commit(result) yourself after queuing. Until then a crash loses nothing: the next poll fetches
 * the feed in full and finds the same items still new, and queuing them again is a no-op (job id =
 * post id). Keeping the ETag before the items were queued would turn that crash into a lost item.
 */
export class FeedPoller {
  private readonly store: NewsStore;

  constructor(
    private readonly redis: RedisClient,
    private readonly redisKeys: RedisKeys,
    private readonly options: FeedPollerOptions,
  ) {
    this.store = options.store ?? new NewsStore(redis, redisKeys);
  }

  /** Redis keys of one feed. */
  keys(feedId: string): { lock: string; validators: string; interval: string } {
    return this.redisKeys.feed(feedId);
  }

  async poll(feed: FeedConfig, take?: TakeItems): Promise<FeedPollResult> {
    const keys = this.keys(feed.id);
    const minInterval = this.options.minIntervalMs ?? 0;
    if (minInterval > 0 && (await this.redis.set(keys.interval, '1', 'PX', minInterval, 'NX')) !== 'OK') {
      return { ...this.empty(feed, 'skipped'), error: `polled within the last ${minInterval} ms` };
    }
    const locked = await withLock(this.redis, keys.lock, this.options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS, async () => {
      const result = await this.fetchAndCheck(feed);
      if (take && result.status !== 'skipped') {
        await take(result);
        await this.commit(result);
      }
      return result;
    });
    return locked.ran
      ? locked.value
      : { ...this.empty(feed, 'skipped'), error: 'another instance is polling this feed' };
  }

  /** Remembers the items of a poll and keeps the feed's validators. Call after the items are queued. */
  async commit(result: FeedPollResult): Promise<void> {
    // Items first, validators last: a crash in between only means one more full fetch.
    await this.store.rememberMany(result.items.map((t) => t.item));
    const validators = result.validators;
    if (result.status === 'fetched' && validators) {
      const key = this.keys(result.feedId).validators;
      const fields: Record<string, string> = { url: result.url };
      if (validators.etag) fields.etag = validators.etag;
      if (validators.lastModified) fields.lastModified = validators.lastModified;
      await this.redis.multi().del(key).hset(key, fields).exec();
    }
  }

  private async fetchAndCheck(feed: FeedConfig): Promise<FeedPollResult> {
    const result = this.empty(feed, 'fetched');
    const fetched = await this.fetch(feed);
    if ('error' in fetched)
      return { ...result, status: 'failed', error: fetched.error, rejected: [rejectSource(feed.url, fetched.error)] };
    if (fetched.notModified) return { ...result, status: 'not-modified' };
    result.validators = fetched.validators;

    const { config } = this.options;
    let parsed: ParsedFeed;
    try {
      parsed = parseFeed(fetched.text, feed.url, {
        kind: feed.kind,
        defaultLanguage: config.project.defaultLanguage,
        maxItems: config.ingest.maxItemsPerSource,
        ...(feed.language ? { language: feed.language } : {}),
        ...(feed.channels ? { channels: feed.channels } : {}),
      });
    } catch (error) {
      // Whatever a hostile feed makes the parser do ends as this feed's failure, never the worker's.
      const message =
        error instanceof FeedFormatError
          ? error.message
          : `cannot be read: ${(error as Error).message}; expected an RSS 2.0 or Atom feed`;
      const line = error instanceof FeedFormatError ? error.line : undefined;
      return { ...result, status: 'failed', error: message, rejected: [rejectSource(feed.url, message, line)] };
    }
    for (const rejection of parsed.rejected) result.rejected.push(rejection);
    const candidates = await this.leaveOutTooOld(parsed.candidates, feed, result);

    // An undated item keeps the date it was first taken with: a fresh "now" on every poll would
    // change its hash and make it look edited each time.
    for (const candidate of candidates) {
      if (!candidate.undated) continue;
      const known = candidate.id ? await this.store.get(candidate.id) : undefined;
      (candidate.data as Record<string, unknown>).published = known?.published ?? this.now().toISOString();
    }

    const context = {
      knownChannels: new Set(config.channels.map((c) => c.id)),
      defaultZone: config.project.timezone,
      allowPrivateNetworks: config.ingest.allowPrivateNetworks,
    };
    const hosts = {
      allowPrivateNetworks: config.ingest.allowPrivateNetworks,
      timeoutMs: config.ingest.timeoutMs,
      cache: new Map(),
    };
    const valid: Array<{ item: NewsItem; source: string; warnings?: ItemIssue[] }> = [];
    const seen = new Map<string, string>();
    for (const candidate of candidates) {
      const validation = await checkCandidate(candidate, context, hosts);
      if (!validation.ok) {
        result.rejected.push(rejectItem(candidate.source, validation.issues, validation.id));
        continue;
      }
      const earlier = seen.get(validation.item.id);
      if (earlier !== undefined) {
        // A feed repeating a GUID: keep the first (the feed's newest version), say so about the rest.
        result.rejected.push(
          rejectItem(
            candidate.source,
            [
              {
                field: 'id',
                message:
                  `duplicate id "${validation.item.id}", also used by ${earlier}; expected every item to have its ` +
                  `own guid/id`,
              },
            ],
            validation.item.id,
          ),
        );
        continue;
      }
      seen.set(validation.item.id, candidate.source);
      valid.push({
        item: validation.item,
        source: candidate.source,
        ...(validation.warnings.length ? { warnings: validation.warnings } : {}),
      });
    }

    const checks = await this.store.checkMany(valid.map((v) => v.item));
    valid.forEach((entry, index) => {
      const check = checks[index]!;
      if (check.status === 'unchanged') {
        result.unchanged++;
        return;
      }
      result.items.push({
        ...entry,
        status: check.status,
        hash: check.hash,
        ...(check.previousHash ? { previousHash: check.previousHash } : {}),
      });
    });
    return result;
  }

  /**
   * The candidates left once the feed's back catalogue is set aside in `result.tooOld`: an item
   * dated (readably) before `maxAgeDays` ago and never taken. This runs before validation, so an
   * old item that is also invalid is not rejected — and warned about — on every full read of the
   * feed. Only a NEW item can be too old: the edit of an item taken when it was fresh must still
   * reach its posts (an announcement's reminder may be weeks after its published date).
   */
  private async leaveOutTooOld(
    candidates: readonly FeedCandidate[],
    feed: FeedConfig,
    result: FeedPollResult,
  ): Promise<FeedCandidate[]> {
    const oldest = this.now().getTime() - feed.maxAgeDays * DAY_MS;
    const old = candidates.filter((c) => datedBefore(c, oldest));
    const ids = old.flatMap((c) => (c.id ? [c.id] : []));
    const known = await this.store.knownMany(ids);
    const knownIds = new Set(ids.filter((_id, i) => known[i]));
    const tooOld = new Set(old.filter((c) => !(c.id && knownIds.has(c.id))));
    for (const candidate of tooOld) {
      result.tooOld.push({
        ...(candidate.id ? { id: candidate.id } : {}),
        source: candidate.source,
        published: new Date(publishedOf(candidate)!).toISOString(),
      });
    }
    return candidates.filter((c) => !tooOld.has(c));
  }

  /** The feed's text, or 304, or why not. A feed `url` that is not http(s) is a local file. */
  private async fetch(
    feed: FeedConfig,
  ): Promise<{ text: string; notModified: boolean; validators: FeedValidators } | { error: string }> {
    const { maxBytes, timeoutMs, allowPrivateNetworks } = this.options.config.ingest;
    if (!/^[a-z][a-z0-9+.-]+:/i.test(feed.url)) {
      try {
        const info = await stat(feed.url);
        if (info.size > maxBytes)
          return { error: `the file is ${info.size} bytes, over the size cap of ${maxBytes} bytes (ingest.maxBytes)` };
        return { text: decodeUtf8(await readFile(feed.url)), notModified: false, validators: {} };
      } catch (error) {
        if (error instanceof Utf8Error) return { error: error.message };
        return { error: `cannot read the feed file (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
      }
    }
    const stored = await this.redis.hgetall(this.keys(feed.id).validators);
    // Validators belong to a URL: after the configuration changes the feed's URL, fetch in full.
    const current = stored.url === feed.url ? stored : {};
    try {
      const response = await safeFetch(feed.url, {
        timeoutMs,
        maxBytes,
        allowPrivateNetworks,
        headers: {
          accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1',
        },
        ...(current.etag ? { etag: current.etag } : {}),
        ...(current.lastModified ? { lastModified: current.lastModified } : {}),
      });
      if (response.notModified) return { text: '', notModified: true, validators: {} };
      if (!response.ok)
        return { error: `the server answered HTTP ${response.status}; expected 200 with an RSS or Atom feed` };
      const validators: FeedValidators = {};
      if (response.etag) validators.etag = response.etag;
      if (response.lastModified) validators.lastModified = response.lastModified;
      return { text: decodeUtf8(response.body), notModified: false, validators };
    } catch (error) {
      if (error instanceof FetchError) return { error: error.reason };
      if (error instanceof Utf8Error) return { error: error.message };
      throw error;
    }
  }

  private empty(feed: FeedConfig, status: FeedPollResult['status']): FeedPollResult {
    return {
      feedId: feed.id,
      url: feed.url,
      status,
      approval: feed.approval,
      items: [],
      unchanged: 0,
      rejected: [],
      tooOld: [],
    };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
