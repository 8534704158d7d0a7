import type { Config } from '../config/config-schema.ts';

/** What decides a post's place in a plan as people read it. */
export interface PlacedPost {
  channel: string;
  language: string;
  plannedAt: string;
}

/** Options of {@link planOrder}. */
export interface PlanOrderOptions {
  /**
   * Planned time first, then channel and language: a list read as a time line (approvals, one
   * calendar column). Default false: channel first, then time, then language, as a plan is
   * printed (`schedule`, `ingest`).
   */
  timeFirst?: boolean;
  /**
   * The languages in this order (one news item's: its own language first). Default: each post's
   * channel's configured languages.
   */
  languages?: ReadonlyArray<string>;
}

/**
 * A comparator that orders posts as their plan reads: channels as the configuration lists them,
 * languages as the item or the channel lists them. Never by post id: that order is alphabetical (or
 * its reverse), which people do not read as a plan (facebook-secon before x-secon, lv before en).
 * A channel or language no longer configured comes last.
 */
export function planOrder(config: Config, options: PlanOrderOptions = {}): (a: PlacedPost, b: PlacedPost) => number {
  const channelRank = configuredChannelRank(config);
  const itemLanguages = options.languages && rankOf(options.languages);
  const channelLanguages = new Map(config.channels.map((channel) => [channel.id, rankOf(channel.languages)]));
  const languageRank = (post: PlacedPost) =>
    (itemLanguages ?? channelLanguages.get(post.channel))?.(post.language) ?? Number.MAX_SAFE_INTEGER;
  const byTime = (a: PlacedPost, b: PlacedPost) => Date.parse(a.plannedAt) - Date.parse(b.plannedAt);
  const byChannel = (a: PlacedPost, b: PlacedPost) => channelRank(a.channel) - channelRank(b.channel);
  const byLanguage = (a: PlacedPost, b: PlacedPost) => languageRank(a) - languageRank(b);
  return options.timeFirst
    ? (a, b) => byTime(a, b) || byChannel(a, b) || byLanguage(a, b)
    : (a, b) => byChannel(a, b) || byTime(a, b) || byLanguage(a, b);
}

/** A channel's place in the configuration (one not configured: after all of them). */
export function configuredChannelRank(config: Config): (channel: string) => number {
  return rankOf(config.channels.map((channel) => channel.id));
}

function rankOf(values: ReadonlyArray<string>): (value: string) => number {
  const index = new Map(values.map((value, i) => [value, i]));
  return (value) => index.get(value) ?? values.length;
}

/**
 * A history list with the posts of one log time (a plan is written in one step, so its posts share
 * it) in plan order, channel first, instead of the log index's post-id order; the list's own order
 * of times, newest or oldest first, is kept. A page of history is reordered within itself only, so
 * the cursor of the next page is unchanged.
 */
export function tiesInPlanOrder<T extends PlacedPost & { at: string }>(records: ReadonlyArray<T>, config: Config): T[] {
  const byPlan = planOrder(config);
  // Each record's run: the index of the first record of its log time.
  const runs: number[] = [];
  for (const [i, record] of records.entries()) runs.push(i > 0 && records[i - 1]!.at === record.at ? runs[i - 1]! : i);
  return records
    .map((record, i) => ({ record, run: runs[i]! }))
    .sort((a, b) => a.run - b.run || byPlan(a.record, b.record))
    .map(({ record }) => record);
}
