import type { Config } from '../config/config-schema.ts';
import { InputError } from '../input-error.ts';
import { type FilterContext, parseHistoryFilter } from './history-filter-options.ts';
import type { ActivityOptions } from './log-activity.ts';
import { LOG_ID } from './log-entry.ts';

/** Most changes one page shows. */
export const ACTIVITY_MAX_LIMIT = 1000;

/** The options of `secon-bot activity` as commander hands them over (the desk's form the same). */
export interface ActivityOptionInput {
  by?: string[];
  news?: string[];
  channel?: string[];
  since?: string;
  until?: string;
  limit?: string;
  before?: string;
}

/** Who a change is by, as written in the log: letters, digits, `. _ @ -` and the colons between parts. */
const WHO = /^[\p{L}\p{N}._@-]+(?::[\p{L}\p{N}._@-]+)*$/u;

/**
 * The channels whose pauses and resumes an activity reading weaves in: the configured ones, and
 * any named by `channel` (a channel removed from the configuration keeps its history, as in history).
 */
export function activityChannels(
  config: Pick<Config, 'channels'>,
  options: Pick<ActivityOptions, 'channel'>,
): string[] {
  return [...new Set([...config.channels.map((c) => c.id), ...(options.channel ?? [])])];
}

/** The ids of a list option, without blanks ("a,,b" and a trailing comma give nothing more). */
function given(ids: readonly string[] | undefined): string[] {
  return (ids ?? []).map((id) => id.trim()).filter(Boolean);
}

/**
 * Turns the options into {@link ActivityOptions}; any bad value is an InputError naming the option.
 * Times and the limit are read as `history` reads them (the same words, the same messages); a
 * channel is checked against the configuration and the log by the caller (checkLogChannels).
 */
export function parseActivityOptions(input: ActivityOptionInput, context: FilterContext): ActivityOptions {
  const { since, until, limit } = parseHistoryFilter(
    { since: input.since, until: input.until, limit: input.limit },
    context,
  );
  if (limit !== undefined && limit > ACTIVITY_MAX_LIMIT)
    throw new InputError(`--limit: "${input.limit}" is more than ${ACTIVITY_MAX_LIMIT} changes a page`);
  const by = input.by?.map((who) => who.trim()).filter(Boolean);
  const bad = by?.filter((who) => !WHO.test(who));
  if (bad?.length)
    throw new InputError(
      `--by: ${bad.map((b) => `"${b}"`).join(', ')} is not a name; expected a user (maria), a way of working (web, cli, worker, feed) or an actor as the log writes it (web:maria, feed:haskovo-news)`,
    );
  const news = given(input.news);
  const channel = given(input.channel);
  if (input.before !== undefined && !LOG_ID.test(input.before))
    throw new InputError(`--before: "${input.before}" is not a log id; expected one such as 1699866000000-0`);
  return {
    ...(by?.length ? { by } : {}),
    ...(news.length ? { news } : {}),
    ...(channel.length ? { channel } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    ...(limit ? { limit } : {}),
    ...(input.before ? { before: input.before } : {}),
  };
}
