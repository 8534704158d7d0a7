import type { Command } from 'commander';
import { csvSeparator } from '../../src/log/csv-separator.ts';
import {
  checkLogChannels,
  type HistoryFilterOptions,
  parseHistoryFilter,
} from '../../src/log/history-filter-options.ts';
import {
  type HistoryFormat,
  historyCsv,
  historyNdjson,
  historyTable,
  readableRecord,
} from '../../src/log/history-format.ts';
import { withNewsIds } from '../../src/log/news-key-lookup.ts';
import { withApprovals } from '../../src/log/post-approval.ts';
import { tiesInPlanOrder } from '../../src/planning/plan-order.ts';
import { printJson } from '../cli-context.ts';
import { screen } from '../output/screen.ts';
import { checkCsvOnly } from './csv-only.ts';
import { withCheckedLog, write } from './log-access.ts';

/** Rows a table shows when no --limit is given (json/ndjson/csv give every match). */
const DEFAULT_TABLE_LIMIT = 100;

type HistoryOptions = HistoryFilterOptions & {
  format: HistoryFormat;
  json?: boolean;
  bom?: boolean;
  raw?: boolean;
  separator?: string;
};

/** `history`: posts from the publishing log, filtered, as a table, JSON, NDJSON or CSV. */
export async function run(options: HistoryOptions, command: Command): Promise<void> {
  const format: HistoryFormat = options.json ? 'json' : options.format;
  checkCsvOnly(format, options);
  await withCheckedLog(
    command,
    (config) => parseHistoryFilter(options, { timeZone: config.project.timezone }),
    async (log, config, given) => {
      const zone = config.project.timezone;
      await checkLogChannels(log, config, given.channel);
      const filter = await withNewsIds(log, given, config.channels);
      const defaulted = format === 'table' && filter.limit === undefined;
      if (defaulted) filter.limit = DEFAULT_TABLE_LIMIT;
      const records = tiesInPlanOrder(await log.query(filter), config);
      // The files people keep and pass on say who approved each post; the table has no room for it (`show` has).
      switch (format) {
        case 'json':
          return printJson((await withApprovals(log, records)).map(readableRecord));
        case 'ndjson':
          return write(historyNdjson(await withApprovals(log, records)));
        case 'csv':
          return write(
            historyCsv(await withApprovals(log, records), {
              zone,
              bom: options.bom,
              raw: options.raw,
              approvals: true,
              separator: csvSeparator(options.separator),
            }),
          );
        default:
          write(historyTable(records, zone, screen()));
          if (defaulted && records.length === DEFAULT_TABLE_LIMIT) {
            process.stderr.write(`(showing the first ${DEFAULT_TABLE_LIMIT}; narrow the filters or use --limit)\n`);
          }
      }
    },
  );
}
