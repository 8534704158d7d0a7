import { dirname } from 'node:path';
import { type Options, parse } from 'csv-parse/sync';
import { counted } from '../counted.ts';
import { nearestName } from '../nearest-name.ts';
import {
  CSV_EVENT_COLUMNS,
  CSV_IMAGE_COLUMN,
  CSV_ITEM_COLUMNS,
  CSV_LIST_COLUMNS,
  CSV_LIST_SEPARATOR,
  CSV_SCHEDULE_COLUMN,
  CSV_SCHEDULE_SEPARATOR,
  CSV_TRANSLATION_COLUMN,
} from './csv-columns.ts';
import { type Rejection, rejectSource, tooManyItems } from './rejection.ts';
import {
  hasSlashedDate,
  isoFromSpreadsheet,
  type SlashEvidence,
  type SlashOrder,
  slashEvidence,
  slashOrder,
} from './spreadsheet-date.ts';
import type { Candidate } from './validate-item.ts';

/** A row as csv-parse gives it with `info` and `raw`. */
interface ParsedRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

/** One row of cells and the line it starts on. */
interface Row {
  cells: string[];
  line: number;
}

/**
 * After a broken quote, where the next row starts is a guess: reading goes on from the line after
 * the broken row, at most this many times, then the rest of the file is refused in one message.
 */
const MAX_RESUMES = 20;

/** The cell separators a season plan may use, the documented one first (it wins a tie). */
const CSV_DELIMITERS = [',', ';', '\t'] as const;

/**
 * What separates the cells: a comma, or what a spreadsheet wrote instead. Excel saves "CSV" with the
 * list separator of the computer's region, a semicolon in most of the partner countries (Germany,
 * Greece, Spain, Poland…), and a tab for "Unicode text". The header decides: the candidate that
 * splits it into the most known column names (a column name holds none of them).
 */
export function delimiterOf(text: string): string {
  const header = text.replace(/^\uFEFF/, '').split('\n', 1)[0] ?? '';
  let best = ',';
  let bestKnown = 0;
  for (const candidate of CSV_DELIMITERS) {
    const known = header.split(candidate).filter((name) => isKnownColumn(name.trim().replace(/^"|"$/g, ''))).length;
    if (known > bestKnown) {
      best = candidate;
      bestKnown = known;
    }
  }
  return best;
}

/** Is this header one of the documented columns (see csv-columns.ts)? */
export function isKnownColumn(name: string): boolean {
  return (
    (CSV_ITEM_COLUMNS as readonly string[]).includes(name) ||
    (CSV_EVENT_COLUMNS as readonly string[]).includes(name) ||
    (CSV_LIST_COLUMNS as readonly string[]).includes(name) ||
    name === CSV_SCHEDULE_COLUMN ||
    CSV_IMAGE_COLUMN.test(name) ||
    CSV_TRANSLATION_COLUMN.test(name)
  );
}

/**
 * A CSV season plan → one candidate per row (line numbers kept for messages). An empty file, a
 * header naming a column twice or an unknown column rejects the whole file: guessing would put
 * text in the wrong field of every row. A row with the wrong number of cells, or a broken quote,
 * is one rejection for that row, and the other rows carry on.
 */
