import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Platform } from '../src/config/config-schema.ts';
import { withTimeout } from '../src/net/with-timeout.ts';
import { DEFAULT_CHECK_TIMEOUT_MS } from './health-status.ts';

/** The names the worker's /metrics endpoint exposes (dashboards and alert rules depend on them). */
export const METRIC_NAMES = {
  /** Gauge, labels `platform`, `state` (waiting | delayed | active | paused …): jobs in the publish queue. */
  queueDepth: 'secon_bot_queue_depth',
  /** Counter, label `platform`: posts published. */
  publishes: 'secon_bot_publishes_total',
  /** Counter, labels `platform`, `reason` (transient | rate-limited | auth | rejected | duplicate | missed | unconfirmed …). */
  failures: 'secon_bot_publish_failures_total',
  /** Histogram, label `platform`: seconds between the planned and the actual publish time. */
  lateness: 'secon_bot_publish_lateness_seconds',
  /** Gauge: 1 when Redis answered at this scrape, 0 when it did not within the budget (Redis-read series are then left out). */
  redisUp: 'secon_bot_redis_up',
  /**
   * Gauge, label `feed`: unix seconds of this instance's last poll that read the feed (200 or 304).
   * Per instance: with several workers, take the max over instances.
   */
  feedLastSuccess: 'secon_bot_feed_last_success_timestamp_seconds',
  /** Counter, label `feed`: polls that could not read the feed (fetch failed, not a feed, truncated …). */
  feedPollFailures: 'secon_bot_feed_poll_failures_total',
  /** Counter, label `feed`: items of a feed that was read but which were rejected (not taken). */
  feedItemsRejected: 'secon_bot_feed_items_rejected_total',
} as const;

/** Lateness buckets in seconds: sub-second scheduling jitter up to the default 6 h grace. */
export const LATENESS_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3_600, 21_600];

/** One reading of a queue's job counts. */
export interface QueueDepth {
  platform: Platform;
  /** BullMQ job state, e.g. `waiting`, `delayed`, `active`. */
  state: string;
  count: number;
}

/** Options of {@link MetricsRegistry}. */
export interface MetricsRegistryOptions {
  /** Also expose the process metrics (memory, CPU, event-loop lag) with prefix `secon_bot_`. Default: true. */
  processMetrics?: boolean;
  /** Read at every scrape for the queue-depth gauge (the queue layer provides it). Default: none. */
  queueDepth?: () => Promise<QueueDepth[]>;
  /** Resolves when Redis answers (e.g. a PING), read at every scrape for the redis-up gauge. Default: none (no gauge value). */
  redisPing?: () => Promise<unknown>;
  /**
   * How long a scrape waits for Redis (ping and queue depth) before it answers without those
   * series. Default {@link DEFAULT_CHECK_TIMEOUT_MS}, the budget of a /healthz check.
   */
  redisTimeoutMs?: number;
}

/**
 * The worker's Prometheus metrics, on its own prom-client Registry (never the global one, so tests
 * and several workers in one process do not share counters). The queue layer calls the record
 * methods; queue depth is read at scrape time so it is never stale.
 *
 * A scrape never waits on Redis longer than `redisTimeoutMs`: with Redis down the client queues
 * commands forever, and a /metrics that never answers hides the outage exactly when it matters.
 * Then `secon_bot_redis_up` is 0 and the queue depth is left out (not 0, which would be a lie);
 * everything the process knows by itself is still reported.
 */
export class MetricsRegistry {
  readonly registry = new Registry();
  private readonly publishes: Counter<'platform'>;
  private readonly failures: Counter<'platform' | 'reason'>;
  private readonly lateness: Histogram<'platform'>;
  private readonly feedLastSuccess: Gauge<'feed'>;
  private readonly feedPollFailures: Counter<'feed'>;
  private readonly feedItemsRejected: Counter<'feed'>;
  private readonly queueDepth: Gauge<'platform' | 'state'>;
  private readonly redisUp: Gauge;
  private queueDepthSource: (() => Promise<QueueDepth[]>) | undefined;
  private redisPing: (() => Promise<unknown>) | undefined;
  private readonly redisTimeoutMs: number;

