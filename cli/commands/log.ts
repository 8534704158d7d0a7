import { type Command, Option } from 'commander';
import { CSV_SEPARATOR_NAMES } from '../../src/log/csv-separator.ts';
import { CHANNEL_EVENTS_KEPT } from '../../src/publishing/channel-state.ts';
import { channelOption, examples, jsonOption, lazy, list, newsOption, platformList } from '../command-kit.ts';

const DATES =
  'Dates: 2023-11, 2023-11-01, 2023-11-13T09:00 (project time zone) or with an offset, or a time before now: ' +
  '30d, 12h, 2w, 45m.';

/**
 * Which posts count, the same on `history` and `report`: channel, platform, language. A report
 * narrowed so says it in its heading (the rows of history name each post's channel anyway).
 */
function postFilterOptions(command: Command): Command {
  return channelOption(command)
    .option('--platform <names>', 'only these platforms: facebook, linkedin, x (or twitter)', platformList)
    .option('--language <codes>', 'only these languages, e.g. bg,el', list);
}

/**
 * `--separator`: what goes between a CSV's cells (history, activity, report). No default value:
 * given with another format than CSV it is refused (csv-only.ts), so it must show when it was typed.
 */
function separatorOption(): Option {
  return new Option(
    '--separator <name>',
    'CSV: between the cells: comma (the default), or semicolon for Excel set to a region that writes decimal commas (most of Europe), or tab',
  ).choices(CSV_SEPARATOR_NAMES);
}

