import type { PostState } from '../posts/post.ts';

/**
 * What one publish attempt asks of the queue. The domain decides; queues/ maps it onto BullMQ
 * (complete, move to delayed, throw for a retry with backoff, or the manual rate limit).
 */
export type PublishOutcome =
  /** Nothing more for this job: the post is in `state` (or was never ours to publish). */
  | { kind: 'done'; state: PostState | 'unknown'; note: string }
  /** Not now: run this job again at `until` (not time yet, channel paused, post held by another). */
  | { kind: 'wait'; until: Date; reason: string }
  /** Failed for now: retry with the queue's exponential backoff and jitter (counts an attempt). */
  | { kind: 'retry'; reason: string }
  /** The platform throttles: the whole platform queue waits until `until` (no attempt counted). */
  | { kind: 'rate-limited'; until: Date; reason: string };