export function parseCsvItems(
  text: string,
  source: string,
  baseDir: string | undefined = dirname(source),
  maxItems = Number.POSITIVE_INFINITY,
): { candidates: Candidate[]; rejected: Rejection[] } {
  const rejected: Rejection[] = [];
  // Rows past the cap are not even parsed: a million-row file costs what a thousand-row one does.
  const limit = Number.isFinite(maxItems) ? maxItems + 2 : Number.POSITIVE_INFINITY;
  const rows = readRows(text, source, rejected, limit, delimiterOf(text));
  const headerRow = rows.shift();
  const refuse = (message: string, line = 1) => ({ candidates: [], rejected: [rejectSource(source, message, line)] });
  if (!headerRow) {
    if (rejected.length) return { candidates: [], rejected };
    return refuse('the file is empty; expected a header row naming the columns, then one row per item');
  }
  const header = headerRow.cells.map((n) => n.trim());
  const problem = headerProblem(header);
  if (problem) return refuse(problem, headerRow.line);
  // Rows of only empty cells (spreadsheets leave them at the end) are not items.
  const items = rows.filter((row) => row.cells.some((cell) => cell !== ''));
  if (!items.length && !rejected.length) {
    return refuse('no rows under the header; expected one row per item', headerRow.line);
  }
  if (items.length > maxItems) {
    return { candidates: [], rejected: [tooManyItems(source, `more than ${maxItems}`, maxItems)] };
  }
  const dates = (row: Row) => header.flatMap((name, i) => (CSV_DATE_COLUMNS.has(name) ? [row.cells[i] ?? ''] : []));
  const evidence = slashEvidence(items.flatMap((row) => dates(row).map((cell) => ({ cell, line: row.line }))));
  const order = slashOrder(evidence);
  const candidates: Candidate[] = [];
  for (const row of items) {
    const { cells, line } = row;
    if (cells.length !== header.length) {
      rejected.push(
        rejectSource(
          source,
          `${counted(cells.length, 'cell', 'cells')} in this row, but the header has ${header.length} columns; expected one cell ` +
            `per header column`,
          line,
        ),
      );
      continue;
    }
    if (order === 'mixed' && dates(row).some(hasSlashedDate)) {
      rejected.push(rejectSource(source, mixedOrder(evidence), line));
      continue;
    }
    const record = Object.fromEntries(header.map((name, i) => [name, cells[i]!]));
    candidates.push({ data: rowToItem(record, order), source, line, ...(baseDir !== undefined ? { baseDir } : {}) });
  }
  rejected.sort((a, b) => lineOf(a) - lineOf(b));
  return { candidates, rejected };
}

/** The columns with fixed names, for the one a misspelt header meant (translations are checked by pattern). */
const NAMED_COLUMNS: readonly string[] = [
  ...CSV_ITEM_COLUMNS,
  ...CSV_EVENT_COLUMNS,
  ...CSV_LIST_COLUMNS,
  CSV_SCHEDULE_COLUMN,
  'image',
  'image.alt',
];

/** An empty, repeated or unknown column name, said for the whole file; else undefined. */
function headerProblem(header: string[]): string | undefined {
  const empty = header.indexOf('');
  if (empty >= 0) return `column ${empty + 1} of the header has no name; expected a name for every column`;
  const seen = new Map<string, number>();
  for (const [index, name] of header.entries()) {
    const first = seen.get(name);
    if (first !== undefined) {
      return (
        `column "${name}" appears twice in the header (columns ${first + 1} and ${index + 1}); expected each column ` +
        `once`
      );
    }
    seen.set(name, index);
  }
  const unknown = header.filter((name) => !isKnownColumn(name));
  if (!unknown.length) return undefined;
  const named = (name: string) => {
    const near = nearestName(name, NAMED_COLUMNS);
    return `"${name}"${near ? ` (did you mean ${near}?)` : ''}`;
  };
  return (
    `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map(named).join(', ')}; expected the ` +
    `documented columns (id, kind, language, title, summary, body, url, published, event.*, hashtags, mentions, ` +
    `channels, schedule, image, image.alt, title.<lang>, summary.<lang>, …)`
  );
}

/**
 * Every row with the line it starts on. A broken quote stops csv-parse, and where the next row
 * begins is then unknown: the broken row is rejected (one rejection, at the line it starts on)
 * and reading resumes on the next line, so one bad row never swallows or rejects its neighbours.
 */
function readRows(text: string, source: string, rejected: Rejection[], limit: number, delimiter: string): Row[] {
  const rows: Row[] = [];
  let rest = text;
  let linesBefore = 0;
  for (let resumes = 0; ; resumes++) {
    const got: ParsedRecord[] = [];
    let error: { message: string } | undefined;
    try {
      const options: Options = {
        bom: true,
        delimiter,
        trim: true,
        skip_empty_lines: true,
        relax_column_count: true,
        info: true,
        raw: true,
        ...(Number.isFinite(limit) ? { to: limit - rows.length } : {}),
        // Rows are kept here as they come: when a broken quote stops the parser, the rows before it count.
        on_record: (record) => {
          got.push(record as unknown as ParsedRecord);
          return null;
        },
      };
      parse(rest, options);
    } catch (caught) {
      error = caught as { message: string };
    }
    for (const { record, raw, info } of got) rows.push({ cells: record, line: linesBefore + startLine(raw, info) });
    if (!error || rows.length >= limit) return rows;
    const lines = rest.split('\n');
    // The broken row starts on the first non-blank line after the last row read.
    let broken = got.length ? got[got.length - 1]!.info.lines : 0;
    while (broken < lines.length - 1 && !lines[broken]!.trim()) broken++;
    const message = error.message.replace(/ at line \d+.*$| on line \d+$/, '');
    if (resumes >= MAX_RESUMES) {
      rejected.push(
        rejectSource(
          source,
          `${message}; the rest of the file (from this line on) was not read after ${MAX_RESUMES} broken rows; ` +
            `expected quotes in pairs`,
          linesBefore + broken + 1,
        ),
      );
      return rows;
    }
    rejected.push(
      rejectSource(
        source,
        `${message}; expected quotes in pairs ("…", "" for a quote inside)`,
        linesBefore + broken + 1,
      ),
    );
    rest = lines.slice(broken + 1).join('\n');
    linesBefore += broken + 1;
    if (!rest.trim()) return rows;
  }
}

