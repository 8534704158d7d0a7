import { type ConnectionOptions, Worker } from 'bullmq';
import type { Config, Platform } from '../src/config/config-schema.ts';
import { PLATFORMS } from '../src/config/config-schema.ts';
import type { Logger } from '../src/logger.ts';
import type { Publisher } from '../src/publishing/publisher.ts';
import { redisKeys } from '../src/redis/redis-keys.ts';
import { createPublishProcessor } from './publish-processor.ts';
import {
  KEEP_COMPLETED,
  KEEP_FAILED,
  PUBLISH_QUEUE_NAMES,
  type PublishJobData,
  type PublishJobResult,
  type PublishQueue,
} from './publish-queue.ts';
import { RateLimitHolds } from './rate-limit-holds.ts';

/** Options of {@link startPublishWorkers}. */
export interface PublishWorkerOptions {
  /**
   * How long a job's lock lives without renewal (BullMQ renews it every half while the job runs).
   * Only a dead worker lets it lapse; then the job is stalled and run again, and the publisher
   * reconciles. Default 60 s: a slow platform call (media upload) never loses its lock.
   */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for. Default 30 s. */
  stalledIntervalMs?: number;
  /** A job stalled more often than this fails; the sweep queues its post again. Default 5. */
  maxStalledCount?: number;
  /** Which platforms to work on. Default: all three. */
  platforms?: readonly Platform[];
  /**
   * Sees a worker's `error` events first (e.g. a RedisOutageLog, so an outage is not a stack trace
   * per reconnect); true when it took care of the error. Otherwise, and by default, the error is
   * logged with its stack.
   */
  onError?: (error: Error, platform: Platform) => boolean;
}

export const PUBLISH_WORKER_DEFAULTS = {
  lockDurationMs: 60_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 5,
} as const;

/**
 * BullMQ needs a limiter on the worker for a manual rate limit (`queue.rateLimit`) to hold; when the
 * configuration sets none, this one is high enough never to throttle by itself.
 */
const UNTHROTTLED = { max: 1_000_000, duration: 1000 } as const;

/** Starts one worker per platform queue, with that platform's concurrency and limiter. */
export function startPublishWorkers(
  config: Config,
  connection: ConnectionOptions,
  queue: PublishQueue,
  publisher: Publisher,
  logger: Logger,
  options: PublishWorkerOptions = {},
): Worker<PublishJobData, PublishJobResult>[] {
  const opts = { ...PUBLISH_WORKER_DEFAULTS, ...options };
  const holds = new RateLimitHolds(logger, config.project.timezone);
  return (options.platforms ?? PLATFORMS).map((platform) => {
    const settings = config.platforms[platform];
    const processor = createPublishProcessor({
      publisher,
      rateLimit: async (ms, { until, reason }) => {
        await queue.queue(platform).rateLimit(ms);
        holds.hold(platform, until, reason);
      },
      retries: { attempts: config.publishing.attempts, backoffMs: config.publishing.backoffMs },
      // Warn, not debug: a retry is a platform or Redis problem someone reading the logs should see.
      onRetry: ({ postId, attempt, at, reason }) =>
        logger.warn(
          { postId, platform, attempt, retryAt: at.toISOString(), reason },
          'publish attempt failed; retrying',
        ),
    });
    const worker = new Worker<PublishJobData, PublishJobResult>(PUBLISH_QUEUE_NAMES[platform], processor, {
      connection,
      prefix: redisKeys(config.redis.keyPrefix).prefix,
      concurrency: settings.concurrency,
      limiter: settings.limiter ? { max: settings.limiter.max, duration: settings.limiter.durationMs } : UNTHROTTLED,
      lockDuration: opts.lockDurationMs,
      stalledInterval: opts.stalledIntervalMs,
      maxStalledCount: opts.maxStalledCount,
      // Finished jobs are trimmed by the worker, not by options stored with every job (publish-queue.ts).
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    });
    worker.on('error', (error) => {
      if (!options.onError?.(error, platform)) logger.error({ err: error, platform }, 'publish worker error');
    });
    worker.on('closing', () => holds.close());
    // A job fails after its last attempt (the publisher has recorded the post's final state).
    worker.on('failed', (job, error) =>
      logger.warn(
        { postId: job?.data.postId, platform, attempt: (job?.data.attempt ?? 0) + 1, reason: error.message },
        'publish attempt failed; no attempts left',
      ),
    );
    worker.on('stalled', (jobId) => {
      const message = 'publish job stalled (its worker died); it runs again and reconciles first';
      // The event names the job; the log line names the post too (job ids are digests: publish-job-id.ts).
      queue
        .queue(platform)
        .getJob(jobId)
        .then(
          (job) => logger.warn({ jobId, postId: job?.data.postId, platform }, message),
          () => logger.warn({ jobId, platform }, message),
        );
    });
    return worker;
  });
}