/** history (export, import, trim), show, activity, report: the publishing log. */
export function registerLogCommands(program: Command): void {
  const history = examples(
    newsOption(
      postFilterOptions(
        program
          .command('history')
          .description('List posts from the publishing log: state, link and text, newest first.'),
      ),
    )
      .option('--state <states>', 'only posts now in these states, e.g. published,failed', list)
      .option('--kind <kinds>', 'only these kinds: announcement, recap, news, reminder, event-day', list)
      .option('--since <when>', 'posts whose latest change is at or after this time')
      .option('--until <when>', 'posts whose latest change is before this time')
      .addOption(
        new Option('--format <format>', 'output format').choices(['table', 'json', 'ndjson', 'csv']).default('table'),
      )
      .option('--json', 'print JSON (same as --format json)')
      .option('--bom', 'CSV: start with a UTF-8 byte order mark (for spreadsheet programs)')
      .addOption(separatorOption())
      .option(
        '--raw',
        'CSV: write cells exactly as stored: LinkedIn texts with their markup, cells starting with = + - @ ' +
          "unprefixed (default: texts as readers see them, such cells prefixed with ')",
      )
      .option('--limit <n>', 'at most this many posts (table default 100; other formats: all)')
      .option('--order <order>', 'desc: newest first (default); asc: oldest first'),
    [
      'secon-bot history --news my-news --language bg,el',
      'secon-bot history --channel facebook-secon --since 2023-11 --until 2023-12',
      'secon-bot history --since 2023-11 --until 2023-12 --format csv --bom > nov.csv',
      'secon-bot history --since 2023-11 --format csv --bom --separator semicolon > nov-excel.csv',
    ],
    `${DATES}\nSubcommands: history export, history import, history trim.`,
  ).action(lazy(() => import('../actions/history.ts')));

  examples(
    jsonOption(
      history
        .command('export')
        .description('Write the whole log as NDJSON, oldest first: a backup `history import` restores.')
        .option('-o, --output <file>', 'write to this file instead of stdout'),
      'with -o, print what was written as JSON: {exported, file, currentOnly}',
    ),
    ['secon-bot history export -o log-$(date +%F).ndjson', 'secon-bot history export -o backup.ndjson --json'],
  ).action(lazy(() => import('../actions/history-export.ts')));

  examples(
    jsonOption(
      history
        .command('import')
        .description('Restore an exported log into an empty key prefix; one bad line and nothing is imported.')
        .argument('<file>', 'an NDJSON export, or "-" for stdin')
        .option(
          '--skip-bad-lines',
          'import the lines that are fine and leave out the broken ones (still exit 2, naming them)',
        ),
      'print the result as JSON',
    ),
    ['secon-bot history import log-2024-01-31.ndjson', 'secon-bot history import --skip-bad-lines damaged.ndjson'],
    'The whole file is checked first. Importing the same file again adds nothing. A line left out ' +
      'by --skip-bad-lines can be added later only if it is the last of the file (mended, then imported again).',
  ).action(lazy(() => import('../actions/history-import.ts')));

  examples(
    jsonOption(
      history.command('trim').description('Remove log entries older than log.retentionDays; current records stay.'),
      'print the result as JSON',
    ),
    ['secon-bot history trim'],
  ).action(lazy(() => import('../actions/history-trim.ts')));

  examples(
    jsonOption(
      program
        .command('show')
        .description("One post's whole life from the log: its text, link and images, every attempt, its live link.")
        .argument('<post-id>', 'the post'),
      'print the record, the link and images sent with the text, and the timeline as JSON',
    ),
    ['secon-bot show my-news.linkedin-secon.en.announcement'],
  ).action(lazy(() => import('../actions/show.ts')));

  const activity = program
    .command('activity')
    .description('Every change in the log, newest first, with who made it: approvals, publishes, channel pauses.')
    .option(
      '--by <who>',
      'only changes by these: a user (maria: on the desk and in the terminal), a way (web, cli, worker, feed) or an actor (web:maria)',
      list,
    );
  newsOption(activity, 'only changes to the posts of these news items');
  channelOption(activity, 'only changes to posts on these channels, and their pauses and resumes')
    .option('--since <when>', 'changes at or after this time')
    .option('--until <when>', 'changes before this time')
    .option(
      '--limit <n>',
      'table and JSON: at most this many changes a page (default 50; a page holds at least one change to a post, with the pauses just before it)',
    )
    .option('--before <log-id>', 'table and JSON: only changes older than this one, the page after (its id is printed)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'csv', 'ndjson']).default('table'),
    )
    .option('--bom', 'CSV: start with a UTF-8 byte order mark (for spreadsheet programs)')
    .addOption(separatorOption());
  examples(
    jsonOption(
      activity,
      'print one page as JSON: {entries, channelEvents, next, lookedBackTo}; next is the --before of the page after (same as --format json)',
    ),
    [
      'secon-bot activity',
      'secon-bot activity --by maria --since 7d',
      'secon-bot activity --news riga-visit',
      'secon-bot activity --by web,cli --since 2026-11 --until 2026-12 --format csv --bom > approvals-nov.csv',
    ],
    `${DATES}\nA table or JSON is one page; with --by, --news or --channel it looks through at most the last 10,000 changes and says how far back it got. CSV and NDJSON hold every change that matches, newest first. A pause or resume shows as a change to its channel (state paused or resumed, the reason as its note); each channel keeps its last ${CHANNEL_EVENTS_KEPT}.`,
  ).action(lazy(() => import('../actions/activity.ts')));

  examples(
    postFilterOptions(
      program
        .command('report')
        .description('Posts of a period per month, platform, language, kind and state, with the failure reasons.')
        .option(
          '--since <when>',
          'start of the period (ISO date such as 2023-07-01, or 30d; default: the last twelve months, this one included, as on the desk)',
        )
        .option('--until <when>', 'end of the period, exclusive (default: now)')
        .option('--state <states>', 'only posts now in these states, e.g. published (what went out)', list),
    )
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
      .option('--json', 'print JSON (same as --format json)')
      .option('--bom', 'CSV: start with a UTF-8 byte order mark (for spreadsheet programs)')
      .addOption(separatorOption())
      .option(
        '--raw',
        "CSV: write cells exactly as stored, even ones starting with = + - @ (default: prefixed with ')",
      ),
    [
      'secon-bot report',
      'secon-bot report --since 30d',
      'secon-bot report --since 2023-07 --until 2024-01 --format csv --bom > h2.csv',
      'secon-bot report --since 30d --channel x-secon --language bg,el',
      'secon-bot report --since 2026-01 --state published --format csv > published-2026.csv',
    ],
    `${DATES}\nWith --channel, --platform, --language or --state the report says which posts it counts: a ` +
      '"Counted only" line (table), "filter" rows (CSV), a "filter" field (JSON).',
  ).action(lazy(() => import('../actions/report.ts')));
}
