import { DelayedError, type Job, Worker } from 'bullmq';
import type { Publisher } from '../src/publishing/publisher.ts';
import type { PublishJobData, PublishJobResult } from './publish-queue.ts';

export type PublishJob = Job<PublishJobData, PublishJobResult>;

/** The processor of every publish queue (declared once, used for all three platforms). */
export type PublishProcessor = (job: PublishJob, token?: string) => Promise<PublishJobResult>;

/** Options of {@link createPublishProcessor}. */
export interface PublishProcessorOptions {
  publisher: Publisher;
  /**
   * Holds the whole platform queue for `ms` (BullMQ manual rate limit on this queue), that is
   * until `hold.until`; `hold.reason` is the platform's answer.
   */
  rateLimit: (ms: number, hold: { until: Date; reason: string }) => Promise<void>;
}

/**
 * Thin: runs one publish attempt and maps the domain outcome onto BullMQ.
 * - done → the job completes;
 * - wait → the job moves to delayed without using an attempt;
 * - retry → throw, so BullMQ retries with exponential backoff and jitter (the publisher decides
 *   when attempts are exhausted and records the final state itself);
 * - rate-limited → the platform queue stops until the reset time and the job goes back to waiting
 *   without using an attempt.
 */
export function createPublishProcessor({ publisher, rateLimit }: PublishProcessorOptions): PublishProcessor {
  return async (job, token) => {
    const outcome = await publisher.publish(job.data.postId, job.attemptsMade + 1);
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
        throw new Error(outcome.reason);
    }
  };
}
