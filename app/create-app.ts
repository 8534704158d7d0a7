import { PublishQueue } from '../queues/publish-queue.ts';
import type { AlertPort } from '../src/alerts/alert.ts';
import { AlertSender } from '../src/alerts/alert-sender.ts';
import { AlertThrottle } from '../src/alerts/alert-throttle.ts';
import { RetiringVersionAlerts } from '../src/alerts/retiring-version-alerts.ts';
import type { ChannelConfig, Config } from '../src/config/config-schema.ts';
import { RedisPublishingLog } from '../src/log/redis-publishing-log.ts';
import { createLogger, type Logger } from '../src/logger.ts';
import { NewsStore } from '../src/news/news-store.ts';
import { createAdapter } from '../src/platforms/adapter-registry.ts';
import type { PlatformAdapter } from '../src/platforms/platform-adapter.ts';
import { ApprovalReminders } from '../src/publishing/approval-reminders.ts';
import { ChannelState } from '../src/publishing/channel-state.ts';
import { ClaimLeases } from '../src/publishing/claim-leases.ts';
import { DurableClaim } from '../src/publishing/durable-claim.ts';
import { NewsIntake } from '../src/publishing/news-intake.ts';
import { PostActions } from '../src/publishing/post-actions.ts';
import { PostStore } from '../src/publishing/post-store.ts';
import { Publisher, type PublisherOptions } from '../src/publishing/publisher.ts';
import { Reconciler, type ReconcilerOptions } from '../src/publishing/reconciler.ts';
import { RedisRestarts } from '../src/publishing/redis-restarts.ts';
import { Scheduler } from '../src/publishing/scheduler.ts';
import { Sweeper } from '../src/publishing/sweeper.ts';
import { WorkerPresence } from '../src/publishing/worker-presence.ts';
import type { RedisClient } from '../src/redis/redis-client.ts';
import { type RedisKeys, redisKeys } from '../src/redis/redis-keys.ts';
import type { PostRenderer } from '../src/templates/post-renderer.ts';
import { createRenderer } from '../src/templates/post-renderer.ts';

/** Options of {@link createApp}. */
export interface CreateAppOptions {
  config: Config;
  /** A BullMQ-ready connection (maxRetriesPerRequest: null), owned by the caller: close() leaves it open. */
  redis: RedisClient;
  /**
   * The connection of the BullMQ publish queues, owned by the caller too. Default: `redis`. The
   * worker gives them one of their own: BullMQ defines its some fifty Lua scripts on the client it
   * is given, and ioredis copies every script defined on a client onto each pipeline made on it —
   * measured at ~50 µs per publish attempt, whose first round trip is a pipeline.
   */
  queueRedis?: RedisClient;
  /** Where credentials are read from. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default: JSON lines on stderr. */
  logger?: Logger;
  /**
   * Sees the publish queues' connection errors first (e.g. a RedisOutageLog); true when it took
   * care of one. Otherwise, and by default, each is a warning.
   */
  onQueueError?: (error: Error) => boolean;
  /**
   * Where alerts go. Default: AlertSender.fromConfig (the log, and the webhook when configured),
   * deduplicated and rate-capped by AlertThrottle (`alerts.dedupeMinutes`, `maxPerWindow`, `windowMinutes`).
   */
  alerts?: AlertPort;
  /**
   * Publish even when Redis cannot confirm that a claim is on disk (the worker's
   * `--allow-undurable-claims`). Default false: such a claim is never followed by a platform call.
   */
  allowUndurableClaims?: boolean;
  /**
   * Look for Redis restarts and make the posts whose claims a restart may have lost reconcile
   * first (RedisRestarts). Default true; false only for the crash test's run without protection.
   */
  reconcileAfterRedisRestart?: boolean;
  /** Builds a channel's adapter. Default: adapter-registry's createAdapter(channel, config, env). */
  adapterFactory?: (channel: ChannelConfig) => PlatformAdapter;
  /** Lease of a post while an attempt works on it. Default 30 s. */
  leaseTtlMs?: number;
  reconciler?: ReconcilerOptions;
  /** Publisher settings beyond the wiring (worker id, clock, test hooks). */
  publisher?: Pick<
    PublisherOptions,
    | 'workerId'
    | 'pausedRecheckMs'
    | 'now'
    | 'afterPlatformAnswer'
    | 'metrics'
    | 'durableClaimTimeoutMs'
    | 'requestTimeoutMs'
    | 'leaseMarginMs'
  >;
  /** Clock of planning and of the person-facing actions. Default: the real one. */
  now?: () => Date;
}

/**
 * The application: every domain service wired once, on one Redis connection, with the BullMQ
 * publish queues (on that connection too, or on one of their own: CreateAppOptions.queueRedis).
 * The CLI, the worker, the demo, the review desk, the tests and the benchmarks all build it here,
 * so there is one wiring to read.
 */