/** The line a row starts on: where it ends, less the line breaks inside it (blank lines before it are not it). */
function startLine(raw: string, info: { lines: number }): number {
  const own = raw.replace(/^(?:[ \t]*\r?\n)+/, '').replace(/\r?\n$/, '');
  return info.lines - (own.match(/\n/g)?.length ?? 0);
}

function lineOf(rejection: Rejection): number {
  return Number(/:(\d+)$/.exec(rejection.source)?.[1] ?? 0);
}

/** The event's times: as `published` and `schedule`, taken as a spreadsheet writes them too. */
const CSV_TIME_COLUMNS: ReadonlySet<string> = new Set(['event.start', 'event.end']);
/** Every column that holds dates, as a spreadsheet may write them (spreadsheet-date.ts). */
const CSV_DATE_COLUMNS: ReadonlySet<string> = new Set(['published', ...CSV_TIME_COLUMNS, CSV_SCHEDULE_COLUMN]);

/**
 * A file whose slashed dates can only be day first in one row and only month first in another
 * (spreadsheet-date.ts): no slashed date of it is read, since any of them could be either.
 */
function mixedOrder(evidence: SlashEvidence): string {
  const { dayFirst, monthFirst } = evidence as Required<SlashEvidence>;
  return (
    `this file writes dates with slashes day first ("${dayFirst.date}", line ${dayFirst.line}) and month first ` +
    `("${monthFirst.date}", line ${monthFirst.line}), so its slashed dates are not read; expected one order in a file, ` +
    `or ISO 8601 (2027-01-20 10:00)`
  );
}

/**
 * Maps the flat cells of one row onto the nested item fields; empty cells are left out. Times may be
 * ISO 8601 or as a spreadsheet saves them: day first with dots, with slashes in the file's `order`
 * (spreadsheet-date.ts).
 */
export function rowToItem(row: Record<string, string>, order: SlashOrder = 'day-first'): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  const event: Record<string, string> = {};
  const images = new Map<number, { src?: string; alt?: string }>();
  const translations: Record<string, Record<string, string>> = {};
  for (const [column, cell] of Object.entries(row)) {
    if (cell === undefined || cell === '') continue;
    if (column === 'published') item.published = isoFromSpreadsheet(cell, order);
    else if ((CSV_ITEM_COLUMNS as readonly string[]).includes(column)) item[column] = cell;
    else if (CSV_TIME_COLUMNS.has(column)) event[column.slice('event.'.length)] = isoFromSpreadsheet(cell, order);
    else if (column.startsWith('event.')) event[column.slice('event.'.length)] = cell;
    else if ((CSV_LIST_COLUMNS as readonly string[]).includes(column))
      item[column] = cell.split(CSV_LIST_SEPARATOR).filter(Boolean);
    else if (column === CSV_SCHEDULE_COLUMN)
      item.schedule = isoFromSpreadsheet(cell, order).split(CSV_SCHEDULE_SEPARATOR).filter(Boolean);
    else {
      const image = CSV_IMAGE_COLUMN.exec(column);
      if (image) {
        const index = Number(image[1] ?? 1);
        const entry = images.get(index) ?? {};
        if (image[2]) entry.alt = cell;
        else entry.src = cell;
        images.set(index, entry);
        continue;
      }
      const translation = CSV_TRANSLATION_COLUMN.exec(column);
      if (translation) {
        translations[translation[2]!] ??= {};
        translations[translation[2]!]![translation[1]!] = cell;
      }
    }
  }
  if (Object.keys(event).length) item.event = event;
  if (images.size) item.images = [...images.entries()].sort(([a], [b]) => a - b).map(([, image]) => image);
  if (Object.keys(translations).length) item.translations = translations;
  return item;
}
