import { hostname } from 'node:os';
import type { Worker } from 'bullmq';
import cron, { type ScheduledTask } from 'node-cron';
import type { CreateAppOptions } from '../app/create-app.ts';
import { type App, createApp } from '../app/create-app.ts';
import { type PublishWorkerOptions, startPublishWorkers } from '../queues/publish-workers.ts';
import { type Config, type FeedConfig, PLATFORMS } from '../src/config/config-schema.ts';
import { counted } from '../src/counted.ts';
import { InputError } from '../src/input-error.ts';
import { createLogger, type Logger } from '../src/logger.ts';
import { DEFAULT_FEED_ALERT, type FeedAlertThresholds, FeedHealth, feedHealthAlert } from '../src/news/feed-health.ts';
import { FeedPoller, type FeedPollResult } from '../src/news/feed-poller.ts';
import { languageNotes } from '../src/news/language-check.ts';
import { inLanguage } from '../src/news/news-store.ts';
import type { Rejection } from '../src/news/rejection.ts';
import { packageVersion } from '../src/package-root.ts';
import { describeSkip } from '../src/planning/plan.ts';
import { CredentialsError } from '../src/platforms/credentials-error.ts';
import { unplannedRejections } from '../src/publishing/news-intake.ts';
import { DEFAULT_DURABLE_CLAIM_TIMEOUT_MS, defaultWorkerId } from '../src/publishing/publisher.ts';
import type { ScheduledPostReport } from '../src/publishing/scheduler.ts';
import { UNDURABLE_RISK, UndurableClaimsError } from '../src/publishing/undurable-claims-error.ts';
import { PRESENCE_BEAT_MS, type WorkerSighting } from '../src/publishing/worker-presence.ts';
import { connectRedis, safeRedisUrl } from '../src/redis/connect-redis.ts';
import type { RedisClient } from '../src/redis/redis-client.ts';
import { claimTick } from '../src/redis/redis-lock.ts';
import { RedisOutageLog } from '../src/redis/redis-outage-log.ts';
import {
  describeServer,
  readRedisServerInfo,
  undurableReason,
  unfsyncedClaimWarning,
} from '../src/redis/redis-server-info.ts';
import { HealthServer } from './health-server.ts';
import { redisPingCheck, runHealthChecks } from './health-status.ts';
import { MetricsRegistry, type QueueDepth } from './metrics-registry.ts';
import { expectedFailureReason } from './task-failure.ts';
import { ToldOnce } from './told-once.ts';

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
  /** Cron of the reminders of posts waiting for approval (`alerts.approvalLeadHours`). Default every 5 minutes. */
  approvalReminderSchedule?: string;
  /** Cron of the log trim (only when `log.retentionDays` is set). Default daily at 03:30 in the project's zone. */
  retentionSchedule?: string;
  /** Poll the configured feeds on their schedules. Default true. */
  pollFeeds?: boolean;
  /** How long shutdown waits for publishes in flight before handing them back. Default 30 s. */
  shutdownTimeoutMs?: number;
  /**
   * How long closing the queues and connections may take after that, before they are dropped
   * unclosed (Redis not answering). Default {@link DEFAULT_CLOSE_TIMEOUT_MS}.
   */
  closeTimeoutMs?: number;
  /**
   * Start, and publish, even on a Redis that cannot confirm that a claim is on disk before the
   * platform is called (Redis < 7.2, appendonly off): the CLI's `--allow-undurable-claims`.
   * Default false: the worker refuses to start there (UndurableClaimsError).
   */
  allowUndurableClaims?: boolean;
  /** Extra wiring for the app (adapters, alert port, test hooks, lease length). */
  app?: Omit<CreateAppOptions, 'config' | 'redis' | 'env' | 'logger' | 'allowUndurableClaims'>;
  /**
   * When a feed that cannot be read raises a `feed-failing` alert (its `feed-recovered` note
   * follows once it is read again). Default {@link DEFAULT_FEED_ALERT}: 3 failed polls in a row or 1 h.
   */
  feedAlert?: FeedAlertThresholds;
  /** One poll of a feed (`tick`: the cron tick it runs for). Default: FeedPoller.poll, its new and edited items planned and queued. */
  pollFeed?: (app: App, feed: FeedConfig, tick?: Date) => Promise<unknown>;
  /** How often the worker says it is running (WorkerPresence). Default {@link PRESENCE_BEAT_MS}. */
  presenceBeatMs?: number;
}

