import type { PostState } from '../posts/post.ts';

/** What {@link approvalAfterEdit} weighs: a post that exists, and its plan from the edited news item. */
export interface EditedPostFacts {
  /** The post's state now. */
  state: PostState;
  /** The state the new plan gives it (`awaiting-approval` when its channel, the intake or a hold wants a person). */
  planned: PostState;
  textChanged: boolean;
  /** The new plan's hold (RenderedPost.hold), if any. */
  hold: string | undefined;
  /** The stored payload's hold, read only when it decides something (one read of Redis). */
  heldBefore: () => Promise<string | undefined>;
}

/** The post's state after the edit, the log note, and whether it now waits for a person again. */
export interface EditedApproval {
  state: PostState;
  note: string;
  reapprove: boolean;
}

/** The note of an edit that changes nothing about approval. */
export const UPDATED_NOTE = 'updated from the edited news item';

/**
 * What an edited news item does to the approval of one of its posts that has not gone out:
 * - Someone approved the old text; nobody approved the new one. When the plan wants a person for
 *   it (channel or intake), it waits for approval again.
 * - A plan that newly holds an approved post (a thread grew too long, a feed's item now reads as
 *   another language) sends it back too; a hold the approved text already had was seen by its approver.
 * - A post that waited only for its hold (no channel or intake asks for approval) and whose new
 *   plan no longer holds it is scheduled: the reason it waited is gone, and nobody was asked to
 *   approve it otherwise. (A person's own edit of the text drops the hold: such a post stays.)
 */
export async function approvalAfterEdit(facts: EditedPostFacts): Promise<EditedApproval> {
  const { state, planned, textChanged, hold } = facts;
  if (state === 'scheduled' && planned === 'awaiting-approval') {
    const newHold = !textChanged && hold !== undefined && (await facts.heldBefore()) === undefined;
    if (!textChanged && !newHold) return { state, note: UPDATED_NOTE, reapprove: false };
    const note = hold
      ? `${textChanged ? 'the edited news item changed the approved text and the post' : 'the post of the edited news item'} waits for a person: ${hold}`
      : 'the edited news item changed the approved text; waits for approval again';
    return { state: 'awaiting-approval', note, reapprove: true };
  }
  if (state === 'awaiting-approval' && planned === 'scheduled' && (await facts.heldBefore()) !== undefined)
    return { state: 'scheduled', note: `${UPDATED_NOTE}, which no longer holds it for a person`, reapprove: false };
  return { state, note: UPDATED_NOTE, reapprove: false };
}
