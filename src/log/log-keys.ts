/**
 * Where the publishing log lives in Redis, all under the configured key prefix:
 * - `<p>:log:stream`           the append-only stream of every entry (field `e` = entry JSON)
 * - `<p>:log:timeline:<post>`  list of the stream ids of one post, oldest first
 * - `<p>:log:idx:all`          sorted set of every post id, score = `at` (ms) of its record
 * - `<p>:log:idx:<dim>:<v>`    the same, per channel / platform / language / news / kind / state
 * - `<p>:post:<post>`          the post's current record (JSON)
 */
export interface LogKeys {
  stream: string;
  indexPrefix: string;
  all: string;
  record(postId: string): string;
  timeline(postId: string): string;
  index(dimension: IndexDimension, value: string): string;
}

/** The indexed fields of a record; `news` indexes `newsId`. */
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

export function logKeys(keyPrefix: string): LogKeys {
  const indexPrefix = `${keyPrefix}:log:idx:`;
  return {
    stream: `${keyPrefix}:log:stream`,
    indexPrefix,
    all: `${indexPrefix}all`,
    record: (postId) => `${keyPrefix}:post:${postId}`,
    timeline: (postId) => `${keyPrefix}:log:timeline:${postId}`,
    index: (dimension, value) => `${indexPrefix}${dimension}:${value}`,
  };
}