export const DEFAULT_SWEEP_SCHEDULE = '* * * * *';
export const DEFAULT_CREDENTIALS_SCHEDULE = '0 7 * * *';
export const DEFAULT_APPROVAL_REMINDER_SCHEDULE = '*/5 * * * *';
export const DEFAULT_RETENTION_SCHEDULE = '30 3 * * *';
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;
/**
 * Closing waits on Redis: BullMQ ends a blocking connection with QUIT, which ioredis holds until
 * Redis answers, and a second close(true) only returns the first, still waiting, close. With Redis
 * gone, a stop would never end (seen: still running a minute after SIGTERM). Dropping the
 * connections unclosed is safe: a publish handed back is reconciled by the next attempt, as after
 * a SIGKILL (the crash test).
 */
export const DEFAULT_CLOSE_TIMEOUT_MS = 5_000;
/** A periodic task's tick lock outlives the tick so that other instances skip it. */
const TICK_LOCK_MS = 55_000;
/** Feed skips remembered as told (ToldOnce): far more than the distinct ones a project's feeds give. */
const TOLD_SKIPS_KEPT = 1_000;

/**
 * The `worker` process: three publish workers (one per platform), the periodic tasks (feed polls,
 * the sweep, the credentials check, the log trim; each once per tick across instances), graceful
 * shutdown.
 */
export class WorkerRuntime {
  private readonly tasks: ScheduledTask[] = [];
  /** Periodic task runs in progress: stop() lets them finish before it closes their connections. */
  private readonly inFlight = new Set<Promise<void>>();
  private stopping: Promise<boolean> | undefined;
  /** This process in the worker roll: who it is and since when (its beats add when it was last heard). */
  private readonly sighting: Omit<WorkerSighting, 'seenAt' | 'stoppedAt'>;
  /** The beat that tells readers of the worker roll this process is running. */
  private presenceBeat: NodeJS.Timeout | undefined;
  /** Port /healthz and /metrics listen on (undefined when none is served). */
  readonly port: number | undefined;

  /** Interface /healthz and /metrics listen on (undefined when none is served). */
  get host(): string | undefined {
    return this.health?.address?.address;
  }

  private constructor(
    readonly app: App,
    readonly workers: Worker[],
    private readonly redis: RedisClient,
    private readonly queueRedis: RedisClient,
    readonly logger: Logger,
    private readonly options: WorkerRuntimeOptions,
    readonly metrics: MetricsRegistry,
    private readonly health: HealthServer | undefined,
  ) {
    this.port = health?.address?.port;
    this.sighting = {
      id: options.app?.publisher?.workerId ?? defaultWorkerId(),
      host: hostname(),
      pid: process.pid,
      version: packageVersion(),
      startedAt: new Date().toISOString(),
    };
  }

