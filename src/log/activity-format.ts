import { stringify } from 'csv-stringify/sync';
import { shownText } from '../preview/post-card.ts';
import { localTime } from './history-format.ts';
import type { StoredLogEntry } from './log-entry.ts';
import { spreadsheetRow } from './spreadsheet-cell.ts';

/**
 * Columns of the activity CSV, in order: who, when and what first (an audit reads those), then the
 * post and what the platform said. New columns go at the end.
 */
const ACTIVITY_CSV_COLUMNS = [
  'at',
  'atLocal',
  'actor',
  'postId',
  'state',
  'attempt',
  'note',
  'url',
  'errorKind',
  'errorMessage',
  'newsId',
  'channel',
  'platform',
  'language',
  'kind',
  'plannedAt',
  'plannedLocal',
  'platformPostId',
  'text',
  'textHash',
  'logId',
  'timeZone',
] as const;

/** Options of {@link activityCsv}. */
export interface ActivityCsvOptions {
  /** Zone of the *Local columns. */
  zone: string;
  /** Start with a UTF-8 byte order mark (spreadsheet programs then read Greek, Bulgarian… right). Default false. */
  bom?: boolean;
  /** Start with the header line. Default true; false for the later chunks of a streamed export. */
  header?: boolean;
}

/**
 * The changes as CSV for a person's spreadsheet (who approved what, when): texts as readers see
 * them, cells that start like a formula kept as text (spreadsheet-cell.ts), as the history CSV.
 */
export function activityCsv(entries: ReadonlyArray<StoredLogEntry>, options: ActivityCsvOptions): string {
  const rows = entries.map((e) =>
    spreadsheetRow({
      ...e,
      text: shownText(e.text, e.platform),
      atLocal: localTime(e.at, options.zone),
      plannedLocal: localTime(e.plannedAt, options.zone),
      timeZone: options.zone,
    }),
  );
  return stringify(rows, {
    header: options.header ?? true,
    bom: options.bom ?? false,
    columns: [...ACTIVITY_CSV_COLUMNS],
    quoted_match: /[\r\n]/,
  });
}

/** One JSON object per line: each change as the log holds it, with its log id. */
export function activityNdjson(entries: ReadonlyArray<StoredLogEntry>): string {
  return entries.map((e) => `${JSON.stringify(e)}\n`).join('');
}