export interface App {
  config: Config;
  /** Where the channels' credentials are read from (CreateAppOptions.env): the adapters and every check. */
  env: NodeJS.ProcessEnv;
  redis: RedisClient;
  /** Every Redis key of this project (src/redis/redis-keys.ts). */
  keys: RedisKeys;
  /** The publishing log: every state change of every post, with the current record and indexes. */
  publishingLog: RedisPublishingLog;
  /** Each post's rendered payload and publishing progress (claim mark, posted thread parts). */
  store: PostStore;
  /** Paused channels. */
  channels: ChannelState;
  leases: ClaimLeases;
  /** Makes a claim durable (WAITAOF) before the platform is called; the worker probes it at start. */
  durability: DurableClaim;
  /** Finds Redis restarts and marks the posts whose claims they may have lost (the worker checks at start). */
  restarts: RedisRestarts;
  /** Which worker processes are running (each worker beats; the desk, doctor and agenda read it). */
  presence: WorkerPresence;
  /** Plans and queues posts (`schedule`, feed polls, the sweep). */
  scheduler: Scheduler;
  /** What a person does to posts and channels: approve, cancel, reschedule, retry, pause, resume. */
  postActions: PostActions;
  publisher: Publisher;
  sweeper: Sweeper;
  /** Reminds people of posts that wait for approval and are due soon (the worker, every few minutes). */
  approvalReminders: ApprovalReminders;
  /** Alerts of platform API versions in use that are near or past retirement (the daily credentials check). */
  retiringVersions: RetiringVersionAlerts;
  /** News items already taken (content hashes). */
  news: NewsStore;
  /** From news items to queued posts (`schedule`, `ingest`, feed polls). */
  intake: NewsIntake;
  queue: PublishQueue;
  alerts: AlertPort;
  /** The adapter of a channel id (built on first use, then kept). */
  adapterFor(channelId: string): PlatformAdapter;
  /** The renderer (templates compiled on first use, then kept for the process). */
  renderer(): PostRenderer;
  /** Closes the queues and the claim's own connection (the Redis connection stays the caller's). */
  close(): Promise<void>;
}

/** Wires the domain on `redis`: log, post store, channel state, planning, actions, publisher, queues. */
export function createApp(options: CreateAppOptions): App {
  const { config, redis } = options;
  const keys = redisKeys(config.redis.keyPrefix);
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger({ destination: process.stderr, pretty: false });
  const queue = new PublishQueue(config, options.queueRedis ?? redis, (error) => {
    if (!options.onQueueError?.(error)) logger.warn({ err: error.message }, 'publish queue connection error');
  });
  const publishingLog = new RedisPublishingLog(redis, keys, { retentionDays: config.log.retentionDays });
  const store = new PostStore(redis, keys);
  const channels = new ChannelState(redis, keys);
  const leases = new ClaimLeases(redis, keys, { ttlMs: options.leaseTtlMs });
  const alerts: AlertPort =
    options.alerts ??
    new AlertThrottle(AlertSender.fromConfig(config, logger, env), {
      dedupeWindowMs: config.alerts.dedupeMinutes * 60_000,
      maxPerWindow: config.alerts.maxPerWindow,
      windowMs: config.alerts.windowMinutes * 60_000,
      logger,
    });
  const factory = options.adapterFactory ?? ((channel: ChannelConfig) => createAdapter(channel, config, env));
  const adapters = new Map<string, PlatformAdapter>();
  const adapterFor = (channelId: string): PlatformAdapter => {
    const known = adapters.get(channelId);
    if (known) return known;
    const channel = config.channels.find((c) => c.id === channelId);
    if (!channel) throw new Error(`channel "${channelId}" is not in the configuration`);
    const adapter = factory(channel);
    adapters.set(channelId, adapter);
    return adapter;
  };
  let renderer: PostRenderer | undefined;
  const getRenderer = (): PostRenderer => {
    renderer ??= createRenderer({ config });
    return renderer;
  };
  const scheduler = new Scheduler({ config, publishingLog, store, queue, now: options.now });
  const news = new NewsStore(redis, keys);
  const postActions = new PostActions({
    config,
    publishingLog,
    store,
    channels,
    queue,
    scheduler,
    news,
    renderer: getRenderer,
    now: options.now,
  });
  // Its own Redis connection is opened on the first claim only (CLI commands never open it).
  const durability = new DurableClaim(redis, keys, {
    enabled: config.publishing.durableClaim,
    allowUndurable: options.allowUndurableClaims,
    logger,
  });
  const restarts = new RedisRestarts(redis, keys, publishingLog, store, {
    enabled: options.reconcileAfterRedisRestart,
    logger,
    alerts,
    now: options.publisher?.now,
  });
  const publisher = new Publisher({
    config,
    publishingLog,
    store,
    channels,
    leases,
    reconciler: new Reconciler(options.reconciler),
    adapterFor,
    alerts,
    logger,
    durability,
    restarts,
    ...options.publisher,
  });
  return {
    config,
    env,
    redis,
    keys,
    publishingLog,
    store,
    channels,
    leases,
    durability,
    restarts,
    presence: new WorkerPresence(redis, keys),
    scheduler,
    postActions,
    publisher,
    queue,
    alerts,
    adapterFor,
    news,
    sweeper: new Sweeper(publishingLog, queue, scheduler),
    approvalReminders: new ApprovalReminders(redis, keys, publishingLog, alerts, config),
    retiringVersions: new RetiringVersionAlerts(redis, keys, alerts, config),
    intake: new NewsIntake({ config, scheduler, publishingLog, news, renderer: getRenderer, now: options.now }),
    renderer: getRenderer,
    close: async () => {
      durability.close();
      restarts.close();
      await queue.close();
    },
  };
}