  static async start(options: WorkerRuntimeOptions): Promise<WorkerRuntime> {
    const logger = options.logger ?? createLogger({ destination: process.stdout, pretty: false });
    const cluster = { cluster: options.config.redis.cluster ?? false };
    const redis = await connectRedis(options.redisUrl, undefined, cluster);
    // One readable account of a Redis outage across all connections, not a line per reconnect.
    const outage = new RedisOutageLog(logger);
    const warn = (what: string) => (error: Error) => logger.warn({ err: error.message }, what);
    redis.on('error', outage.listener('redis connection', warn('redis connection error (reconnecting)')));
    redis.on('ready', () => outage.reachable());
    // The queues and workers get a connection of their own (see CreateAppOptions.queueRedis).
    let queueRedis: RedisClient;
    try {
      queueRedis = await connectRedis(options.redisUrl, undefined, cluster);
    } catch (error) {
      redis.disconnect();
      throw error;
    }
    queueRedis.on(
      'error',
      outage.listener('queue redis connection', warn('queue redis connection error (reconnecting)')),
    );
    const metrics = new MetricsRegistry();
    const app = createApp({
      ...options.app,
      publisher: { metrics, ...options.app?.publisher },
      config: options.config,
      redis,
      queueRedis,
      env: options.env,
      logger,
      onQueueError: (error) => outage.connectionError('publish queue connection', error),
      allowUndurableClaims: options.allowUndurableClaims,
    });
    let runtime: WorkerRuntime | undefined;
    const port = options.port === undefined ? options.config.worker.port : options.port;
    const health =
      port === null
        ? undefined
        : new HealthServer({
            port,
            host: options.config.worker.host,
            checks: () =>
              runHealthChecks({
                redis: redisPingCheck(redis),
                workers: async () => {
                  if (!runtime?.running) throw new Error('publish workers are not running');
                },
              }),
            metrics: () => metrics.metrics(),
            metricsContentType: metrics.contentType,
          });
    try {
      await checkRedis(app, options, logger);
      // Bound before any publish worker starts: a port in use ends the start with no job taken and
      // nothing left running (before, the workers published on in a process that had said it failed).
      await health?.start();
    } catch (error) {
      // Until the runtime exists, a failed start closes what it opened itself.
      await app.close();
      redis.disconnect();
      queueRedis.disconnect();
      throw error;
    }
    warnMissingCredentials(app, logger);
    await fillSeenNews(app, logger);
    metrics.setQueueDepthSource(() => queueDepth(app));
    metrics.setRedisPing(redisPingCheck(redis));
    const workers = startPublishWorkers(options.config, queueRedis, app.queue, app.publisher, logger, {
      ...options.workers,
      onError: (error, platform) => outage.connectionError(`publish worker ${platform}`, error),
    });
    runtime = new WorkerRuntime(app, workers, redis, queueRedis, logger, options, metrics, health);
    runtime.schedulePeriodicTasks();
    try {
      await Promise.all(workers.map((w) => w.waitUntilReady()));
      await runtime.beatPresence();
    } catch (error) {
      await runtime.stop();
      throw error;
    }
    logger.info(
      { platforms: workers.map((w) => w.name), pid: process.pid, host: runtime.host, port: runtime.port },
      'worker started',
    );
    return runtime;
  }

  /**
   * Says the worker is running now and every beat after. A beat that fails (Redis away) is logged
   * and left: the outage log already says Redis is down, and the next beat says it again once it is back.
   */
  private async beatPresence(): Promise<void> {
    await this.app.presence.beat(this.sighting, new Date());
    this.presenceBeat = setInterval(() => {
      this.app.presence
        .beat(this.sighting, new Date())
        .catch((error: Error) => this.logger.debug({ err: error.message }, 'worker presence beat failed'));
    }, this.options.presenceBeatMs ?? PRESENCE_BEAT_MS);
    this.presenceBeat.unref();
  }

  /** True while every publish worker is running (for /healthz). */
  get running(): boolean {
    return !this.stopping && this.workers.every((w) => w.isRunning());
  }

  /** Runs one sweep now (also what the cron task runs). */
  async sweep() {
    const report = await this.app.sweeper.sweep();
    if (report.requeued.length)
      this.logger.warn(
        { requeued: report.requeued },
        `sweep queued ${counted(report.requeued.length, 'stuck post', 'stuck posts')} again`,
      );
    return report;
  }

