import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import { counted } from '../counted.ts';
import { heldByPause, type PostState } from '../posts/post.ts';
import { oneLine } from '../preview/one-line.ts';
import { platformLabel, shownText } from '../preview/post-card.ts';
import type { ChannelPause } from '../publishing/channel-state.ts';
import type { LogEntry } from './log-entry.ts';
import type { AuditedRecord } from './post-approval.ts';
import type { PostRecord } from './publishing-log.ts';
import { spreadsheetRow } from './spreadsheet-cell.ts';
import { type ColumnRule, renderTable, shorten, type TableOptions } from './text-table.ts';

/** Output formats of `secon-bot history`. */
export const HISTORY_FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

/** Characters of text shown in a table row; the full text is in json/ndjson/csv. */
const TABLE_TEXT_CHARS = 60;

/**
 * A post's text as its readers see it: a LinkedIn post is stored as LinkedIn's markup
 * (`{hashtag|\#|SECON}`, backslash escapes), which is what was sent, not what anyone read.
 */
function readerText(record: PostRecord): string {
  return shownText(record.text, record.platform);
}

/**
 * A record for JSON/NDJSON: `text` exactly as stored (what was sent; `textHash` is its hash, and
 * scripts compare it with the platform's own copy), and `shownText` as readers see it, so a
 * report made from JSON need not read LinkedIn's markup itself.
 */
export function readableRecord<R extends PostRecord>(record: R): R & { shownText: string } {
  return { ...record, shownText: readerText(record) };
}

/** How a person's screen is drawn on: its width, and colours for the cells (by column name). */
export interface ScreenOptions {
  /** The terminal's width; the table fits it, never cutting a link. Default: no limit. */
  width?: number;
  /** Styles a cell (e.g. the state in colour). Default none. */
  style?: (column: string, text: string) => string;
}

function tableOptions(header: string[], screen: ScreenOptions, columns: Record<number, ColumnRule>): TableOptions {
  const style = screen.style;
  return {
    width: screen.width,
    columns: header.map((_, i) => columns[i]),
    ...(style ? { style: (i: number, text: string) => style(header[i]!, text) } : {}),
  };
}

/**
 * A table for a person's screen (renderTable fitted to its width, cells styled by column name):
 * what every command's table is drawn with, so they all fit the terminal alike.
 */
export function screenTable(
  header: string[],
  rows: string[][],
  screen: ScreenOptions = {},
  columns: Record<number, ColumnRule> = {},
): string {
  return renderTable(header, rows, tableOptions(header, screen, columns));
}

/** An ISO instant as local time in `zone`, minutes precision: what a person reads. */
export function localTime(iso: string, zone: string): string {
  const time = DateTime.fromISO(iso).setZone(zone);
  return time.isValid ? time.toFormat('yyyy-MM-dd HH:mm') : iso;
}

/** The link to the live post, or why there is none. */
function linkOrReason(entry: LogEntry): string {
  if (entry.url) return entry.url;
  if (entry.errorKind) return `${entry.errorKind}: ${entry.errorMessage ?? ''}`.trim();
  return '';
}

/** States of a post that has not gone out yet: its time that matters is the one it is planned for. */
const NOT_YET_OUT: ReadonlySet<string> = new Set(['draft', 'awaiting-approval', 'scheduled']);

/** What marks a planned time in the WHEN column, so it is not read as the time something happened. */
export const PLANNED_MARK = 'planned';

/**
 * The instant a person wants to see for a post: when it is planned to go out while it has not yet
 * (`planned`), else when its state was reached (published: when it went out; failed: when it failed).
 * The CLI's table and the desk's History page both show this one, so they never disagree.
 */
export function shownInstant(record: PostRecord): { at: string; planned: boolean } {
  return NOT_YET_OUT.has(record.state) ? { at: record.plannedAt, planned: true } : { at: record.at, planned: false };
}

/** {@link shownInstant} in local time, a planned one marked so. */
export function whenShown(record: PostRecord, zone: string): string {
  const { at, planned } = shownInstant(record);
  return planned ? `${localTime(at, zone)} ${PLANNED_MARK}` : localTime(at, zone);
}

/**
 * A table readable at a glance: local time, where, language, state, link (or error), short text.
 * On a narrow screen the text wraps and the links move under their rows, whole.
 */
