import { type PostApproval, resolvedFacts } from './post-facts.ts';
import type { PostRecord, PublishingLog } from './publishing-log.ts';

/** A record with its approval, when someone approved it. */
export type AuditedRecord = PostRecord & Partial<PostApproval>;

/**
 * The records with who approved each and when: the approval in force, kept on each record beside
 * its current entry (src/log/post-facts.ts), so that retention does not take it away. The record's
 * own actor is whoever touched it last: for a published post, the worker.
 */
export async function withApprovals(
  log: Pick<PublishingLog, 'facts' | 'timeline'>,
  records: ReadonlyArray<PostRecord>,
): Promise<AuditedRecord[]> {
  const facts = await resolvedFacts(
    log,
    records.map((r) => r.postId),
  );
  return records.map((record, i) => ({ ...record, ...facts[i]?.approval }));
}
