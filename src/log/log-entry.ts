import type { Platform } from '../config/config-schema.ts';
import type { ErrorKind } from '../platforms/platform-error.ts';
import type { PostKind, PostState } from '../posts/post.ts';

/**
 * One entry of the append-only publishing log: a state change of one post. Nothing ever edits or
 * deletes an entry; a correction is a new entry.
 * (Issue #7 owns this file; keep the exported names stable.)
 */
export interface LogEntry {
  postId: string;
  newsId: string;
  channel: string;
  platform: Platform;
  language: string;
  kind: PostKind;
  /** ISO date-time the post was planned for. */
  plannedAt: string;
  /** ISO date-time of this state change. */
  at: string;
  /** Publish attempt number (0 before the first attempt). */
  attempt: number;
  state: PostState;
  platformPostId?: string;
  url?: string;
  errorKind?: ErrorKind;
  /** The platform's own message (secrets scrubbed). */
  errorMessage?: string;
  /** The text that was (or would have been) sent. */
  text: string;
  /** sha256 of `text`. */
  textHash: string;
  /** Who or what caused the change (worker id, "cli:approve", …) and any remark. */
  actor?: string;
  note?: string;
}