export function historyTable(records: PostRecord[], zone: string, screen: ScreenOptions = {}): string {
  if (!records.length) return 'no posts match';
  const rows = records.map((r) => [
    whenShown(r, zone),
    r.channel,
    r.language,
    r.kind,
    r.state,
    String(r.attempt),
    linkOrReason(r),
    shorten(oneLine(readerText(r)), TABLE_TEXT_CHARS),
  ]);
  const header = [`WHEN (${zone})`, 'CHANNEL', 'LANG', 'KIND', 'STATE', 'TRY', 'LINK / ERROR', 'TEXT'];
  // On an 80-column terminal even the narrowest facts leave no room for the text: it moves under
  // its row, after the link.
  return screenTable(header, rows, screen, {
    0: { wrapTo: 16 },
    6: { whole: true },
    7: { wrapTo: 24, movesLast: true },
  });
}

/**
 * Columns of the CSV, in order: every field of a record plus the local times, and the zone of the
 * *Local columns (named in the file, not only on the command line that made it). New columns go
 * at the end, so scripts that read by position keep working.
 */
const CSV_COLUMNS = [
  'postId',
  'newsId',
  'channel',
  'platform',
  'language',
  'kind',
  'state',
  'attempt',
  'plannedAt',
  'plannedLocal',
  'at',
  'atLocal',
  'createdAt',
  'url',
  'platformPostId',
  'errorKind',
  'errorMessage',
  'text',
  'textHash',
  'actor',
  'note',
  'timeZone',
] as const;

/**
 * Who approved the post and when, after {@link CSV_COLUMNS} when the records carry it
 * (post-approval.ts): only then, since an empty column would read as "nobody approved".
 */
const APPROVAL_COLUMNS = ['approvedBy', 'approvedAt', 'approvedAtLocal'] as const;

/** Options for {@link historyCsv}. */
export interface CsvOptions {
  /** Start with a UTF-8 byte order mark, so spreadsheet programs read Greek, Bulgarian… right. Default false. */
  bom?: boolean;
  /** Zone of the *Local columns. */
  zone: string;
  /**
   * Cells exactly as stored: a LinkedIn text with its markup, and cells a spreadsheet would run as
   * a formula ("=…", "+…", "-…", "@…"). Default false: texts as readers see them, and such cells
   * get a leading "'" so they stay text.
   */
  raw?: boolean;
  /** The records carry their approvals (`withApprovals`): add {@link APPROVAL_COLUMNS}. Default false. */
  approvals?: boolean;
  /** Start with the header line. Default true; false for the later chunks of a streamed export. */
  header?: boolean;
  /** Between the cells (csv-separator.ts). Default ",". */
  separator?: string;
}

/**
 * CSV (RFC 4180 quoting via csv-stringify: multi-line texts, quotes and commas survive), for a
 * person's spreadsheet: texts as readers see them, and cells that start like a formula
 * neutralised (see spreadsheet-cell.ts), unless `raw`.
 */
export function historyCsv(records: AuditedRecord[], options: CsvOptions): string {
  const rows = records.map((r) => {
    const row = {
      ...r,
      plannedLocal: localTime(r.plannedAt, options.zone),
      atLocal: localTime(r.at, options.zone),
      approvedAtLocal: r.approvedAt ? localTime(r.approvedAt, options.zone) : '',
      timeZone: options.zone,
    };
    return options.raw ? row : spreadsheetRow({ ...row, text: readerText(r) });
  });
  return stringify(rows, {
    header: options.header ?? true,
    bom: options.bom ?? false,
    delimiter: options.separator ?? ',',
    columns: [...CSV_COLUMNS, ...(options.approvals ? APPROVAL_COLUMNS : [])],
    quoted_match: /[\r\n]/,
  });
}

/** One JSON object per line: each record as {@link readableRecord}. */
export function historyNdjson(records: ReadonlyArray<PostRecord>): string {
  return records.map((r) => `${JSON.stringify(readableRecord(r))}\n`).join('');
}

/** States of a post still to go out, whose entries without a note say when it is planned. */
const PLANNED_STATES: ReadonlySet<PostState> = new Set(['draft', 'awaiting-approval', 'scheduled']);

/**
 * An entry's note; for a post put on the schedule without one (its first entry, mostly), when it is
 * planned, in `time`'s words: the log then says what each change decided.
 */
function entryNote(entry: LogEntry, time: (iso: string) => string): string | undefined {
  if (entry.note) return entry.note;
  return PLANNED_STATES.has(entry.state) && !entry.errorKind ? `planned for ${time(entry.plannedAt)}` : undefined;
}

/**
 * What one entry says happened, in words: its link, error and note (`activity` shows the actor
 * apart); the planned time in `time`'s words.
 */
