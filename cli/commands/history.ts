import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { type Command, Option } from 'commander';
import type { Config } from '../../src/config/config-schema.ts';
import { InputError } from '../../src/input-error.ts';
import { collectList, type HistoryFilterOptions, parseHistoryFilter } from '../../src/log/history-filter-options.ts';
import {
  HISTORY_FORMATS,
  type HistoryFormat,
  historyCsv,
  historyNdjson,
  historyTable,
  timelineText,
} from '../../src/log/history-format.ts';
import { buildReport, reportCsv, reportTable } from '../../src/log/history-report.ts';
import { exportLog } from '../../src/log/log-export.ts';
import { importLog } from '../../src/log/log-import.ts';
import type { HistoryFilter } from '../../src/log/publishing-log.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { configFor, printJson, redisFor } from '../cli-context.ts';

/** Rows a table shows when no --limit is given (json/ndjson/csv give every match). */
const DEFAULT_TABLE_LIMIT = 100;

/** Runs `fn` with the configured log, closing the Redis connection afterwards. */
async function withLog<T>(command: Command, fn: (log: RedisPublishingLog, config: Config) => Promise<T>): Promise<T> {
  const { config } = configFor(command);
  const redis = await redisFor();
  try {
    return await fn(
      new RedisPublishingLog(redis, redisKeys(config.redis.keyPrefix), { retentionDays: config.log.retentionDays }),
      config,
    );
  } finally {
    redis.disconnect();
  }
}

/** Channels must be configured or at least have posts in the log (a removed channel keeps its history). */
async function checkChannels(log: RedisPublishingLog, config: Config, channels: string[] | undefined): Promise<void> {
  const unknown: string[] = [];
  for (const channel of channels ?? []) {
    if (config.channels.some((c) => c.id === channel)) continue;
    if (!(await log.hasPostsOn('channel', channel))) unknown.push(channel);
  }
  if (unknown.length) {
    throw new InputError(
      `--channel: unknown channel ${unknown.map((u) => `"${u}"`).join(', ')}; configured: ${config.channels.map((c) => c.id).join(', ')}`,
    );
  }
}

function write(text: string): void {
  process.stdout.write(text.endsWith('\n') || !text ? text : `${text}\n`);
}

/** Copies stdin to a temporary file: an import reads its input twice (check everything, then write). */
async function stdinToFile(): Promise<{ path: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'secon-import-'));
  const path = join(dir, 'stdin.ndjson');
  await pipeline(process.stdin, createWriteStream(path));
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function addFilterOptions(command: Command): Command {
  return command
    .option('--channel <ids>', 'only these channels (repeatable or comma-separated)', collectList)
    .option('--platform <names>', 'only these platforms: facebook, linkedin, twitter', collectList)
    .option('--language <codes>', 'only these languages, e.g. bg,el', collectList)
    .option('--news <ids>', 'only posts of these news items', collectList)
    .option('--state <states>', 'only posts now in these states, e.g. published,failed', collectList)
    .option('--kind <kinds>', 'only these kinds: announcement, recap, news, reminder, event-day', collectList);
}

