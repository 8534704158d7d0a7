/** What a history query can filter on: a record field each (`news` filters `newsId`). */
export const FILTER_DIMENSIONS = ['channel', 'platform', 'language', 'news', 'kind', 'state'] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];

/**
 * The filters with an index: a sorted set per value (see src/redis/redis-keys.ts). Platform,
 * language and kind have none: each has a few values that each hold a large share of the posts,
 * so an index narrows a query little, while every index membership costs each post some 160 bytes
 * of Redis (bench/schedule.bench.ts). A query filtering on them alone walks the state indexes
 * (every post, by time) and keeps the records that match; one that also filters on an indexed
 * field walks that field's index. Channel (the history's usual question) and news (the
 * scheduler's, at every plan) are narrow; state is what every sweep and agenda asks for.
 */
export const INDEX_DIMENSIONS = ['channel', 'news', 'state'] as const satisfies readonly FilterDimension[];
export type IndexDimension = (typeof INDEX_DIMENSIONS)[number];

/** The record field each filter reads. */
export const DIMENSION_FIELD = {
  channel: 'channel',
  platform: 'platform',
  language: 'language',
  news: 'newsId',
  kind: 'kind',
  state: 'state',
} as const satisfies Record<FilterDimension, string>;

export function isIndexed(dimension: FilterDimension): dimension is IndexDimension {
  return (INDEX_DIMENSIONS as readonly string[]).includes(dimension);
}