  /**
   * Trims log entries older than `log.retentionDays` (the records of the posts stay); 0 when
   * retention is off. Also what the daily cron task runs.
   */
  async trimLog(now: Date = new Date()): Promise<number> {
    const retentionDays = this.app.config.log.retentionDays;
    if (retentionDays === undefined) return 0;
    const trimmed = await this.app.publishingLog.trim(now);
    this.logger.info(
      { task: 'retention', trimmed, retentionDays },
      `log retention: trimmed ${counted(trimmed, 'entry', 'entries')} older than ${counted(retentionDays, 'day', 'days')}`,
    );
    return trimmed;
  }

  /**
   * Checks every enabled channel's credentials; a failure is an alert. So is an API version in use
   * that its platform retires soon (RetiringVersionAlerts: once a week at most).
   */
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
        await this.app.alerts.send({
          kind: 'credentials-failed',
          channel: channel.id,
          message: `credentials of ${channel.id} do not work: ${result.message ?? 'refused'}`,
          at: new Date().toISOString(),
        });
      }
      out.push({ channel: channel.id, ok: result.ok, ...(result.message ? { message: result.message } : {}) });
    }
    await this.app.retiringVersions.check();
    return out;
  }

  private schedulePeriodicTasks(): void {
    const { config } = this.options;
    const zone = config.project.timezone;
    this.every('sweep', this.options.sweepSchedule ?? DEFAULT_SWEEP_SCHEDULE, () => this.sweep());
    this.every(
      'credentials',
      this.options.credentialsSchedule ?? DEFAULT_CREDENTIALS_SCHEDULE,
      () => this.checkCredentials(),
      zone,
    );
    if (config.alerts.approvalLeadHours > 0) {
      this.every(
        'approval-reminders',
        this.options.approvalReminderSchedule ?? DEFAULT_APPROVAL_REMINDER_SCHEDULE,
        (tick) => this.app.approvalReminders.remind(tick),
      );
    }
    if (config.log.retentionDays !== undefined) {
      this.every('retention', this.options.retentionSchedule ?? DEFAULT_RETENTION_SCHEDULE, () => this.trimLog(), zone);
    }
    const poller = new FeedPoller(this.redis, this.app.keys, { config });
    const toldSkips = new ToldOnce(TOLD_SKIPS_KEPT);
    const health = new FeedHealth(
      this.redis,
      (id) => this.app.keys.feed(id).health,
      this.options.feedAlert ?? DEFAULT_FEED_ALERT,
    );
    const poll =
      this.options.pollFeed ??
      (async (app: App, feed: FeedConfig, tick?: Date) => {
        const { result, unplanned } = await pollAndSchedule(app, poller, feed, this.logger, toldSkips, tick);
        await this.watchFeed(health, feed.id, result, unplanned);
      });
    if (this.options.pollFeeds !== false) {
      for (const feed of config.feeds)
        this.every(`feed:${feed.id}`, feed.schedule, (tick) => poll(this.app, feed, tick), zone);
    }
  }

  /**
   * Feed metrics and alerts from one poll's outcome: a feed that cannot be read only logged a
   * warning (once per change of the feed, since its ETag is kept), which nobody watches.
   */
  private async watchFeed(
    health: FeedHealth,
    feedId: string,
    result: FeedPollResult,
    unplanned: readonly Rejection[] = [],
  ): Promise<void> {
    if (result.status === 'skipped') return;
    const now = Date.now();
    const ok = result.status !== 'failed';
    this.metrics.recordFeedPoll(feedId, ok ? { ok, atMs: now, rejected: result.rejected.length } : { ok });
    // A 304 read nothing new: the items refused at the last read stay told.
    const change = ok
      ? await health.succeeded(
          feedId,
          now,
          result.status === 'fetched' ? [...result.rejected, ...unplanned] : undefined,
        )
      : await health.failed(feedId, now, result.error);
    const alert = feedHealthAlert(feedId, change, now, result.error);
    if (alert) await this.app.alerts.send(alert);
  }

  /** A cron task that runs once per tick across all worker processes (Redis tick lock). */
  private every(name: string, expression: string, fn: (tick: Date) => Promise<unknown>, timezone?: string): void {
    const key = this.app.keys.cronTick(name);
    const task = cron.schedule(
      expression,
      (ctx) => {
        if (this.stopping) return;
        const run = (async () => {
          try {
            // ctx.date is the tick's planned time (whole seconds), the same in every instance.
            const tick = ctx.date.toISOString();
            if (!(await claimTick(this.redis, key, tick, TICK_LOCK_MS))) {
              this.logger.debug(
                { task: name, tick, taken: false },
                `periodic task ${name}: another instance took this tick`,
              );
              return;
            }
            this.logger.debug({ task: name, tick, taken: true }, `periodic task ${name}: this instance runs this tick`);
            await fn(ctx.date);
          } catch (error) {
            // An expected failure is one readable line (the task runs again at its next tick); a
            // stack trace only for what nobody expected.
            const reason = expectedFailureReason(error);
            if (reason)
              this.logger.warn(
                { task: name, reason },
                `periodic task ${name} failed: ${reason}; it runs again at its next tick`,
              );
            else this.logger.error({ err: error, task: name }, `periodic task ${name} failed`);
          }
        })();
        this.inFlight.add(run);
        return run.finally(() => this.inFlight.delete(run));
      },
      { name: `${name}@${this.app.keys.prefix}`, noOverlap: true, ...(timezone ? { timezone } : {}) },
    );
    this.tasks.push(task);
  }

  /**
   * Graceful shutdown: stop the periodic tasks and stop taking jobs; let publishes and periodic
   * tasks in flight finish up to the timeout, then close anyway — an unfinished job's lock lapses,
   * another worker takes it up as stalled and reconciles before publishing, so nothing is lost or
   * posted twice. Periodic tasks are waited for too: closing the connection under a feed poll
   * would fail it half-way and leave the feed's lock behind, blocking every other instance's polls
   * of that feed until the lock expires. (One abandoned at the timeout loses nothing: its items
   * were not committed, so the next poll takes them again.)
   *
   * True when everything closed; false when Redis did not answer in time and connections were
   * dropped unclosed (the caller should end the process: BullMQ's may keep reconnecting).
   */
  stop(): Promise<boolean> {
    this.stopping ??= (async () => {
      clearInterval(this.presenceBeat);
      for (const task of this.tasks) await task.destroy();
      await this.health?.stop();
      const timeout = this.options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
      if (this.inFlight.size)
        this.logger.info(
          { tasks: this.inFlight.size },
          `waiting for ${counted(this.inFlight.size, 'periodic task', 'periodic tasks')} in progress`,
        );
      const periodic = Promise.all([...this.inFlight]);
      const graceful = Promise.all([...this.workers.map((w) => w.close()), periodic]).then(() => true);
      const finished = await Promise.race([
        graceful,
        new Promise<false>((r) => setTimeout(() => r(false), timeout).unref()),
      ]);
      if (!finished) {
        this.logger.warn(
          { timeoutMs: timeout, periodicTasks: this.inFlight.size },
          'publishes or periodic tasks still in flight at the shutdown timeout; handing them back',
        );
      }
      const closing = (async () => {
        if (!finished) await Promise.all(this.workers.map((w) => w.close(true)));
        // Stopped in good order, not silent: the desk says "stopped at …", not "not heard from since".
        // Said alongside the closing, never in its way (a Redis that does not answer holds only itself).
        const said = this.presenceBeat
          ? this.app.presence
              .stopped(this.sighting, new Date())
              .catch((error: Error) => this.logger.debug({ err: error.message }, 'worker presence stop failed'))
          : undefined;
        await this.app.alerts.flush?.();
        await this.app.close();
        await said;
      })().then(
        () => true,
        (error: unknown) => {
          this.logger.error({ err: error }, 'error while closing the queues');
          return true;
        },
      );
      const closeTimeout = this.options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
      const closed = await Promise.race([
        closing,
        new Promise<false>((r) => setTimeout(() => r(false), closeTimeout).unref()),
      ]);
      this.redis.disconnect();
      this.queueRedis.disconnect();
      if (closed) this.logger.info('worker stopped');
      else
        this.logger.warn(
          { closeTimeoutMs: closeTimeout },
          'worker stopped; Redis did not answer while the queues closed, so their connections were dropped unclosed',
        );
      return closed;
    })();
    return this.stopping;
  }
}

