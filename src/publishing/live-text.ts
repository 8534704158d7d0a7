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
 * Why the post's text may already be live on its platform, or undefined. Such a post keeps its text
 * — edited by a person, by its news item, or moved to another time — since the next attempt
 * reconciles by looking for the text that was sent: a new text would not be found and would be
 * posted as well. It may be live when an attempt claimed it or posted thread parts (the post store),
 * when it is unconfirmed or has a platform id, or when its history shows a claim (see
 * {@link historyShowsClaim}).
 */
export async function liveTextReason(
  record: PostRecord,
  stored: StoredPost,
  log: Pick<PublishingLog, 'facts' | 'timeline'>,
  /** The channel's zone, for the times the reason gives. */
  zone: string,
): Promise<string | undefined> {
  const locked = textLockedReason(stored, zone);
  if (locked) return locked;
  if (record.state === 'unconfirmed') return 'it is unconfirmed (an earlier attempt may have landed)';
  if (record.platformPostId !== undefined) return `it has a platform post id (${record.platformPostId})`;
  return (await historyShowsClaim(record, log)) ? 'its history shows an attempt that reached the platform' : undefined;
}
