import { DelayedError, type Job, Worker } from 'bullmq';
import type { Publisher } from '../src/publishing/publisher.ts';
import type { PublishJobData, PublishJobResult } from './publish-queue.ts';
import { retryDelayMs } from './retry-delay.ts';

export type PublishJob = Job<PublishJobData, PublishJobResult>;

/** The processor of every publish queue (declared once, used for all three platforms). */
export type PublishProcessor = (job: PublishJob, token?: string) => Promise<PublishJobResult>;

/** A retry the processor set up (for the worker's log). */
export interface RetryNotice {
  postId: string;
  /** The attempt that asked for it (1-based). */
  attempt: number;
  at: Date;
  reason: string;
}

/** Options of {@link createPublishProcessor}. */
export interface PublishProcessorOptions {
  publisher: Publisher;
  /**
   * Holds the whole platform queue for `ms` (BullMQ manual rate limit on this queue), that is
   * until `hold.until`; `hold.reason` is the platform's answer.
   */
  rateLimit: (ms: number, hold: { until: Date; reason: string }) => Promise<void>;
  /** Attempts per post (`publishing.attempts`) and the first retry's nominal delay (`publishing.backoffMs`). */
  retries: { attempts: number; backoffMs: number };
  /** Told of every retry set up. Default: nothing. */
  onRetry?: (notice: RetryNotice) => void;
}

/**
 * Thin: runs one publish attempt and maps the domain outcome onto BullMQ.
 * - done → the job completes;
 * - wait → the job moves to delayed without using an attempt;
 * - retry (or an error thrown before any outcome, Redis trouble say) → the job moves to delayed by
 *   an exponential backoff with jitter and counts the attempt in its data; after the last attempt
 *   the job fails (the publisher decides when attempts are exhausted and records the final state);
 * - rate-limited → the platform queue stops until the reset time and the job goes back to waiting
 *   without using an attempt.
 * Retries are counted here, not by BullMQ's `attempts` and `backoff` job options: BullMQ stores
 * those with every job, which made each waiting post's job too long for Redis's compact encoding
 * (see publish-job-id.ts). A retry is safe to set up at any point: the next attempt reads the
 * post's state and reconciles with the platform before anything is sent again.
 */
export function createPublishProcessor({
  publisher,
  rateLimit,
  retries,
  onRetry,
}: PublishProcessorOptions): PublishProcessor {
  const retryLater = async (job: PublishJob, token: string | undefined, attempt: number, error: Error) => {
    if (attempt >= retries.attempts) throw error;
    const at = new Date(Date.now() + retryDelayMs(attempt, retries.backoffMs));
    // The count first: a worker dying between the two runs the job again (stalled) one attempt on.
    await job.updateData({ ...job.data, attempt });
    await job.moveToDelayed(at.getTime(), token);
    onRetry?.({ postId: job.data.postId, attempt, at, reason: error.message });
    throw new DelayedError(error.message);
  };
  return async (job, token) => {
    const attempt = (job.data.attempt ?? 0) + 1;
    let outcome: Awaited<ReturnType<Publisher['publish']>>;
    try {
      outcome = await publisher.publish(job.data.postId, attempt);
    } catch (error) {
      return retryLater(job, token, attempt, error instanceof Error ? error : new Error(String(error)));
    }
    switch (outcome.kind) {
      case 'done':
        return { state: outcome.state, note: outcome.note };
      case 'wait':
        await job.moveToDelayed(outcome.until.getTime(), token);
        throw new DelayedError(outcome.reason);
      case 'rate-limited':
        await rateLimit(Math.max(1, outcome.until.getTime() - Date.now()), outcome);
        throw Worker.RateLimitError();
      case 'retry':
        return retryLater(job, token, attempt, new Error(outcome.reason));
    }
  };
}
