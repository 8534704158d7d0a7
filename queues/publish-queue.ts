import { type ConnectionOptions, type Job, type JobState, Queue } from 'bullmq';
import type { Config, Platform } from '../src/config/config-schema.ts';
import { PLATFORMS } from '../src/config/config-schema.ts';
import { EARLY_TOLERANCE_MS } from '../src/planning/publish-window.ts';
import type { NewPublishJob, PublishJobState, PublishQueuePort } from '../src/publishing/publish-queue-port.ts';
import { redisKeys } from '../src/redis/redis-keys.ts';
import { jobIdFor } from './publish-job-id.ts';

/** One publish queue per platform, so one platform's throttling never stalls another. */
export const PUBLISH_QUEUE_NAMES: Readonly<Record<Platform, string>> = {
  twitter: 'publish-twitter',
  linkedin: 'publish-linkedin',
  facebook: 'publish-facebook',
};

/** The job name inside a publish queue. */
export const PUBLISH_JOB = 'publish';

/** A job carries only the post id: text and time are read at run time, so a job is never stale. */
export interface PublishJobData {
  postId: string;
  /** Attempts made so far, once one asked for a retry (publish-processor.ts counts them). */
  attempt?: number;
}

/** What a finished job returns (kept in BullMQ for inspection). */
export interface PublishJobResult {
  state: string;
  note: string;
}

/** Finished jobs are kept this long for inspection, then trimmed (the publishing log is the record). */
export const KEEP_COMPLETED = { age: 7 * 24 * 3600, count: 10_000 } as const;
export const KEEP_FAILED = { age: 30 * 24 * 3600 } as const;
/**
 * Entries kept in each queue's BullMQ event stream (BullMQ's default: 10,000). Nothing in secon-bot
 * reads that stream (the publishing log is the record); it is kept short for queue tools (Bull
 * Board, Taskforce), as at ~150 bytes an event 10,000 of them per queue cost more than 1 MB.
 */
export const QUEUE_EVENTS_KEPT = 1_000;

/**
 * The BullMQ side of {@link PublishQueuePort}: three queues under the configured key prefix, one
 * job per post, its id derived from the post id (publish-job-id.ts). How long finished jobs are
 * kept (KEEP_COMPLETED, KEEP_FAILED) and how often a post is retried are the workers' business,
 * not options stored with every job: each would cost every waiting post bytes of Redis.
 */
export class PublishQueue implements PublishQueuePort {
  readonly queues: Readonly<Record<Platform, Queue<PublishJobData, PublishJobResult>>>;

  /** `onError`: connection trouble of the queues (they reconnect by themselves). Default: ignored. */
  constructor(config: Config, connection: ConnectionOptions, onError: (error: Error) => void = () => undefined) {
    const make = (platform: Platform) => {
      const queue = new Queue<PublishJobData, PublishJobResult>(PUBLISH_QUEUE_NAMES[platform], {
        connection,
        prefix: redisKeys(config.redis.keyPrefix).prefix,
        streams: { events: { maxLen: QUEUE_EVENTS_KEPT } },
      });
      queue.on('error', onError);
      return queue;
    };
    this.queues = { twitter: make('twitter'), linkedin: make('linkedin'), facebook: make('facebook') };
  }

  queue(platform: Platform): Queue<PublishJobData, PublishJobResult> {
    return this.queues[platform];
  }

  /**
   * The post's job: under its id, or under the post id itself for a job queued before job ids
   * were derived (those run and are found as before until they are gone). Both lookups go out
   * together: one round trip.
   */
  private async jobOf(postId: string, platform: Platform): Promise<Job<PublishJobData, PublishJobResult> | undefined> {
    const queue = this.queue(platform);
    const [job, earlier] = await Promise.all([queue.getJob(jobIdFor(postId)), queue.getJob(postId)]);
    return job ?? earlier;
  }

  async enqueue(postId: string, platform: Platform, runAt: Date): Promise<void> {
    const delay = Math.max(0, runAt.getTime() - Date.now());
    const job = await this.jobOf(postId, platform);
    if (job) {
      const state = await job.getState();
      if (state === 'active') return;
      if (state === 'delayed') {
        if (delay > 0) await job.changeDelay(delay);
        else await job.promote().catch(() => undefined);
        return;
      }
      // A waiting job runs at once: keep it when it is early by no more than the publisher accepts
      // (the same tolerance as publishDecision, so the job does not just go back to wait).
      if ((state === 'waiting' || state === 'prioritized') && delay <= EARLY_TOLERANCE_MS) return;
      // A finished job (or a waiting one that must now wait longer): replace it. A job with the
      // same id would otherwise make add() a silent no-op. If a worker took it meanwhile, removal
      // fails and that worker's run re-reads the post's time and state.
      try {
        await job.remove();
      } catch {
        return;
      }
    }
    await this.add(postId, platform, delay);
  }

  async enqueueNew(jobs: ReadonlyArray<NewPublishJob>): Promise<void> {
    // No lookup first (two reads per new post): BullMQ adds nothing when the id is taken. One
    // addBulk per platform: a round trip for all of a news item's posts on it.
    const now = Date.now();
    await Promise.all(
      PLATFORMS.map((platform) => {
        const mine = jobs.filter((j) => j.platform === platform);
        if (!mine.length) return undefined;
        return this.queue(platform).addBulk(
          mine.map(({ postId, runAt }) => ({
            name: PUBLISH_JOB,
            data: { postId },
            opts: { jobId: jobIdFor(postId), delay: Math.max(0, runAt.getTime() - now) },
          })),
        );
      }),
    );
  }

  private async add(postId: string, platform: Platform, delay: number): Promise<void> {
    await this.queue(platform).add(PUBLISH_JOB, { postId }, { jobId: jobIdFor(postId), delay });
  }

  changeTime(postId: string, platform: Platform, runAt: Date): Promise<void> {
    return this.enqueue(postId, platform, runAt);
  }

  async remove(postId: string, platform: Platform): Promise<void> {
    const job = await this.jobOf(postId, platform);
    // A running (locked) job cannot be removed; it finds the post cancelled and does nothing.
    await job?.remove().catch(() => undefined);
  }

  async jobState(postId: string, platform: Platform): Promise<PublishJobState> {
    // BullMQ's state script alone (which list or set holds the id): the job itself is not read.
    // The id of a job queued before job ids were digests is asked for only when the digest has
    // none: nearly every post has its job, so the sweep asks once per post.
    const queue = this.queue(platform);
    const state = await queue.getJobState(jobIdFor(postId));
    return publishJobState(state === 'unknown' ? await queue.getJobState(postId) : state);
  }

  async close(): Promise<void> {
    await Promise.all(PLATFORMS.map((p) => this.queues[p].close()));
  }
}

/** A BullMQ job state as the domain names it (publish-queue-port.ts). */
function publishJobState(state: JobState | 'unknown'): PublishJobState {
  switch (state) {
    case 'waiting':
    case 'delayed':
    case 'active':
    case 'completed':
    case 'failed':
      return state;
    case 'prioritized':
    case 'waiting-children':
      return 'waiting';
    case 'unknown':
      return 'none';
    default:
      return 'other';
  }
}
