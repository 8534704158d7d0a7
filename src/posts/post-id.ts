import { createHash } from 'node:crypto';
import type { PostKind } from './post.ts';

/** News ids that can stand in a post id as they are (no separator, no BullMQ-reserved ':'). */
const SAFE_NEWS_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** The news id part of a post id: the id itself when safe, else a stable hash of it. */
export function newsKey(newsId: string): string {
  return SAFE_NEWS_ID.test(newsId) ? newsId : `n${createHash('sha256').update(newsId).digest('hex').slice(0, 16)}`;
}

/**
 * The post id, also the BullMQ job id: the same news, channel, language and kind always give the
 * same id, so planning an item twice can never create a second job — the root of "never twice".
 * Parts are joined with "." which none of them contains.
 */
export function postIdFor(newsId: string, channel: string, language: string, kind: PostKind): string {
  return [newsKey(newsId), channel, language, kind].join('.');
}
