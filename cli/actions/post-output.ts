import type { Config } from '../../src/config/config-schema.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import { heldByPause } from '../../src/posts/post.ts';
import type { ChannelState } from '../../src/publishing/channel-state.ts';
import { localTime } from '../../src/publishing/parse-when.ts';
import { printJson } from '../cli-context.ts';
import { paint, paintState } from '../output/colour.ts';

/** What the post commands print: one line per post for people, the record with its local time for scripts. */

/** One line about a post, as a person reads it. */
export function describePost(config: Config, record: PostRecord): string {
  return (
    `${record.postId}: ${paintState(record.state)}, ` +
    `${localTime(record.plannedAt, channelZoneById(config, record.channel))}`
  );
}

/** A post's record for --json output, with its local time. */
export function recordJson(config: Config, record: PostRecord) {
  const zone = channelZoneById(config, record.channel);
  return {
    postId: record.postId,
    newsId: record.newsId,
    channel: record.channel,
    platform: record.platform,
    language: record.language,
    kind: record.kind,
    state: record.state,
    plannedAt: record.plannedAt,
    local: localTime(record.plannedAt, zone),
    zone,
    ...(record.errorKind ? { errorKind: record.errorKind, errorMessage: record.errorMessage } : {}),
    ...(record.note ? { note: record.note } : {}),
  };
}

/**
 * What holds the acted-on posts back: a line for each of their channels that is paused (since when,
 * by whom, why, how to resume it), so nobody reads a time the pause overrides as the time it goes
 * out. Only posts that may still go out; nothing for a channel that is not paused. Coloured for `stream`.
 */
export async function pauseLines(
  config: Config,
  channels: ChannelState,
  records: ReadonlyArray<Pick<PostRecord, 'channel' | 'state'>>,
  stream: NodeJS.WritableStream = process.stdout,
): Promise<string[]> {
  const waiting = [...new Set(records.filter((r) => heldByPause(r.state)).map((r) => r.channel))];
  if (!waiting.length) return [];
  return (await channels.paused(waiting)).map((pause) => {
    const since = localTime(pause.since, channelZoneById(config, pause.channel));
    return `${paint('red', `${pause.channel} is paused`, stream)} since ${since} by ${pause.by}: ${pause.reason}; its posts wait until \`secon-bot resume ${pause.channel}\``;
  });
}

/** Prints one acted-on post: "approved <id>: scheduled, 2024-05-07 10:00 Europe/Athens" or its JSON. */
export function printPost(config: Config, json: boolean | undefined, record: PostRecord, verb: string): void {
  if (json) printJson(recordJson(config, record));
  else process.stdout.write(`${verb} ${describePost(config, record)}\n`);
}

/**
 * What a bulk action (`approve`, `cancel`) could not do, the one shape of every entry of its
 * `--json` "failed" list: a post it could not act on (`postId`, and `newsId` when the post is
 * known), or a news id given to --news that selected no post (`postId` null). Never dropped silently.
 */
export interface BulkFailure {
  postId: string | null;
  newsId: string | null;
  message: string;
}

/** The outcome of a bulk action: what changed, what was left (and why), what failed. */
export interface BulkOutcome {
  done: PostRecord[];
  left: Array<{ record: PostRecord; why: string }>;
  failed: BulkFailure[];
}

/** What failed, named: the post id, or "news <id>". */
function failedName(failure: BulkFailure): string {
  return failure.postId ?? `news ${failure.newsId}`;
}

/**
 * Prints a bulk outcome for people, or as JSON: `{ "<verb>": [post…], "left": [post… with "why"],
 * "failed": [BulkFailure…] }`, each post as recordJson() gives it.
 */
export function printBulk(config: Config, json: boolean | undefined, outcome: BulkOutcome, verb: string): void {
  if (json) {
    printJson({
      [verb]: outcome.done.map((r) => recordJson(config, r)),
      left: outcome.left.map(({ record, why }) => ({ ...recordJson(config, record), why })),
      failed: outcome.failed,
    });
    return;
  }
  const lines = [
    ...outcome.done.map((r) => `${verb} ${describePost(config, r)}`),
    ...outcome.left.map(({ record, why }) => `${paint('dim', 'left as is')} ${describePost(config, record)} (${why})`),
    ...outcome.failed.map((f) => `${paint('red', 'failed')} ${failedName(f)}: ${f.message}`),
  ];
  lines.push(
    `${outcome.done.length} ${verb}${outcome.left.length ? `, ${outcome.left.length} left as is` : ''}` +
      `${outcome.failed.length ? `, ${outcome.failed.length} failed` : ''}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}