/**
 * Before any job is taken: can claims be made durable on this Redis (one real WAITAOF round)?
 * If not, refuse to start unless allowed, and then say so loudly. Then look for a Redis restart
 * since the last worker ran, and mark the posts whose claims it may have lost (redis-restarts.ts).
 */
async function checkRedis(app: App, options: WorkerRuntimeOptions, logger: Logger): Promise<void> {
  const info = await readRedisServerInfo(app.redis, app.keys.durableClaim);
  const server = `${describeServer(info)} at ${safeRedisUrl(options.redisUrl)}`;
  const fields = {
    server: info.server,
    version: info.version,
    appendonly: info.appendonly,
    appendfsync: info.appendfsync,
    maxmemoryPolicy: info.maxmemoryPolicy,
  };
  const probe = await app.durability.probe(
    options.app?.publisher?.durableClaimTimeoutMs ?? DEFAULT_DURABLE_CLAIM_TIMEOUT_MS,
  );
  if (!probe.durable) {
    // The settings say it more plainly than the server's error does, when they explain it.
    const reason = undurableReason(info) ?? probe.reason ?? 'unknown';
    if (!options.allowUndurableClaims) throw new UndurableClaimsError(server, reason);
    logger.warn(
      { ...fields, durableClaims: false, reason },
      `WARNING: publish claims are NOT durable on ${server} (${reason}), started with --allow-undurable-claims: ${UNDURABLE_RISK}`,
    );
  } else {
    const warning = unfsyncedClaimWarning(info);
    logger.info(
      { ...fields, durableClaims: true, survivesPowerCut: !warning },
      `publish claims are durable on ${server} (WAITAOF)`,
    );
    if (warning)
      logger.warn({ ...fields, survivesPowerCut: false }, `${warning} (Redis at ${safeRedisUrl(options.redisUrl)})`);
  }
  const restart = await app.restarts.check();
  if (!restart.restarted) logger.debug({ runId: restart.runId }, 'no Redis restart since the last worker ran');
}

