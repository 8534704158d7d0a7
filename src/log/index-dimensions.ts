/** The indexed fields of a record (each has a sorted-set index: see src/redis/redis-keys.ts); `news` indexes `newsId`. */
export const INDEX_DIMENSIONS = ['channel', 'platform', 'language', 'news', 'kind', 'state'] as const;
export type IndexDimension = (typeof INDEX_DIMENSIONS)[number];

/** The record field each index dimension reads. */
export const DIMENSION_FIELD = {
  channel: 'channel',
  platform: 'platform',
  language: 'language',
  news: 'newsId',
  kind: 'kind',
  state: 'state',
} as const satisfies Record<IndexDimension, string>;
