import { DateTime } from 'luxon';
import { type Config, languageCode, PLATFORMS, type Platform } from '../config/config-schema.ts';
import { InputError } from '../input-error.ts';
import { platformOf } from '../platforms/platform-alias.ts';
import { POST_KINDS, POST_STATES, type PostKind, type PostState } from '../posts/post.ts';
import { defaultReportSince, type ReportFilter } from './history-report.ts';
import type { HistoryFilter } from './publishing-log.ts';
import type { RedisPublishingLog } from './redis-publishing-log.ts';

export { platformOf };

/** The filter options of `secon-bot history` / `report` as commander hands them over. */
export interface HistoryFilterOptions {
  channel?: string[];
  platform?: string[];
  language?: string[];
  news?: string[];
  state?: string[];
  kind?: string[];
  since?: string;
  until?: string;
  limit?: string;
  order?: string;
}

/** What the parser needs to know about the project. */
export interface FilterContext {
  /** Zone that dates without an offset (2023-11-01, 2023-11) are read in. */
  timeZone: string;
  /** "Now" for relative times like 30d. Default: the current time. */
  now?: Date;
}

/** Relative times: a number and a unit, meaning that long before now. */
const RELATIVE = /^(\d+)\s*(m|min|h|d|w)$/i;
const UNIT_MINUTES: Record<string, number> = { m: 1, min: 1, h: 60, d: 1440, w: 10080 };
const DATE_HELP =
  'expected an ISO date or date-time (2023-11, 2023-11-01, 2023-11-13T09:00, 2023-11-13T09:00+02:00) or a time before now such as 30d, 12h, 2w, 45m';

/** A date option as an ISO instant: absolute (in the project zone unless it has an offset) or relative. */
export function parseWhen(value: string, flag: string, context: FilterContext): string {
  const now = context.now ?? new Date();
  const relative = RELATIVE.exec(value.trim());
  if (relative) {
    const minutes = Number(relative[1]) * UNIT_MINUTES[relative[2]!.toLowerCase()]!;
    return new Date(now.getTime() - minutes * 60_000).toISOString();
  }
  const parsed = DateTime.fromISO(value.trim(), { zone: context.timeZone });
  if (!parsed.isValid) throw new InputError(`${flag}: "${value}" is not a date: ${DATE_HELP}`);
  return parsed.toUTC().toISO()!;
}

/**
 * The values, if every one is allowed (undefined for none); else an InputError naming `flag` (an
 * option, or a form field's label on the desk) and what is expected.
 */
export function checkValues<T extends string>(
  flag: string,
  values: string[] | undefined,
  allowed: readonly T[],
): T[] | undefined {
  if (!values?.length) return undefined;
  const bad = values.filter((v) => !allowed.includes(v as T));
  if (bad.length)
    throw new InputError(
      `${flag}: unknown value ${bad.map((b) => `"${b}"`).join(', ')}; expected one of ${allowed.join(', ')}`,
    );
  return values as T[];
}

/**
 * Channels of a history or report filter must be configured or have posts in the log: a channel
 * removed from the configuration keeps its history. Else an InputError naming `--channel` (the desk
 * puts its field's label in its place) and the configured channels. The CLI and the desk both ask
 * this, so a channel gets the same answer on both.
 */
export async function checkLogChannels(
  log: Pick<RedisPublishingLog, 'hasPostsOn'>,
  config: Pick<Config, 'channels'>,
  channels: readonly string[] | undefined,
): Promise<void> {
  const unknown: string[] = [];
  for (const channel of channels ?? []) {
    if (config.channels.some((c) => c.id === channel)) continue;
    if (!(await log.hasPostsOn('channel', channel))) unknown.push(channel);
  }
  if (unknown.length) {
    throw new InputError(
      `--channel: unknown channel ${unknown.map((u) => `"${u}"`).join(', ')}; configured: ` +
        `${config.channels.map((c) => c.id).join(', ')}`,
    );
  }
}

