import type { PostRecord, PublishingLog } from '../log/publishing-log.ts';
import type { PublishQueuePort } from './publish-queue-port.ts';
import type { Scheduler } from './scheduler.ts';

/** How many posts' job states a sweep asks for at once. */
const SWEEP_BATCH = 500;

/** What one sweep found and did. */
export interface SweepReport {
  checked: number;
  /** Posts that had no live job and were queued again (for publishing or reconciliation). */
  requeued: Array<{ postId: string; state: string; job: string }>;
}

/**
 * Finds posts that would otherwise wait forever: `scheduled` with no job (a crash between logging and
 * queueing, a job lost with Redis data), or `publishing` with no running job (its worker died and
 * BullMQ gave the job up as stalled). Each gets a job again; the publisher then reconciles a
 * `publishing` one with the platform before anything is sent, so a sweep never causes a repost.
 */
export class Sweeper {
  constructor(
    private readonly publishingLog: PublishingLog,
    private readonly queue: PublishQueuePort,
    private readonly scheduler: Scheduler,
  ) {}

  async sweep(): Promise<SweepReport> {
    const records = await this.publishingLog.query({ state: ['scheduled', 'publishing'] });
    const report: SweepReport = { checked: records.length, requeued: [] };
    for (let from = 0; from < records.length; from += SWEEP_BATCH) {
      const batch = records.slice(from, from + SWEEP_BATCH);
      // A batch's job states go out together (one round trip, not one per post): a sweep runs
      // every minute over every waiting post.
      const jobs = await Promise.all(batch.map((record) => this.queue.jobState(record.postId, record.platform)));
      for (const [i, record] of batch.entries()) {
        const job = jobs[i]!;
        if (isLive(job)) continue;
        // The list was read before the job states: a post whose job finished since is final now (its
        // record is written before its job completes). Read it again, or it would get a job for nothing.
        const now = await this.publishingLog.get(record.postId);
        if (now?.state !== 'scheduled' && now?.state !== 'publishing') continue;
        await this.scheduler.requeue(record as PostRecord);
        report.requeued.push({ postId: record.postId, state: record.state, job });
      }
    }
    return report;
  }
}

function isLive(job: string): boolean {
  return job === 'waiting' || job === 'delayed' || job === 'active' || job === 'other';
}
