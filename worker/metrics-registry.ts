import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Platform } from '../src/config/config-schema.ts';

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
}

/**
 * The worker's Prometheus metrics, on its own prom-client Registry (never the global one, so tests
 * and several workers in one process do not share counters). The queue layer calls the record
 * methods; queue depth is read at scrape time so it is never stale.
 */
export class MetricsRegistry {
  readonly registry = new Registry();
  private readonly publishes: Counter<'platform'>;
  private readonly failures: Counter<'platform' | 'reason'>;
  private readonly lateness: Histogram<'platform'>;
  private queueDepthSource: (() => Promise<QueueDepth[]>) | undefined;

  constructor(options: MetricsRegistryOptions = {}) {
    this.queueDepthSource = options.queueDepth;
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
    const source = (): (() => Promise<QueueDepth[]>) | undefined => this.queueDepthSource;
    new Gauge({
      name: METRIC_NAMES.queueDepth,
      help: 'Jobs in the publish queue, per platform and job state.',
      labelNames: ['platform', 'state'],
      registers,
      async collect() {
        const read = source();
        if (!read) return;
        // Reset first so a queue or state the source no longer reports disappears instead of
        // showing its last value forever (BullMQ's getJobCounts reports empty states as 0).
        this.reset();
        for (const { platform, state, count } of await read()) this.set({ platform, state }, count);
      },
    });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'secon_bot_' });
  }

  /** Where queue depth is read from at each scrape (set once the queues exist). */
  setQueueDepthSource(read: () => Promise<QueueDepth[]>): void {
    this.queueDepthSource = read;
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

  /** The Prometheus text exposition. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  /** The Content-Type of {@link metrics}. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
