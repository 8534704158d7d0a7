import { dirname } from 'node:path';
import { parse } from 'csv-parse/sync';
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
import { type Rejection, rejectSource } from './rejection.ts';
import type { Candidate } from './validate-item.ts';

interface ParsedRecord {
  record: Record<string, string>;
  raw: string;
  info: { lines: number };
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
 * A CSV season plan → one candidate per row (line numbers kept for messages). An unknown column
 * rejects the whole file: guessing would put text in the wrong field of every row. A row with the
 * wrong number of cells is rejected alone and the others carry on.
 */
export function parseCsvItems(
  text: string,
  source: string,
  baseDir: string | undefined = dirname(source),
): { candidates: Candidate[]; rejected: Rejection[] } {
  const rejected: Rejection[] = [];
  let header: string[] = [];
  let records: ParsedRecord[];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
      columns: (names: string[]) => (header = names.map((n) => n.trim())),
      skip_records_with_error: true,
      on_skip: (error: { message: string; lines?: number } | undefined) => {
        if (error)
          rejected.push(
            rejectSource(
              source,
              `${error.message.replace(/ on line \d+$/, '')}; expected one cell per header column`,
              error.lines,
            ),
          );
      },
    }) as unknown as ParsedRecord[];
  } catch (error) {
    const e = error as { message: string; lines?: number };
    return {
      candidates: [],
      rejected: [
        rejectSource(
          source,
          `not a readable CSV file (${e.message}); expected a header row and one row per item`,
          e.lines,
        ),
      ],
    };
  }
  const unknown = header.filter((name) => !isKnownColumn(name));
  if (unknown.length) {
    return {
      candidates: [],
      rejected: [
        rejectSource(
          source,
          `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; expected the documented columns (id, kind, language, title, summary, body, url, published, event.*, hashtags, mentions, channels, schedule, image, image.alt, title.<lang>, summary.<lang>, …)`,
          1,
        ),
      ],
    };
  }
  const candidates = records.map(({ record, raw, info }): Candidate => {
    const line = info.lines - (raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);
    return { data: rowToItem(record), source, line, ...(baseDir !== undefined ? { baseDir } : {}) };
  });
  return { candidates, rejected };
}

/** Maps the flat cells of one row onto the nested item fields; empty cells are left out. */
export function rowToItem(row: Record<string, string>): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  const event: Record<string, string> = {};
  const images = new Map<number, { src?: string; alt?: string }>();
  const translations: Record<string, Record<string, string>> = {};
  for (const [column, cell] of Object.entries(row)) {
    if (cell === undefined || cell === '') continue;
    if ((CSV_ITEM_COLUMNS as readonly string[]).includes(column)) item[column] = cell;
    else if (column.startsWith('event.')) event[column.slice('event.'.length)] = cell;
    else if ((CSV_LIST_COLUMNS as readonly string[]).includes(column))
      item[column] = cell.split(CSV_LIST_SEPARATOR).filter(Boolean);
    else if (column === CSV_SCHEDULE_COLUMN) item.schedule = cell.split(CSV_SCHEDULE_SEPARATOR).filter(Boolean);
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
