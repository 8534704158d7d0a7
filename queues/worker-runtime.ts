import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import cron, { type ScheduledTask } from 'node-cron';
import { PLATFORMS, type Config, type FeedConfig } from '../src/config/config-schema.ts';
import { HealthServer } from '../src/health/health-server.ts';
import { redisPingCheck, runHealthChecks } from '../src/health/health-status.ts';
import { MetricsRegistry, type QueueDepth } from '../src/health/metrics-registry.ts';
import { createLogger, type Logger } from '../src/logger.ts';
import { FeedPoller } from '../src/news/feed-poller.ts';
import type { AppServicesOptions } from '../src/publishing/app-services.ts';
import { claimTick } from '../src/redis/redis-lock.ts';
import { connectRedis } from '../src/redis/connect-redis.ts';
import { createApp, type App } from './app.ts';
import { startPublishWorkers, type PublishWorkerOptions } from './publish-workers.ts';

/** Options of {@link WorkerRuntime.start}. */
export interface WorkerRuntimeOptions {
  config: Config;
  /** Redis to use. The runtime opens (and later closes) its own connection. */
  redisUrl: string;
  /** Credentials. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** One JSON line per publish and per periodic task. Default: JSON lines on stdout. */
  logger?: Logger;
  /** Port of /healthz and /metrics; 0 picks a free one, null serves none. Default: config.worker.port. */
  port?: number | null;
  /** BullMQ worker settings (lock, stalled checks, platforms). */
  workers?: PublishWorkerOptions;
  /** Cron of the sweep for stuck and overdue posts. Default every minute. */
  sweepSchedule?: string;
  /** Cron of the credentials check. Default daily at 07:00 in the project's zone. */
  credentialsSchedule?: string;
  /** Poll the configured feeds on their schedules. Default true. */
  pollFeeds?: boolean;
  /** How long shutdown waits for publishes in flight before handing them back. Default 30 s. */
  shutdownTimeoutMs?: number;
  /** Extra wiring for the app (adapters, alert port, test hooks, lease length). */
  app?: Omit<AppServicesOptions, 'config' | 'redis' | 'queue' | 'env' | 'logger'>;
  /** One poll of a feed. Default: FeedPoller.poll, its new and edited items planned and queued. */
  pollFeed?: (app: App, feed: FeedConfig) => Promise<unknown>;
}

export const DEFAULT_SWEEP_SCHEDULE = '* * * * *';
export const DEFAULT_CREDENTIALS_SCHEDULE = '0 7 * * *';
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;
/** A periodic task's tick lock outlives the tick so that other instances skip it. */
const TICK_LOCK_MS = 55_000;

/**
 * The `worker` process: three publish workers (one per platform), the periodic tasks (feed polls,
 * the sweep, the credentials check; each once per tick across instances), graceful shutdown.
 */
export class WorkerRuntime {
  private readonly tasks: ScheduledTask[] = [];
  private stopping: Promise<void> | undefined;
  private health: HealthServer | undefined;
  /** Port /healthz and /metrics listen on (undefined when none is served). */
  port: number | undefined;

  private constructor(
    readonly app: App,
    readonly workers: Worker[],
    private readonly redis: Redis,
    readonly logger: Logger,
    private readonly options: WorkerRuntimeOptions,
    readonly metrics: MetricsRegistry,
  ) {}

  static async start(options: WorkerRuntimeOptions): Promise<WorkerRuntime> {
    const logger = options.logger ?? createLogger({ destination: process.stdout, pretty: false });
    const redis = await connectRedis(options.redisUrl);
    redis.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis connection error (reconnecting)'));
    const metrics = new MetricsRegistry();
    const app = createApp({ ...options.app, publisher: { metrics, ...options.app?.publisher }, config: options.config, redis, env: options.env, logger });
    metrics.setQueueDepthSource(() => queueDepth(app));
    const workers = startPublishWorkers(options.config, redis, app.queue, app.publisher, logger, options.workers);
    const runtime = new WorkerRuntime(app, workers, redis, logger, options, metrics);
    runtime.schedulePeriodicTasks();
    await Promise.all(workers.map((w) => w.waitUntilReady()));
    const port = options.port === undefined ? options.config.worker.port : options.port;
    if (port !== null) await runtime.serveHealth(port);
    logger.info({ platforms: workers.map((w) => w.name), pid: process.pid, port: runtime.port }, 'worker started');
    return runtime;
  }

  /** True while every publish worker is running (for /healthz). */
  get running(): boolean {
    return !this.stopping && this.workers.every((w) => w.isRunning());
  }

  private async serveHealth(port: number): Promise<void> {
    this.health = new HealthServer({
      port,
      checks: () => runHealthChecks({
        redis: redisPingCheck(this.redis),
        workers: async () => {
          if (!this.running) throw new Error('publish workers are not running');
        },
      }),
      metrics: () => this.metrics.metrics(),
      metricsContentType: this.metrics.contentType,
    });
    this.port = await this.health.start();
  }

