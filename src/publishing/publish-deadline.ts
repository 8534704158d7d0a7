import type { Platform } from '../config/config-schema.ts';
import type { PlannedPost } from '../posts/post.ts';

/**
 * Requests an adapter may make per image before the post is created (read from the adapters):
 * - X: chunked media upload of at most 5 MB in 1 MB chunks (INIT, 5 × APPEND, FINALIZE, STATUS)
 *   plus the alt-text metadata call: 9;
 * - LinkedIn: initializeUpload and the PUT of the bytes: 2;
 * - Facebook: one photo upload (the single-photo post itself, or an unpublished photo): 1.
 */
export const REQUESTS_PER_IMAGE: Readonly<Record<Platform, number>> = { twitter: 9, linkedin: 2, facebook: 1 };

/** Options of {@link worstCasePublishMs}. */
export interface PublishDeadlineOptions {
  /** The adapters' per-request timeout. */
  requestTimeoutMs: number;
  /** Timeout of fetching a remote image (images load in parallel, once per call). */
  imageTimeoutMs: number;
  /** Slack on top: clock drift, Redis round trips, the event loop. */
  marginMs: number;
}

/**
 * The longest one publish call of this post can take when every request runs to its timeout:
 * image loading, then each upload request, then one create per thread part (or the one create).
 * A claim lease at least this long cannot lapse while the call is in flight, even if Redis stops
 * answering right after the lease was extended.
 */
export function worstCasePublishMs(
  post: Pick<PlannedPost, 'platform' | 'rendered'>,
  options: PublishDeadlineOptions,
): number {
  const images = post.rendered.images.length;
  const creates = post.rendered.thread?.length ? post.rendered.thread.length : 1;
  const requests = images * REQUESTS_PER_IMAGE[post.platform] + creates;
  return (images ? options.imageTimeoutMs : 0) + requests * options.requestTimeoutMs + options.marginMs;
}