/**
 * One warning per enabled channel whose credentials are not set (or whose NAME_FILE cannot be
 * read), naming the variables, never a value: else a deployment mistake shows only when a post
 * falls due, hours later (the channel is then paused and an alert sent). Not a refusal to start:
 * the other channels' posts must still go out.
 */
function warnMissingCredentials(app: App, logger: Logger): void {
  for (const channel of app.config.channels.filter((c) => c.enabled)) {
    try {
      app.adapterFor(channel.id);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const variables = error instanceof CredentialsError ? error.variables : undefined;
      logger.warn(
        { channel: channel.id, ...(variables ? { variables } : {}) },
        `${error.message}; its posts cannot go out: the channel is paused (and an alert sent) when one falls due`,
      );
    }
  }
}

/**
 * Before the first feed poll: the items an earlier version took get their title-and-time digests
 * (NewsStore.fillSeen), so one that comes back under a new id waits for a person. A failure is
 * logged, not fatal: publishing must go on; the next start tries again.
 */
async function fillSeenNews(app: App, logger: Logger): Promise<void> {
  try {
    const added = await app.news.fillSeen();
    if (added)
      logger.info({ added }, `news: ${counted(added, 'item', 'items')} taken before now known by title and time`);
  } catch (error) {
    logger.warn(
      { err: (error as Error).message },
      'news: could not index the items taken before; tried again at the next start',
    );
  }
}