  /** Runs one sweep now (also what the cron task runs). */
  async sweep() {
    const report = await this.app.sweeper.sweep();
    if (report.requeued.length) this.logger.warn({ requeued: report.requeued }, `sweep queued ${report.requeued.length} stuck post(s) again`);
    return report;
  }

  /** Checks every enabled channel's credentials; a failure is an alert. */
  async checkCredentials(): Promise<Array<{ channel: string; ok: boolean; message?: string }>> {
    const out = [];
    for (const channel of this.app.config.channels.filter((c) => c.enabled)) {
      let result: { ok: boolean; message?: string };
      try {
        result = await this.app.adapterFor(channel.id).checkCredentials();
      } catch (error) {
        result = { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
      if (!result.ok) {
        await this.app.alerts.send({ kind: 'credentials-failed', channel: channel.id, message: `credentials of ${channel.id} do not work: ${result.message ?? 'refused'}`, at: new Date().toISOString() });
      }
      out.push({ channel: channel.id, ok: result.ok, ...(result.message ? { message: result.message } : {}) });
    }
    return out;
  }

  private schedulePeriodicTasks(): void {
    const { config } = this.options;
    const zone = config.project.timezone;
    this.every('sweep', this.options.sweepSchedule ?? DEFAULT_SWEEP_SCHEDULE, () => this.sweep());
    this.every('credentials', this.options.credentialsSchedule ?? DEFAULT_CREDENTIALS_SCHEDULE, () => this.checkCredentials(), zone);
    const poller = new FeedPoller(this.redis, config.redis.keyPrefix, { config });
    const poll = this.options.pollFeed ?? ((app: App, feed: FeedConfig) => pollAndSchedule(app, poller, feed, this.logger));
    if (this.options.pollFeeds !== false) {
      for (const feed of config.feeds) this.every(`feed:${feed.id}`, feed.schedule, () => poll(this.app, feed), zone);
    }
  }

  /** A cron task that runs once per tick across all worker processes (Redis tick lock). */
  private every(name: string, expression: string, fn: () => Promise<unknown>, timezone?: string): void {
    const key = `${this.options.config.redis.keyPrefix}:cron:${name}`;
    const task = cron.schedule(
      expression,
      async (ctx) => {
        try {
          if (!(await claimTick(this.redis, key, ctx.date.toISOString(), TICK_LOCK_MS))) return;
          await fn();
        } catch (error) {
          this.logger.error({ err: error, task: name }, `periodic task ${name} failed`);
        }
      },
      { name: `${this.options.config.redis.keyPrefix}:${name}`, noOverlap: true, ...(timezone ? { timezone } : {}) },
    );
    this.tasks.push(task);
  }

  /**
   * Graceful shutdown: stop the periodic tasks and stop taking jobs; let publishes in flight finish
   * up to the timeout, then close anyway — an unfinished job's lock lapses, another worker takes it
   * up as stalled and reconciles before publishing, so nothing is lost or posted twice.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const task of this.tasks) await task.destroy();
      await this.health?.stop();
      const timeout = this.options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
      const graceful = Promise.all(this.workers.map((w) => w.close())).then(() => true);
      const finished = await Promise.race([graceful, new Promise<false>((r) => setTimeout(() => r(false), timeout).unref())]);
      if (!finished) {
        this.logger.warn({ timeoutMs: timeout }, 'publishes still in flight at the shutdown timeout; handing them back');
        await Promise.all(this.workers.map((w) => w.close(true)));
      }
      await this.app.close();
      this.redis.disconnect();
      this.logger.info('worker stopped');
    })();
    return this.stopping;
  }
}

/** Job counts per platform and state, read at each /metrics scrape. */
async function queueDepth(app: App): Promise<QueueDepth[]> {
  const out: QueueDepth[] = [];
  for (const platform of PLATFORMS) {
    const counts = await app.queue.queue(platform).getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'failed');
    for (const [state, count] of Object.entries(counts)) out.push({ platform, state, count });
  }
  return out;
}

/** Polls a feed; its new and edited items are planned and queued (waiting for approval if the feed says so). */
async function pollAndSchedule(app: App, poller: FeedPoller, feed: FeedConfig, logger: Logger): Promise<void> {
  const result = await poller.poll(feed, async (polled) => {
    const taken = await app.intake.take(polled.items, { requireApproval: polled.approval, actor: `feed:${feed.id}` });
    const rejected = taken.filter((t) => t.status === 'rejected');
    if (rejected.length) logger.warn({ feed: feed.id, rejected: rejected.map((r) => r.error) }, `feed ${feed.id}: ${rejected.length} item(s) could not be planned`);
  });
  logger.info({ feed: feed.id, status: result.status, items: result.items.length, unchanged: result.unchanged, rejected: result.rejected.length, error: result.error }, `feed ${feed.id} polled`);
}
