import { hashText, type LogEntry } from '../log/log-entry.ts';
import type { PostRecord } from '../log/publishing-log.ts';
import type { PlannedPost, PostState } from '../posts/post.ts';

/** The text a post's log entries carry: the post, or every part of an X thread. */
export function loggedText(post: PlannedPost): string {
  return post.rendered.thread?.length ? post.rendered.thread.join('\n\n') : post.rendered.text;
}

export const sha256 = hashText;

/** What a state change adds to the post's identity. */
export type EntryPatch = Partial<
  Pick<LogEntry, 'platformPostId' | 'url' | 'errorKind' | 'errorMessage' | 'actor' | 'note' | 'attempt' | 'plannedAt'>
>;

/** The first entry of a newly planned post. */
export function firstEntry(post: PlannedPost, state: PostState, at: Date, patch: EntryPatch = {}): LogEntry {
  const text = loggedText(post);
  return {
    postId: post.postId,
    newsId: post.newsId,
    channel: post.channel,
    platform: post.platform,
    language: post.language,
    kind: post.kind,
    plannedAt: post.plannedAt,
    at: at.toISOString(),
    attempt: 0,
    state,
    text,
    textHash: sha256(text),
    ...patch,
  };
}

/**
 * The next entry of a post: identity, text and attempt carried over from its record; outcome fields
 * (ids, errors, notes) only when given, so an old error never sticks to a later state.
 */
export function nextEntry(
  record: PostRecord,
  state: PostState,
  at: Date,
  patch: EntryPatch = {},
  post?: PlannedPost,
): LogEntry {
  const text = post ? loggedText(post) : record.text;
  return {
    postId: record.postId,
    newsId: record.newsId,
    channel: record.channel,
    platform: record.platform,
    language: record.language,
    kind: record.kind,
    plannedAt: post?.plannedAt ?? record.plannedAt,
    at: at.toISOString(),
    attempt: record.attempt,
    state,
    text,
    textHash: post ? sha256(text) : record.textHash,
    ...(state === 'published' ? { platformPostId: record.platformPostId, url: record.url } : {}),
    ...patch,
  };
}
