import type { LogEntry } from '../log/log-entry.ts';
import { type PostFacts, resolvedFacts } from '../log/post-facts.ts';
import type { PostRecord, PublishingLog } from '../log/publishing-log.ts';
import { type StoredPost, textLockedReason } from './post-store.ts';

/**
 * Whether the post's log ever held a claim or a platform id. The claim mark in the post store
 * says so too, but it can be lost with Redis's last writes or never written (a crash between the
 * claim and the mark), so a post that looks unclaimed is checked against its history as well:
 * against the facts its record keeps (post-facts.ts), which retention does not trim, as a timeline
 * would be. The facts are read even for a record that looks to be at its first entry: one
 * restored by `history import` from an older export begins at its current entry, with a claim
 * its trimmed entries made.
 */
export async function historyShowsClaim(
  record: PostRecord,
  log: Pick<PublishingLog, 'facts' | 'timeline'>,
  /** The record's facts when the caller read them with the record (the publisher): no second read. */
  known?: PostFacts,
): Promise<boolean> {
  const facts = known?.complete ? known : (await resolvedFacts(log, [record.postId]))[0];
  return facts?.claimed ?? false;
}

/**
 * The error kinds of an attempt that prove the platform took nothing: it refused the request as a
 * whole (contracts: "rejected", "rate-limited", "auth" never store the post; "duplicate" refuses
 * it because the same text is live already, and an attempt that found that post to be its own
 * ended published, with a platform id). A transient error (a 5xx may come after the post was
 * stored), an unknown outcome or an attempt with no recorded end prove nothing.
 */
const REFUSALS: ReadonlySet<string> = new Set(['rejected', 'rate-limited', 'auth', 'duplicate']);

/**
 * True when the post's whole timeline is at hand (its first entry is the one it began with:
 * retention trimmed nothing) and every attempt that claimed it ended, in the very next entry, in
 * a refusal ({@link REFUSALS}), with no platform id anywhere: nothing of it can be live. A thread
 * part already posted is in the post store and is checked before this.
 */
export function everyClaimRefused(record: Pick<PostRecord, 'createdAt'>, timeline: ReadonlyArray<LogEntry>): boolean {
  if (timeline[0]?.at !== record.createdAt) return false;
  let claims = 0;
  for (const [i, entry] of timeline.entries()) {
    if (entry.platformPostId !== undefined) return false;
    if (entry.state !== 'publishing') continue;
    claims++;
    const end = timeline[i + 1];
    if (!end || end.attempt !== entry.attempt || !REFUSALS.has(end.errorKind ?? '')) return false;
  }
  return claims > 0;
}

/**
 * Why the post's text may already be live on its platform, or undefined. Such a post keeps its text
 * — edited by a person, by its news item, or moved to another time — since the next attempt
 * reconciles by looking for the text that was sent: a new text would not be found and would be
 * posted as well. It may be live when an attempt posted thread parts (the post store), when it is
 * unconfirmed or has a platform id, or when an attempt claimed it (the post store's claim mark, or
 * a claim in its history, see {@link historyShowsClaim}) — unless its timeline proves that every
 * attempt was refused by the platform ({@link everyClaimRefused}): a post refused for its text can
 * then be corrected.
 */
export async function liveTextReason(
  record: PostRecord,
  stored: StoredPost,
  log: Pick<PublishingLog, 'facts' | 'timeline'>,
  /** The channel's zone, for the times the reason gives. */
  zone: string,
): Promise<string | undefined> {
  if (stored.postedParts.length) return textLockedReason(stored, zone);
  if (record.state === 'unconfirmed') return 'it is unconfirmed (an earlier attempt may have landed)';
  if (record.platformPostId !== undefined) return `it has a platform post id (${record.platformPostId})`;
  const claimed = textLockedReason(stored, zone);
  if (!claimed && !(await historyShowsClaim(record, log))) return undefined;
  if (everyClaimRefused(record, await log.timeline(record.postId))) return undefined;
  return claimed ?? 'its history shows an attempt that reached the platform';
}
