import type { Command } from 'commander';
import { type ActivityOptionInput, parseActivityOptions } from '../../src/log/activity-options.ts';
import { entryDetail, localTime, screenTable } from '../../src/log/history-format.ts';
import { readActivity } from '../../src/log/log-activity.ts';
import { printJson } from '../cli-context.ts';
import { paint } from '../output/colour.ts';
import { screen } from '../output/screen.ts';
import { withCheckedLog, write } from './log-access.ts';

/** The table's columns; the zone is the project's. */
const HEADER = (zone: string) => [`WHEN (${zone})`, 'BY', 'POST', 'STATE', 'DETAIL'];
/** On a narrow screen the detail wraps, down to a readable width. */
const COLUMNS = { 4: { wrapTo: 30 } };

/**
 * `activity`: the log's changes, newest first, with who made each (the desk's Activity page shows
 * the same): what the team did today, what a person approved, what the worker published.
 */
export async function run(options: ActivityOptionInput & { json?: boolean }, command: Command): Promise<void> {
  await withCheckedLog(
    command,
    (config) => parseActivityOptions(options, { timeZone: config.project.timezone }),
    async (log, config, wanted) => {
      const page = await readActivity(log, wanted);
      if (options.json) return printJson(page);
      const zone = config.project.timezone;
      if (!page.entries.length && !page.next) return write(paint('dim', 'No changes match.'));
      const rows = page.entries.map((e) => [localTime(e.at, zone), e.actor ?? '', e.postId, e.state, entryDetail(e)]);
      write(
        page.entries.length ? screenTable(HEADER(zone), rows, screen(), COLUMNS) : 'No changes match on this page.',
      );
      if (page.lookedBackTo)
        process.stderr.write(
          `(looked through the changes back to ${localTime(page.lookedBackTo, zone)} only; older ones: --before ${page.next})\n`,
        );
      else if (page.next) process.stderr.write(`(more: --before ${page.next})\n`);
    },
  );
}
