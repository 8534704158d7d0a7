import type { Platform } from '../config/config-schema.ts';

/**
 * The publish queues as the domain sees them (implemented with BullMQ in queues/publish-queue.ts).
 * A post's job id is derived from the post id, so whatever happens a post has at most one job.
 */
export interface PublishQueuePort {
  /**
   * Queues the jobs of posts whose first log entries were just written, in one round trip per
   * platform: they cannot have jobs yet (a job is only ever added after its post's record), so
   * none is looked for. Should one exist all the same, it stays as it is, and a post whose job has
   * finished is queued again by the sweep.
   */
  enqueueNew(jobs: ReadonlyArray<NewPublishJob>): Promise<void>;
  /**
   * Makes sure the post has one pending job that fires at `runAt`: adds it, moves a delayed one,
   * or replaces a finished one (a finished job with the same id would silently block a new add).
   * A job that is running is left alone: the publisher re-reads the post's state and time.
   */
  enqueue(postId: string, platform: Platform, runAt: Date): Promise<void>;
  /** Removes the post's pending job, if any (a running job sees the new state and does nothing). */
  remove(postId: string, platform: Platform): Promise<void>;
  /** Moves the post's pending job to `runAt` (same guarantees as enqueue). */
  changeTime(postId: string, platform: Platform, runAt: Date): Promise<void>;
  /** The state of the post's job: 'none' when there is no job at all. */
  jobState(postId: string, platform: Platform): Promise<PublishJobState>;
}

/** A new post's job (see {@link PublishQueuePort.enqueueNew}). */
export interface NewPublishJob {
  postId: string;
  platform: Platform;
  runAt: Date;
}

export type PublishJobState = 'none' | 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'other';
