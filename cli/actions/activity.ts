import { once } from 'node:events';
import type { Command } from 'commander';
import { InputError } from '../../src/input-error.ts';
import { activityCsv, activityNdjson } from '../../src/log/activity-format.ts';
import { type ActivityOptionInput, activityChannels, parseActivityOptions } from '../../src/log/activity-options.ts';
import { csvSeparator } from '../../src/log/csv-separator.ts';
import { checkLogChannels } from '../../src/log/history-filter-options.ts';
import { entryDetail, localTime, screenTable } from '../../src/log/history-format.ts';
import { type ActivityChange, activityChanges, activityPages, readActivity } from '../../src/log/log-activity.ts';
import { ChannelState } from '../../src/publishing/channel-state.ts';
import { printJson } from '../cli-context.ts';
import { paint } from '../output/colour.ts';
import { screen } from '../output/screen.ts';
import { checkCsvOnly } from './csv-only.ts';
import { withCheckedLog, write } from './log-access.ts';

/** The table's columns; the zone is the project's. */
const HEADER = (zone: string) => [`WHEN (${zone})`, 'BY', 'POST', 'STATE', 'DETAIL'];
/** On a narrow screen the detail wraps, down to a readable width. */
const COLUMNS = { 4: { wrapTo: 30 } };

/** A change's row: a channel's pause or resume names the channel where a post's id goes. */
function rowOf(zone: string): (change: ActivityChange) => string[] {
  return (change) => {
    if ('channelEvent' in change) {
      const e = change.channelEvent;
      return [localTime(e.at, zone), e.by, `channel ${e.channel}`, e.kind, e.reason];
    }
    const e = change.entry;
    return [localTime(e.at, zone), e.actor ?? '', e.postId, e.state, entryDetail(e, (iso) => localTime(iso, zone))];
  };
}

type ActivityFormat = 'table' | 'json' | 'csv' | 'ndjson';

/** Writes to stdout and waits while it is full: an export of a long log stays at one page in memory. */
async function stream(chunk: string): Promise<void> {
  if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
}

/**
 * `activity`: the log's changes, newest first, with who made each (the desk's Activity page shows
 * the same): what the team did today, what a person approved, what the worker published, who paused
 * or resumed a channel. A table or JSON shows one page; CSV and NDJSON hold every change that matches.
 */
export async function run(
  options: ActivityOptionInput & { format: ActivityFormat; json?: boolean; bom?: boolean; separator?: string },
  command: Command,
): Promise<void> {
  const format: ActivityFormat = options.json ? 'json' : options.format;
  checkCsvOnly(format, options);
  await withCheckedLog(
    command,
    (config) => {
      if ((format === 'csv' || format === 'ndjson') && (options.limit !== undefined || options.before !== undefined))
        throw new InputError(
          `--${options.limit !== undefined ? 'limit' : 'before'}: a ${format} export holds every change that matches; narrow it with --since, --until or --by`,
        );
      return parseActivityOptions(options, { timeZone: config.project.timezone });
    },
    async (log, config, parsed) => {
      const zone = config.project.timezone;
      await checkLogChannels(log, config, parsed.channel);
      const channels = new ChannelState(log.redisClient, log.keys);
      const channelEvents = await channels.allHistory(activityChannels(config, parsed));
      const wanted = { ...parsed, channelEvents };
      if (format === 'csv' || format === 'ndjson') {
        // The header first, so an export of nothing is still a file a spreadsheet opens.
        const separator = csvSeparator(options.separator);
        if (format === 'csv') await stream(activityCsv([], { zone, bom: options.bom ?? false, separator }));
        for await (const changes of activityPages(log, wanted))
          await stream(
            format === 'csv' ? activityCsv(changes, { zone, header: false, separator }) : activityNdjson(changes),
          );
        return;
      }
      const page = await readActivity(log, wanted);
      if (format === 'json') return printJson(page);
      const changes = activityChanges(page);
      if (!changes.length && !page.next) return write(paint('dim', 'No changes match.'));
      write(
        changes.length
          ? screenTable(HEADER(zone), changes.map(rowOf(zone)), screen(), COLUMNS)
          : 'No changes match on this page.',
      );
      if (page.lookedBackTo)
        process.stderr.write(
          `(looked through the changes back to ${localTime(page.lookedBackTo, zone)} only; older ones: --before ${page.next})\n`,
        );
      else if (page.next) process.stderr.write(`(more: --before ${page.next})\n`);
    },
  );
}
