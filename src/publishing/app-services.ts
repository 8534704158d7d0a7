import type { Redis } from 'ioredis';
import { AlertSender } from '../alerts/alert-sender.ts';
import type { ChannelConfig, Config } from '../config/config-schema.ts';
import { RedisPublishingLog } from '../log/redis-publishing-log.ts';
import { createLogger, type Logger } from '../logger.ts';
import { NewsStore } from '../news/news-store.ts';
import { createAdapter } from '../platforms/adapter-registry.ts';
import type { PlatformAdapter } from '../platforms/platform-adapter.ts';
import type { PostRenderer } from '../templates/post-renderer.ts';
import { createRenderer } from '../templates/post-renderer.ts';
import type { AlertPort } from './alert-port.ts';
import { ChannelState } from './channel-state.ts';
import { ClaimLeases } from './claim-lease.ts';
import { DurableClaim } from './durable-claim.ts';
import { NewsIntake } from './news-intake.ts';
import { PostStore } from './post-store.ts';
import type { PublishQueuePort } from './publish-queue-port.ts';
import { Publisher, type PublisherOptions } from './publisher.ts';
import { Reconciler, type ReconcilerOptions } from './reconciler.ts';
import { Scheduler } from './scheduler.ts';
import { Sweeper } from './sweeper.ts';

/** Options of {@link createAppServices}. */
export interface AppServicesOptions {
  config: Config;
  /** A BullMQ-ready connection (maxRetriesPerRequest: null), owned by the caller. */
  redis: Redis;
  /** The publish queues (queues/publish-queue.ts in production). */
  queue: PublishQueuePort;
  /** Where credentials are read from. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default: JSON lines on stderr. */
  logger?: Logger;
  /** Where alerts go. Default: AlertSender.fromConfig (the log, and the webhook when configured). */
  alerts?: AlertPort;
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
  /** Clock of the scheduler. Default: the real one. */
  now?: () => Date;
}

/** Everything the CLI, the worker, the demo and the tests use, built the same way everywhere. */
export interface AppServices {
  config: Config;
  redis: Redis;
  log: RedisPublishingLog;
  store: PostStore;
  channels: ChannelState;
  leases: ClaimLeases;
  scheduler: Scheduler;
  publisher: Publisher;
  sweeper: Sweeper;
  /** News items already taken (content hashes). */
  news: NewsStore;
  /** From news items to queued posts (`schedule`, feed polls). */
  intake: NewsIntake;
  queue: PublishQueuePort;
  alerts: AlertPort;
  /** The adapter of a channel id (built on first use, then kept). */
  adapterFor(channelId: string): PlatformAdapter;
  /** The renderer (templates compiled on first use). */
  renderer(): PostRenderer;
}

/** Wires the domain: log, post store, channel state, scheduler, publisher, sweeper, adapters, renderer. */
export function createAppServices(options: AppServicesOptions): AppServices {
  const { config, redis, queue } = options;
  const prefix = config.redis.keyPrefix;
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger({ destination: process.stderr, pretty: false });
  const log = new RedisPublishingLog(redis, prefix, { retentionDays: config.log.retentionDays });
  const store = new PostStore(redis, prefix);
  const channels = new ChannelState(redis, prefix);
  const leases = new ClaimLeases(redis, prefix, { ttlMs: options.leaseTtlMs });
  const alerts: AlertPort = options.alerts ?? AlertSender.fromConfig(config, logger, env);
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
  const scheduler = new Scheduler({ config, log, store, channels, queue, now: options.now });
  // Its own Redis connection is opened on the first claim only (CLI commands never open it).
  const durability = new DurableClaim(redis, prefix, { enabled: config.publishing.durableClaim, logger });
  const publisher = new Publisher({
    config,
    log,
    store,
    channels,
    leases,
    reconciler: new Reconciler(options.reconciler),
    adapterFor,
    alerts,
    logger,
    durability,
    ...options.publisher,
  });
  const getRenderer = (): PostRenderer => (renderer ??= createRenderer({ config }));
  const news = new NewsStore(redis, prefix);
  return {
    config,
    redis,
    log,
    store,
    channels,
    leases,
    scheduler,
    publisher,
    queue,
    alerts,
    adapterFor,
    news,
    sweeper: new Sweeper(log, queue, scheduler),
    intake: new NewsIntake({ config, scheduler, log, news, renderer: getRenderer, now: options.now }),
    renderer: getRenderer,
  };
}