function checkLanguages(values: string[] | undefined): string[] | undefined {
  if (!values?.length) return undefined;
  const bad = values.filter((v) => !languageCode.safeParse(v).success);
  if (bad.length)
    throw new InputError(
      `--language: ${bad.map((b) => `"${b}"`).join(', ')} is not a language code; expected BCP 47 codes such as en, bg, el, pt-PT`,
    );
  return values;
}

/** Turns the command-line options into a HistoryFilter; any bad value is an InputError naming the option. */
export function parseHistoryFilter(options: HistoryFilterOptions, context: FilterContext): HistoryFilter {
  const filter: HistoryFilter = {};
  if (options.channel?.length) filter.channel = options.channel;
  const platform = checkValues<Platform>('--platform', options.platform?.map(platformOf), PLATFORMS);
  if (platform) filter.platform = platform;
  const language = checkLanguages(options.language);
  if (language) filter.language = language;
  if (options.news?.length) filter.newsId = options.news;
  const state = checkValues<PostState>('--state', options.state, POST_STATES);
  if (state) filter.state = state;
  const kind = checkValues<PostKind>('--kind', options.kind, POST_KINDS);
  if (kind) filter.kind = kind;
  if (options.since !== undefined) filter.since = parseWhen(options.since, '--since', context);
  if (options.until !== undefined) filter.until = parseWhen(options.until, '--until', context);
  if (filter.since && filter.until && Date.parse(filter.since) >= Date.parse(filter.until)) {
    throw new InputError(`--since (${options.since}) must be before --until (${options.until})`);
  }
  if (options.limit !== undefined) {
    const limit = Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1)
      throw new InputError(`--limit: "${options.limit}" is not a positive whole number`);
    filter.limit = limit;
  }
  if (options.order !== undefined) {
    if (options.order !== 'asc' && options.order !== 'desc')
      throw new InputError(`--order: "${options.order}"; expected asc (oldest first) or desc (newest first)`);
    filter.order = options.order;
  }
  return filter;
}

/** What `secon-bot report` and the desk's Report page are asked for: a period and filters, as given. */
export type ReportFilterOptions = Pick<
  HistoryFilterOptions,
  'channel' | 'platform' | 'language' | 'state' | 'since' | 'until'
>;

/**
 * The period and filters of a report, for the CLI's `report` and the desk's Report page alike:
 * `since` defaults to the start of the default report period, `until` to now; both, and the
 * filters, are checked as `history` checks them (a channel removed from the configuration is
 * taken while its posts are in the log). Any bad value is an InputError naming the option.
 */
export async function parseReportFilter(
  log: Pick<RedisPublishingLog, 'hasPostsOn'>,
  config: Pick<Config, 'channels' | 'project'>,
  options: ReportFilterOptions,
  now: Date,
): Promise<{ since: string; until: string; filter: ReportFilter }> {
  const period = parseReportPeriod(config, options, now);
  await checkLogChannels(log, config, period.filter.channel);
  return period;
}

/**
 * The part of parseReportFilter that needs no Redis: the period and the filter values, checked.
 * The CLI runs it before it connects, so that a typo is told as a typo, not as "cannot reach Redis".
 */
export function parseReportPeriod(
  config: Pick<Config, 'project'>,
  options: ReportFilterOptions,
  now: Date,
): { since: string; until: string; filter: ReportFilter } {
  const zone = config.project.timezone;
  const { since, until, channel, platform, language, state } = parseHistoryFilter(
    {
      channel: options.channel,
      platform: options.platform,
      language: options.language,
      state: options.state,
      since: options.since ?? defaultReportSince(now, zone),
      until: options.until,
    },
    { timeZone: zone, now },
  );
  // Until defaults to now (the parser checks the order of the two when both are given): a --since
  // after now is told as such, not as "must be before" a --until nobody typed.
  if (until === undefined && Date.parse(since!) >= now.getTime())
    throw new InputError(`--since (${options.since}) is after now, where a report ends when --until is not given`);
  return { since: since!, until: until ?? now.toISOString(), filter: { channel, platform, language, state } };
}