/** history, history export, history import, history trim, show, report. */
export function registerHistory(program: Command): void {
  const history = addFilterOptions(
    program
      .command('history')
      .description(
        'List posts from the publishing log with their current state, link and text; filter by channel, platform, language, news, state, kind and time.',
      )
      .addHelpText(
        'after',
        '\nDates: ISO (2023-11, 2023-11-01, 2023-11-13T09:00 in the project time zone, or with an offset) or a time before now: 30d, 12h, 2w, 45m.\nSubcommands: history export, history import, history trim.\n\nExamples:\n  secon-bot history --news haskovo-workshop --language bg,el\n  secon-bot history --channel facebook-secon --since 2023-11 --until 2023-12 --format csv --bom > nov.csv',
      ),
  )
    .option('--since <when>', 'posts whose latest change is at or after this time')
    .option('--until <when>', 'posts whose latest change is before this time')
    .addOption(new Option('--format <format>', 'output format').choices([...HISTORY_FORMATS]).default('table'))
    .option('--bom', 'CSV: start with a UTF-8 byte order mark (for spreadsheet programs)')
    .option('--limit <n>', `at most this many posts (table default ${DEFAULT_TABLE_LIMIT}; other formats: all)`)
    .option('--order <order>', 'desc: newest first (default); asc: oldest first')
    .action(async (options: HistoryFilterOptions & { format: HistoryFormat; bom?: boolean }, command: Command) => {
      await withLog(command, async (log, config) => {
        const zone = config.project.timezone;
        const filter: HistoryFilter = parseHistoryFilter(options, { timeZone: zone });
        await checkChannels(log, config, filter.channel);
        const defaulted = options.format === 'table' && filter.limit === undefined;
        if (defaulted) filter.limit = DEFAULT_TABLE_LIMIT;
        const records = await log.query(filter);
        switch (options.format) {
          case 'json':
            return printJson(records);
          case 'ndjson':
            return write(historyNdjson(records));
          case 'csv':
            return write(historyCsv(records, { zone, bom: options.bom }));
          default:
            write(historyTable(records, zone));
            if (defaulted && records.length === DEFAULT_TABLE_LIMIT) {
              process.stderr.write(`(showing the first ${DEFAULT_TABLE_LIMIT}; narrow the filters or use --limit)\n`);
            }
        }
      });
    });

  history
    .command('export')
    .description(
      'Write the whole publishing log as NDJSON (one entry per line, oldest first) — a backup that `history import` restores.',
    )
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (options: { output?: string }, command: Command) => {
      await withLog(command, async (log) => {
        const out = options.output ? createWriteStream(options.output) : process.stdout;
        const count = await exportLog(log.redisClient, log.keys, out);
        if (options.output) {
          out.end();
          await finished(out);
        }
        process.stderr.write(`exported ${count} log entries${options.output ? ` to ${options.output}` : ''}\n`);
      });
    });

  history
    .command('import <file>')
    .description(
      'Restore an exported log (NDJSON, "-" for stdin) into an empty Redis key prefix. The whole file is checked first: one bad line and nothing is imported. Importing the same file again adds nothing.',
    )
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      await withLog(command, async (log) => {
        const input = file === '-' ? await stdinToFile() : { path: file, cleanup: () => undefined };
        try {
          const result = await importLog(log.redisClient, log.keys, input.path);
          if (options.json) printJson(result);
          else
            write(
              `imported ${result.imported} of ${result.entries} log entries (${result.skipped} already present) into key prefix "${log.keys.prefix}"`,
            );
        } finally {
          input.cleanup();
        }
      });
    });

  history
    .command('trim')
    .description(
      'Remove log entries older than log.retentionDays of the configuration (nothing when it is not set). Current records stay.',
    )
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withLog(command, async (log, config) => {
        const removed = await log.trim();
        const retentionDays = config.log.retentionDays ?? null;
        if (options.json) printJson({ removed, retentionDays });
        else
          write(
            retentionDays === null
              ? 'log.retentionDays is not set: the log keeps everything'
              : `removed ${removed} entries older than ${retentionDays} days`,
          );
      });
    });

  program
    .command('show <post-id>')
    .description(
      "Show one post's whole life from the log: planned, approved, every attempt with its error, published with its link.",
    )
    .option('--json', 'print the record and the timeline as JSON')
    .action(async (postId: string, options: { json?: boolean }, command: Command) => {
      await withLog(command, async (log, config) => {
        const record = await log.get(postId);
        if (!record)
          throw new InputError(
            `no post "${postId}" in the publishing log (key prefix "${log.keys.prefix}"); see \`secon-bot history\``,
          );
        const timeline = await log.timeline(postId);
        if (options.json) printJson({ record, timeline });
        else write(timelineText(record, timeline, config.project.timezone));
      });
    });

  program
    .command('report')
    .description(
      'Counts of posts per platform, language, kind and state for a period, and the failure reasons — for reporting to the programme.',
    )
    .requiredOption('--since <when>', 'start of the period (ISO date such as 2023-07-01, or 30d)')
    .option('--until <when>', 'end of the period, exclusive (default: now)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .option('--bom', 'CSV: start with a UTF-8 byte order mark (for spreadsheet programs)')
    .action(
      async (
        options: { since: string; until?: string; format: 'table' | 'csv' | 'json'; bom?: boolean },
        command: Command,
      ) => {
        await withLog(command, async (log, config) => {
          const zone = config.project.timezone;
          // --until defaults to now ("0m" before now); the parser checks both and their order.
          const { since, until } = parseHistoryFilter(
            { since: options.since, until: options.until ?? '0m' },
            { timeZone: zone },
          );
          const report = await buildReport(log, { since: since!, until: until!, zone });
          if (options.format === 'json') printJson(report);
          else if (options.format === 'csv') write(reportCsv(report, { bom: options.bom }));
          else write(reportTable(report, zone));
        });
      },
    );
}
