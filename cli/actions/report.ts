import type { Command } from 'commander';
import { csvSeparator } from '../../src/log/csv-separator.ts';
import { checkLogChannels, parseReportPeriod } from '../../src/log/history-filter-options.ts';
import { buildReport, reportCsv, reportTable } from '../../src/log/history-report.ts';
import { printJson } from '../cli-context.ts';
import { ProgressLine } from '../output/progress-line.ts';
import { checkCsvOnly } from './csv-only.ts';
import { withCheckedLog, write } from './log-access.ts';

interface ReportOptions {
  channel?: string[];
  platform?: string[];
  language?: string[];
  state?: string[];
  since?: string;
  until?: string;
  format: 'table' | 'csv' | 'json';
  json?: boolean;
  bom?: boolean;
  raw?: boolean;
  separator?: string;
}

/** `report`: posts of a period (default the last twelve months) counted per month, platform, language, kind and state, with the failure reasons. */
export async function run(options: ReportOptions, command: Command): Promise<void> {
  const format = options.json ? 'json' : options.format;
  checkCsvOnly(format, options);
  await withCheckedLog(
    command,
    // --since defaults to the desk's Report period, --until to now; checked as the desk checks them.
    (config) => parseReportPeriod(config, options, new Date()),
    async (log, config, { since, until, filter }) => {
      const zone = config.project.timezone;
      // A channel removed from the configuration is taken while its posts are in the log, as on the desk.
      await checkLogChannels(log, config, filter.channel);
      const progress = new ProgressLine('reading timelines');
      let report: Awaited<ReturnType<typeof buildReport>>;
      try {
        report = await buildReport(log, {
          since,
          until,
          filter,
          zone,
          onProgress: (done, total) => progress.update(done, 'posts', total),
        });
      } finally {
        progress.finish();
      }
      if (format === 'json') printJson(report);
      else if (format === 'csv')
        write(
          reportCsv(report, { bom: options.bom, raw: options.raw, zone, separator: csvSeparator(options.separator) }),
        );
      else write(reportTable(report, zone));
    },
  );
}
