import type { LogEntry } from './log-entry.ts';
import { timelineBatches } from './post-timelines.ts';
import type { PostRecord, PublishingLog } from './publishing-log.ts';

/**
 * The note an approval writes on its entry (`PostActions.approve`, src/publishing/post-actions.ts,
 * from the CLI and the desk alike): the entry that moves a post from awaiting approval to scheduled.
 */
export const APPROVED_NOTE = 'approved';

/** Who approved a post and when: what an audit asks beside the link and the final state. */
export interface PostApproval {
  /** The approval's actor: `cli:approve`, `web:<user>`. */
  approvedBy: string;
  /** ISO date-time of the approval. */
  approvedAt: string;
}

/** A record with its approval, when someone approved it. */
export type AuditedRecord = PostRecord & Partial<PostApproval>;

/**
 * The approval that holds at the end of a timeline: the last approval entry, unless the post went
 * back to awaiting approval after it (an edit that asks again). Undefined for a post never approved.
 */
export function postApproval(timeline: ReadonlyArray<LogEntry>): PostApproval | undefined {
  let approval: PostApproval | undefined;
  for (const entry of timeline) {
    if (entry.state === 'awaiting-approval') approval = undefined;
    else if (entry.note === APPROVED_NOTE) approval = { approvedBy: entry.actor ?? '', approvedAt: entry.at };
  }
  return approval;
}

/**
 * The records with who approved each and when, read from their timelines (the record's own actor
 * is whoever touched it last: for a published post, the worker).
 */
export async function withApprovals(
  log: Pick<PublishingLog, 'timeline'>,
  records: ReadonlyArray<PostRecord>,
): Promise<AuditedRecord[]> {
  const approvals: Array<PostApproval | undefined> = [];
  for await (const batch of timelineBatches(
    log,
    records.map((r) => r.postId),
  ))
    for (const timeline of batch) approvals.push(postApproval(timeline));
  return records.map((record, i) => ({ ...record, ...approvals[i] }));
}