/** Job counts per platform and state, read at each /metrics scrape. */
async function queueDepth(app: App): Promise<QueueDepth[]> {
  const out: QueueDepth[] = [];
  for (const platform of PLATFORMS) {
    const counts = await app.queue
      .queue(platform)
      .getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'failed');
    for (const [state, count] of Object.entries(counts)) out.push({ platform, state, count });
  }
  return out;
}

/** Polls a feed; its new and edited items are planned and queued (waiting for approval if the feed says so). */
async function pollAndSchedule(
  app: App,
  poller: FeedPoller,
  feed: FeedConfig,
  logger: Logger,
  toldSkips: ToldOnce,
  tick?: Date,
): Promise<{ result: FeedPollResult; unplanned: Rejection[] }> {
  // Items read but not planned (a broken template, say): told with the feed's refused items.
  const unplanned: Rejection[] = [];
  const result = await poller.poll(feed, async (polled) => {
    // Many new items at once is not how a partner publishes (feeds[].maxNewPerPoll): a feed that
    // re-published its items under new ids and dates would post them all again.
    const fresh = polled.items.filter((t) => t.status === 'new').length;
    const burst = fresh > feed.maxNewPerPoll ? burstHold(fresh, feed.maxNewPerPoll) : undefined;
    if (burst) logger.warn({ feed: feed.id, new: fresh }, `feed ${feed.id}: ${burst}`);
    const taken = await app.intake.take(polled.items, {
      requireApproval: polled.approval,
      holdOtherLanguage: feed.languageCheck === 'hold',
      ...(burst ? { holdNew: burst } : {}),
      actor: `feed:${feed.id}`,
    });
    // No person ran `schedule` to read the plan: a post left out must still be said somewhere. Not
    // the ones the configuration chose (the feed's channels, a disabled channel): a warning at every
    // new item about what was asked for would hide the ones that matter.
    // The same skip at every item (a Latvian feed's items on a channel that posts in English) is a
    // warning the first time this worker sees it, then info: else it buries the ones that differ.
    for (const t of taken) {
      const skipped = (t.plan?.skipped ?? []).filter((skip) => !skip.chosen);
      if (!skipped.length) continue;
      const said = skipped.map(describeSkip);
      const firstTime = said.filter((text) => toldSkips.first(`${feed.id}\n${text}`)).length > 0;
      logger[firstTime ? 'warn' : 'info'](
        { feed: feed.id, newsId: t.newsId, skipped },
        `feed ${feed.id}: item ${t.newsId}: ${said.join('; ')}`,
      );
    }
    // What an edited item did to its posts that a person must act on (a post sent back for
    // approval, an edit not applied to a post that may be live, a post the new plan dropped): in
    // the post's history too, but nobody ran `schedule` to read this report.
    for (const t of taken)
      for (const post of t.posts.filter(editOutcomeToTell))
        logger.warn(
          { feed: feed.id, newsId: t.newsId, postId: post.postId, action: post.action, state: post.state },
          `feed ${feed.id}: item ${t.newsId} changed: post ${post.postId}${post.action === 'cancelled' || post.action === 'restored' ? ` ${post.action}` : ''}: ${post.note}`,
        );
    // A feed's item in another language than the feed says (its posts carry the warning too, and
    // wait for a person unless the feed says `languageCheck: warn`: then the log is all there is).
    // Said where a feed that posts without approval holds them: nobody else is told why they wait.
    const held = !polled.approval && feed.languageCheck === 'hold';
    // In the language a person said each item is in (`secon-bot language`), as it was planned.
    const plannedIn = new Map(taken.map((t) => [t.newsId, t.language]));
    for (const { item: asRead } of polled.items) {
      const item = inLanguage(asRead, plannedIn.get(asRead.id));
      for (const [language, note] of languageNotes(item))
        logger.warn(
          { feed: feed.id, newsId: item.id, language },
          `feed ${feed.id}: item ${item.id}: ${note}${held ? `; its ${language} posts wait for a person (languageCheck: hold)` : ''}`,
        );
    }
    const rejected = taken.filter((t) => t.status === 'rejected');
    if (!rejected.length) return;
    for (const r of unplannedRejections(rejected))
      unplanned.push({ ...r, message: `could not be planned: ${r.message}` });
    logger.warn(
      { feed: feed.id, rejected: rejected.map((r) => r.error) },
      `feed ${feed.id}: ${counted(rejected.length, 'item', 'items')} could not be planned; they are tried again at the next poll`,
    );
    // poll() commits this same result once we return: an item that could not be planned (a broken
    // template, say) must not be remembered as taken, nor the feed's ETag kept — else, once the
    // cause is fixed, the item would count as unchanged (or the feed answer 304) and be lost.
    const failed = new Set(rejected.map((r) => r.newsId));
    polled.items = polled.items.filter((t) => !failed.has(t.item.id));
    delete polled.validators;
  });
  const fields = {
    feed: feed.id,
    ...(tick ? { tick: tick.toISOString() } : {}),
    status: result.status,
    items: result.items.length,
    unchanged: result.unchanged,
    rejected: result.rejected.length,
    tooOld: result.tooOld.length,
    error: result.error,
  };
  // No person reads an ingest report for a feed: an item left out, or a feed that cannot be read,
  // must say which and why in the log at warning level, not as a bare count among routine polls.
  if (result.status === 'failed' || result.rejected.length) {
    const rejections = result.rejected.map((r) => ({
      source: r.source,
      ...(r.id ? { id: r.id } : {}),
      message: r.message,
    }));
    const what = result.status === 'failed' ? `cannot be read: ${result.error}` : describeRejections(result.rejected);
    logger.warn({ ...fields, rejections }, `feed ${feed.id} polled: ${what}`);
  } else if (result.tooOld.length) {
    // Its back catalogue, left out on purpose (feeds[].maxAgeDays): said, but not a warning. Not
    // remembered either, so a full read of the feed counts them again.
    logger.info(
      { ...fields, tooOldIds: result.tooOld.flatMap((t) => (t.id ? [t.id] : [])) },
      `feed ${feed.id} polled: ${counted(result.tooOld.length, 'item', 'items')} older than ${feed.maxAgeDays} days left out (maxAgeDays)`,
    );
  } else {
    logger.info(fields, `feed ${feed.id} polled`);
  }
  return { result, unplanned };
}

/**
 * A post an edited feed item sent to a person, left with an old text that may be live, cancelled,
 * or brought back after an earlier edit had cancelled it.
 */
function editOutcomeToTell(post: ScheduledPostReport): boolean {
  return Boolean(post.note) && (post.attention === true || post.action === 'cancelled' || post.action === 'restored');
}

/** Why the posts of a poll's many new items wait for a person. */
export function burstHold(fresh: number, limit: number): string {
  return (
    `${fresh} new items in one poll, more than ${limit} (feeds[].maxNewPerPoll): their posts wait for a person, ` +
    'since a feed that re-published its items under new ids would post them all again'
  );
}

/** "2 rejected (not taken): <source> (<id>): <why>; …" — each rejection readable in one log line. */
function describeRejections(rejected: readonly Rejection[]): string {
  // A feed item's source already names its id (`…/feed.xml item 5 (<guid>)`): say it once.
  const each = rejected
    .map((r) => `${r.source}${r.id && !r.source.includes(r.id) ? ` (${r.id})` : ''}: ${r.message}`)
    .join('; ');
  return `${rejected.length} rejected (not taken): ${each}`;
}
