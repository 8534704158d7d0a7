import { createHash } from 'node:crypto';
import type { Platform } from '../config/config-schema.ts';

/** What a post is about: the news kinds plus the follow-ups planning adds for events. */
export const POST_KINDS = ['announcement', 'recap', 'news', 'reminder', 'event-day'] as const;
export type PostKind = (typeof POST_KINDS)[number];

/**
 * The life of a post. `publishing` is an atomic claim: only the claimant calls the platform.
 * `unconfirmed` means the outcome could not be settled and a person must look — never a blind repost.
 */
export const POST_STATES = [
  'draft',
  'awaiting-approval',
  'scheduled',
  'publishing',
  'published',
  'failed',
  'missed',
  'cancelled',
  'unconfirmed',
] as const;
export type PostState = (typeof POST_STATES)[number];

/** States after which nothing happens without a person. */
export const FINAL_STATES: ReadonlySet<PostState> = new Set([
  'published',
  'failed',
  'missed',
  'cancelled',
  'unconfirmed',
]);

/** States still waiting to go out: they hold a slot on their channel. */
export const PENDING_STATES: ReadonlyArray<PostState> = ['draft', 'awaiting-approval', 'scheduled', 'publishing'];
/** States whose text and time may still change (by an edited news item, a reschedule or an edit). */
export const EDITABLE_STATES: ReadonlyArray<PostState> = ['draft', 'awaiting-approval', 'scheduled'];
/**
 * States whose text a person may edit: those above, and a post that failed or was missed, so that
 * a text the platform refused can be corrected before a retry (unless it may be live: live-text.ts).
 */
export const TEXT_EDITABLE_STATES: ReadonlyArray<PostState> = [...EDITABLE_STATES, 'failed', 'missed'];
/** States in which a post waits for a person's approval (`approve` lets it go). */
export const AWAITING_APPROVAL_STATES: ReadonlyArray<PostState> = ['awaiting-approval', 'draft'];
/** States a person may cancel: nothing has gone out and no attempt is working on the post. */
export const CANCELLABLE_STATES: ReadonlyArray<PostState> = ['draft', 'awaiting-approval', 'scheduled'];
/**
 * Whether a post in `state` waits for its channel when the channel is paused: every post that may
 * still go out (a failed one too, once retried); not one that went out or was cancelled.
 */
export function heldByPause(state: PostState): boolean {
  return state !== 'published' && state !== 'cancelled';
}
/** States a person may send back to the queue (the publisher reconciles first where an attempt may have landed). */
export const RETRYABLE_STATES: ReadonlyArray<PostState> = ['failed', 'missed', 'unconfirmed'];
/** States that wait for a person: the approvals list. */
export const WAITING_STATES: ReadonlyArray<PostState> = ['awaiting-approval', 'missed', 'unconfirmed'];

/** An image to attach, resolved from the news item. */
export interface PostImage {
  /** Absolute local path or http(s) URL. */
  src: string;
  alt: string;
}

/** A link preview card (LinkedIn article, Facebook link). */
export interface PostArticle {
  source: string;
  title: string;
  description: string;
}

/** The text of one post exactly as it will be sent, with what was measured about it. */
export interface RenderedPost {
  /** Exactly what is sent (for LinkedIn: the escaped commentary; for an X thread: the first part). */
  text: string;
  /** X only: every part of a thread, in order (the first equals `text`). */
  thread?: string[];
  /** The link (with tracking parameters) sent as the platform's link field. */
  link?: string;
  article?: PostArticle;
  images: PostImage[];
  metrics: { length: number; weightedLength?: number; limit: number };
  warnings: string[];
  /**
   * Why the post cannot go out without a person (a thread longer than the channel allows, a text
   * that cannot be made to fit): planning puts it in `awaiting-approval`, and the reason is shown.
   */
  hold?: string;
}

/** True when the text that would be sent is over its platform's limit (a held post nobody fitted yet). */
export function overLimit(rendered: RenderedPost): boolean {
  if (rendered.thread?.length) return false;
  return (rendered.metrics.weightedLength ?? rendered.metrics.length) > rendered.metrics.limit;
}

/** Which post: the fields every planned post, log entry and record share. */
export interface PostIdentity {
  /** Deterministic from news id, channel, language and kind: see post-id.ts. */
  postId: string;
  newsId: string;
  channel: string;
  platform: Platform;
  language: string;
  kind: PostKind;
  /** ISO date-time (UTC) when it should go out. */
  plannedAt: string;
}

/** A person's text in place of the template's (`edit`, the desk's Save text). */
export interface PersonEdit {
  /** Who wrote it: the actor of the log entry. */
  by: string;
  /** When (ISO). */
  at: string;
  /**
   * sha256 of the template's text (log-entries.ts loggedText) the person's words replaced: the
   * desk shows the item's text beside theirs, and says when the item changed since.
   */
  replaced: string;
  /**
   * sha256 of the template's text the post was last checked against: what they replaced, then the
   * text of each edit of the news item that sent the post to a person (scheduler.ts). An edited
   * item whose template text for the post differs from it changed the news under their words.
   */
  template: string;
}

/** A planned post: what, where, in which language, and when. */
export interface PlannedPost extends PostIdentity {
  /** Posts announcing an event must never go out after this (ISO). */
  notAfter?: string;
  /** Initial state: `scheduled`, or `awaiting-approval` when the channel or feed needs a person. */
  state: PostState;
  rendered: RenderedPost;
  /** Set when a person wrote the text: an edited news item then keeps their words (scheduler.ts). */
  edited?: PersonEdit;
}

/** News ids that can stand in a post id as they are (no separator, no BullMQ-reserved ':'). */
const SAFE_NEWS_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** Hex digits of the digest that stands for an unsafe news id in a post id. */
const NEWS_DIGEST_HEX = 16;

/** What {@link newsKey} makes of an unsafe news id: "n" and the digest. */
export const NEWS_DIGEST = new RegExp(`^n[0-9a-f]{${NEWS_DIGEST_HEX}}$`);

/** The news id part of a post id: the id itself when safe, else a stable hash of it. */
export function newsKey(newsId: string): string {
  return SAFE_NEWS_ID.test(newsId)
    ? newsId
    : `n${createHash('sha256').update(newsId).digest('hex').slice(0, NEWS_DIGEST_HEX)}`;
}

/**
 * The post id, also the BullMQ job id: the same news, channel, language and kind always give the
 * same id, so planning an item twice can never create a second job — the root of "never twice".
 * Parts are joined with "." which none of them contains.
 */
export function postIdFor(newsId: string, channel: string, language: string, kind: PostKind): string {
  return [newsKey(newsId), channel, language, kind].join('.');
}

/**
 * The channel a post id names (see postIdFor), or undefined when the id is not of that form. Only
 * a guess that saves a round trip: whoever uses it checks it against the post's record.
 */
export function channelOfPostId(postId: string): string | undefined {
  const parts = postId.split('.');
  return parts.length === 4 ? parts[1] : undefined;
}