export function entryDetail(entry: LogEntry, time: (iso: string) => string): string {
  const parts: string[] = [];
  if (entry.url) parts.push(entry.url);
  if (entry.errorKind) parts.push(`${entry.errorKind}: ${entry.errorMessage ?? ''}`.trim());
  const note = entryNote(entry, time);
  if (note) parts.push(note);
  return parts.join(' — ');
}

/**
 * " after 2 attempts" for a post's state; when the count started again (a person's retry queues a
 * new job), the attempts of every round too (" after 1 attempt, 6 in all"), which the timeline
 * keeps. Each attempt claims the post, so its `publishing` entries count them. Empty before the first.
 */
export function attemptsText(
  record: Pick<LogEntry, 'attempt'>,
  timeline: ReadonlyArray<Pick<LogEntry, 'state'>>,
): string {
  if (!record.attempt) return '';
  const inAll = timeline.filter((e) => e.state === 'publishing').length;
  return ` after ${counted(record.attempt, 'attempt', 'attempts')}${inAll > record.attempt ? `, ${inAll} in all` : ''}`;
}

/** What one timeline entry says happened, and who did it. */
function timelineDetail(entry: LogEntry, zone: string): string {
  return [entryDetail(entry, (iso) => localTime(iso, zone)), entry.actor ? `by ${entry.actor}` : '']
    .filter(Boolean)
    .join(' — ');
}

/** What goes out with a post's text, from its stored payload (the log's entries do not carry it). */
export interface PostAttachments {
  /** The link sent as the platform's link field (Facebook's card), tracking parameters included. */
  link?: string;
  images: ReadonlyArray<{ src: string; alt: string }>;
}

/** `show`'s lines for the link and the images that go with the text: a reviewer sees them before approving. */
function attachmentLines(sends: PostAttachments | undefined): string[] {
  if (!sends) return [];
  return [
    ...(sends.link ? [`  link      ${sends.link}`] : []),
    ...sends.images.map((image) => `  image     ${image.src}\n            alt: ${image.alt}`),
  ];
}

/** What `show` knows of a post beyond its log: its payload's link and images, its channel's pause. */
export interface PostSurroundings {
  /** The link and images of its payload, when it has one. */
  sends?: PostAttachments;
  /** The pause of its channel, when it is paused: the post waits, whatever its time says. */
  pause?: ChannelPause;
  /** What fitting and planning said of its text (cut to fit, tags missing, another language): the desk shows them too. */
  warnings?: readonly string[];
}

/** `secon-bot show`: the post, then every entry of its life, oldest first. */
export function timelineText(
  record: AuditedRecord,
  entries: LogEntry[],
  zone: string,
  screen: ScreenOptions = {},
  { sends, pause, warnings = [] }: PostSurroundings = {},
): string {
  const head = [
    `Post ${record.postId}`,
    `  news      ${record.newsId}`,
    `  channel   ${record.channel} (${platformLabel(record.platform)}, ${record.language}, ${record.kind})`,
    `  planned   ${localTime(record.plannedAt, zone)} ${zone}`,
    `  state     ${record.state}${attemptsText(record, entries)}${record.url ? ` — ${record.url}` : ''}`,
    // Why it failed (or why the last attempt did), as the platform said it: the first thing asked.
    ...(record.errorKind ? [`  error     ${record.errorKind}: ${record.errorMessage ?? ''}`] : []),
    // A paused channel holds the post whatever its time says.
    ...(pause && heldByPause(record.state)
      ? [
          `  paused    ${pause.channel} since ${localTime(pause.since, zone)} ${zone} by ${pause.by}: ${pause.reason}; the post waits until \`secon-bot resume ${pause.channel}\``,
        ]
      : []),
    ...(record.approvedBy && record.approvedAt
      ? [`  approved  by ${record.approvedBy}, ${localTime(record.approvedAt, zone)} ${zone}`]
      : []),
    `  text      ${readerText(record).split('\n').join('\n            ')}`,
    ...attachmentLines(sends),
    ...warnings.map((warning) => `  warning   ${warning}`),
    '',
  ];
  const rows = entries.map((e) => [localTime(e.at, zone), e.state, String(e.attempt), timelineDetail(e, zone)]);
  const header = [`WHEN (${zone})`, 'STATE', 'TRY', 'DETAIL'];
  const changedText = entries.some((e) => e.textHash !== record.textHash)
    ? ['', "Note: the text changed during the post's life (see --json for each version)."]
    : [];
  return [
    ...head,
    `Timeline (${counted(entries.length, 'entry', 'entries')}):`,
    screenTable(header, rows, screen, { 3: { wrapTo: 30 } }),
    ...changedText,
  ].join('\n');
}
