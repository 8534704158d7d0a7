import { stringify } from 'csv-stringify/sync';
import { shownText } from '../preview/post-card.ts';
import type { ChannelEvent } from '../publishing/channel-state.ts';
import { localTime } from './history-format.ts';
import type { ActivityChange } from './log-activity.ts';
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
  /** Between the cells (csv-separator.ts). Default ",". */
  separator?: string;
}

/**
 * A pause or resume in the columns of a change to a post (when, who, what happened to which
 * channel, why), so that one filter in a spreadsheet or jq finds everything a person did.
 */
function channelEventRow(event: ChannelEvent) {
  return { at: event.at, actor: event.by, state: event.kind, note: event.reason, channel: event.channel };
}

/**
 * The changes as CSV for a person's spreadsheet (who approved what, when): texts as readers see
 * them, cells that start like a formula kept as text (spreadsheet-cell.ts), as the history CSV.
 * A channel's pause or resume has no post: its state is `paused` or `resumed`, its note the reason.
 */
export function activityCsv(changes: ReadonlyArray<ActivityChange>, options: ActivityCsvOptions): string {
  const rows = changes.map((change) => {
    if ('channelEvent' in change) {
      const row = channelEventRow(change.channelEvent);
      return spreadsheetRow({ ...row, atLocal: localTime(row.at, options.zone), timeZone: options.zone });
    }
    const e = change.entry;
    return spreadsheetRow({
      ...e,
      text: shownText(e.text, e.platform),
      atLocal: localTime(e.at, options.zone),
      plannedLocal: localTime(e.plannedAt, options.zone),
      timeZone: options.zone,
    });
  });
  return stringify(rows, {
    header: options.header ?? true,
    bom: options.bom ?? false,
    delimiter: options.separator ?? ',',
    columns: [...ACTIVITY_CSV_COLUMNS],
    quoted_match: /[\r\n]/,
  });
}

/**
 * One JSON object per line: each change to a post as the log holds it, with its log id; a
 * channel's pause or resume with the same field names (at, actor, state, note, channel) and no post.
 */
export function activityNdjson(changes: ReadonlyArray<ActivityChange>): string {
  return changes.map((c) => `${JSON.stringify('entry' in c ? c.entry : channelEventRow(c.channelEvent))}\n`).join('');
}
