import { InputError } from '../input-error.ts';
import type { HistoryFilter, PostRecord, PublishingLog } from './publishing-log.ts';

/** One page of history and where the next one starts. */
export interface HistoryPage {
  records: PostRecord[];
  /** Cursor of the next page; absent on the last one. */
  next?: string;
}

/** Options of {@link historyPage}. */
export interface HistoryPageOptions {
  /** Records per page. Default 50. */
  size?: number;
  /** Where to start: a `next` of an earlier page. Default: the first page. */
  cursor?: string;
}

const CURSOR = /^(\d{1,15})\.(\d{1,6})$/;

/** Where a page ended: the time (ms) of its last record and how many records at that time were already shown. */
interface Position {
  ms: number;
  seen: number;
}

function parseCursor(cursor: string): Position {
  const match = CURSOR.exec(cursor);
  if (!match)
    throw new InputError(`cursor "${cursor}": not a position in the history; start again from the first page`);
  return { ms: Number(match[1]), seen: Number(match[2]) };
}

/**
 * Pages through a history query by position, not by offset: a cursor is the time of the last
 * record shown plus how many records at exactly that time were shown, so the next page starts
 * with one bounded query (the time index narrowed to the rest of the range), however deep it is.
 * A post that changes while someone pages moves to the front (newest first) and is not shown twice.
 */
export async function historyPage(
  log: Pick<PublishingLog, 'query'>,
  filter: HistoryFilter,
  options: HistoryPageOptions = {},
): Promise<HistoryPage> {
  const size = options.size ?? 50;
  const desc = (filter.order ?? 'desc') === 'desc';
  const from = options.cursor === undefined ? undefined : parseCursor(options.cursor);
  const narrowed: HistoryFilter = { ...filter, limit: size + 1 + (from?.seen ?? 0) };
  if (from) {
    if (desc) narrowed.until = new Date(Math.min(from.ms + 1, boundMs(filter.until, Infinity))).toISOString();
    else narrowed.since = new Date(Math.max(from.ms, boundMs(filter.since, -Infinity))).toISOString();
  }
  const found = await log.query(narrowed);
  let skip = 0;
  // The records at the cursor's time come first; the ones already shown are left out.
  while (from && skip < from.seen && skip < found.length && Date.parse(found[skip]!.at) === from.ms) skip++;
  const rest = found.slice(skip);
  const records = rest.slice(0, size);
  if (rest.length <= size || !records.length) return { records };
  const lastMs = Date.parse(records[records.length - 1]!.at);
  let atLast = records.filter((r) => Date.parse(r.at) === lastMs).length;
  if (from && lastMs === from.ms) atLast += from.seen;
  return { records, next: `${lastMs}.${atLast}` };
}

function boundMs(iso: string | undefined, fallback: number): number {
  return iso === undefined ? fallback : Date.parse(iso);
}