  constructor(options: MetricsRegistryOptions = {}) {
    this.queueDepthSource = options.queueDepth;
    this.redisPing = options.redisPing;
    this.redisTimeoutMs = options.redisTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    const registers = [this.registry];
    this.publishes = new Counter({
      name: METRIC_NAMES.publishes,
      help: 'Posts published, per platform.',
      labelNames: ['platform'],
      registers,
    });
    this.failures = new Counter({
      name: METRIC_NAMES.failures,
      help: 'Publish attempts that did not publish, per platform and reason.',
      labelNames: ['platform', 'reason'],
      registers,
    });
    this.lateness = new Histogram({
      name: METRIC_NAMES.lateness,
      help: 'Seconds between the planned and the actual publish time, per platform.',
      labelNames: ['platform'],
      buckets: LATENESS_BUCKETS,
      registers,
    });
    this.feedLastSuccess = new Gauge({
      name: METRIC_NAMES.feedLastSuccess,
      help: "Unix time (s) of this instance's last poll that read the feed, per feed.",
      labelNames: ['feed'],
      registers,
    });
    this.feedPollFailures = new Counter({
      name: METRIC_NAMES.feedPollFailures,
      help: 'Feed polls that could not read the feed, per feed.',
      labelNames: ['feed'],
      registers,
    });
    this.feedItemsRejected = new Counter({
      name: METRIC_NAMES.feedItemsRejected,
      help: 'Items of a feed that were rejected (not taken), per feed.',
      labelNames: ['feed'],
      registers,
    });
    // Both are set by readRedis() before each exposition, not in a collect() callback: prom-client
    // awaits collect() without a deadline.
    this.queueDepth = new Gauge({
      name: METRIC_NAMES.queueDepth,
      help: 'Jobs in the publish queue, per platform and job state.',
      labelNames: ['platform', 'state'],
      registers,
    });
    this.redisUp = new Gauge({
      name: METRIC_NAMES.redisUp,
      help: 'Whether Redis answered at this scrape (1) or not within the scrape budget (0).',
      // Registered once there is a Redis to ask (readRedis): a label-less gauge shows 0 from the
      // start, which would say "Redis down" for a registry that has none.
      registers: [],
    });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'secon_bot_' });
  }

  /** Where queue depth is read from at each scrape (set once the queues exist). */
  setQueueDepthSource(read: () => Promise<QueueDepth[]>): void {
    this.queueDepthSource = read;
  }

  /** How Redis is pinged at each scrape for the redis-up gauge. */
  setRedisPing(ping: () => Promise<unknown>): void {
    this.redisPing = ping;
  }

  /** A post went out `latenessSeconds` after its planned time (negative values count as 0). */
  recordPublish(platform: Platform, latenessSeconds: number): void {
    this.publishes.inc({ platform });
    this.lateness.observe({ platform }, Math.max(0, latenessSeconds));
  }

  /** An attempt did not publish, for `reason` (the platform error kind, or missed / unconfirmed). */
  recordFailure(platform: Platform, reason: string): void {
    this.failures.inc({ platform, reason });
  }

  /**
   * A poll of `feed` read it (`ok`, at `atMs`, with `rejected` items left out) or could not. A
   * poll another instance took (skipped) is not recorded.
   */
  recordFeedPoll(feed: string, outcome: { ok: true; atMs: number; rejected: number } | { ok: false }): void {
    // Created at 0 on the first poll, so a rate() sees the first failure as an increase.
    this.feedPollFailures.inc({ feed }, outcome.ok ? 0 : 1);
    if (!outcome.ok) return;
    this.feedLastSuccess.set({ feed }, outcome.atMs / 1000);
    this.feedItemsRejected.inc({ feed }, outcome.rejected);
  }

  /** The Prometheus text exposition; waits on Redis at most `redisTimeoutMs`. */
  async metrics(): Promise<string> {
    await this.readRedis();
    return this.registry.metrics();
  }

  /** Sets the redis-up gauge and the queue depth from one bounded round of Redis reads. */
  private async readRedis(): Promise<void> {
    const ping = this.redisPing;
    const read = this.queueDepthSource;
    const [answered, depths] = await Promise.all([
      ping ? settled(withTimeout(ping(), this.redisTimeoutMs)) : undefined,
      read ? settled(withTimeout(read(), this.redisTimeoutMs)) : undefined,
    ]);
    if (ping || read) {
      if (!this.registry.getSingleMetric(METRIC_NAMES.redisUp)) this.registry.registerMetric(this.redisUp);
      this.redisUp.set(answered?.ok !== false && depths?.ok !== false ? 1 : 0);
    }
    // Reset so a queue or state no longer reported disappears instead of showing its last value
    // forever, and so nothing stale is shown while Redis does not answer.
    this.queueDepth.reset();
    if (depths?.ok)
      for (const { platform, state, count } of depths.value) this.queueDepth.set({ platform, state }, count);
  }

  /** The Content-Type of {@link metrics}. */
  get contentType(): string {
    return this.registry.contentType;
  }
}

/** A promise's outcome as a value (a rejection is `{ ok: false }`). */
async function settled<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await promise };
  } catch {
    return { ok: false };
  }
}
