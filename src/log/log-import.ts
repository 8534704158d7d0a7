import { access, open } from 'node:fs/promises';
import { counted } from '../counted.ts';
import { InputError } from '../input-error.ts';
import { Utf8Error } from '../net/utf8-error.ts';
import { readUtf8Lines } from '../net/utf8-lines.ts';
import { describeIssue, fieldPath } from '../news/item-issue.ts';
import type { RedisClient } from '../redis/redis-client.ts';
import type { RedisKeys } from '../redis/redis-keys.ts';
import { knownKeys } from '../schema-keys.ts';
import { hashText, isoDateTime, type LogEntry, storedLogEntrySchema } from './log-entry.ts';
import type { ExportedLine } from './log-export.ts';
import { PartialImportError } from './partial-import-error.ts';
import { carriedFactsSchema } from './post-facts.ts';
import { canonicalEntry, RedisPublishingLog } from './redis-publishing-log.ts';
import { resolveStreamEntries } from './stream-entries.ts';
import { compareIds } from './stream-id.ts';

/** Options for {@link importLog}. */
export interface ImportOptions {
  /** Entries written (or checked against the target) per round trip. Default 500. */
  batchSize?: number;
  /**
   * Lines that are broken in themselves (not JSON, a wrong field) are left out and the rest is
   * imported; the import still ends with an InputError naming them. Default false: one broken
   * line and nothing is imported. Problems of the file as a whole (lines out of order, a target
   * holding another history) still stop it before anything is written.
   */
  skipBadLines?: boolean;
  /** Problems listed in the error before "… and N more". Default 20. */
  maxReported?: number;
  /** Told the lines done so far of each pass (first `checking`, then `writing`). Default: none. */
  onProgress?: (pass: 'checking' | 'writing', lines: number, totalLines?: number) => void;
}

export interface ImportResult {
  /** Entries in the file. */
  entries: number;
  /** Entries written. */
  imported: number;
  /** Entries the target already held (an earlier import of the same file). */
  skipped: number;
}

/** What the reading of a file found wrong in its lines, one by one. */
interface LineProblems {
  /** "line N: …", one or more per broken line. */
  problems: string[];
  /** Lines left out as broken. */
  badLines: number;
}

/** A valid line of the file. */
interface ImportLine {
  line: number;
  entry: ExportedLine;
}

/**
 * A line as the export writes it: an entry, its log id, and on a post's current entry its facts and
 * when the post began.
 */
const exportedLineSchema = storedLogEntrySchema
  .extend({ facts: carriedFactsSchema.optional(), createdAt: isoDateTime.optional() })
  .strict();

function withoutId(entry: ExportedLine): LogEntry {
  const { logId: _id, facts: _facts, createdAt: _createdAt, ...rest } = entry;
  return rest;
}

/**
 * One line of an export: the entry it holds, or undefined with what is wrong added to `problems`
 * ("line N: field: what was expected; found …"). Checks the JSON, every field, and that textHash
 * is the hash of the text (a hand-edited text with the old hash would pass for the text that was
 * published). `cutShort`: the file ends inside this line (no line break after it), which turns a
 * JSON error into the likelier story, a file cut short.
 */
export function parseLogLine(
  text: string,
  number: number,
  problems: string[],
  cutShort = false,
): ExportedLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const cut = cutShort ? '; the file ends inside this line: was the export or the copy cut short?' : '';
    problems.push(`line ${number}: not valid JSON (${(error as Error).message.split('\n')[0]})${cut}`);
    return undefined;
  }
  const result = exportedLineSchema.safeParse(value, { reportInput: true });
  if (!result.success) {
    // In the words news items use: "missing; expected text", "unknown field; did you mean state?",
    // the wrong value quoted, so a hand-mended export reads like a news file's errors.
    for (const issue of result.error.issues)
      for (const { path, message } of describeIssue(issue, (at) => knownKeys(exportedLineSchema, at)))
        problems.push(`line ${number}: ${fieldPath(path) ?? '(entry)'}: ${message}`);
    return undefined;
  }
  const entry = result.data as ExportedLine;
  const hash = hashText(entry.text);
  if (hash !== entry.textHash) {
    problems.push(
      `line ${number}: textHash: ${entry.textHash} is not the sha256 of the entry's text; expected ${hash} (was the text edited?)`,
    );
    return undefined;
  }
  if (entry.createdAt !== undefined && Date.parse(entry.createdAt) > Date.parse(entry.at)) {
    problems.push(`line ${number}: createdAt: ${entry.createdAt} is after the entry's time (${entry.at})`);
    return undefined;
  }
  return entry;
}

/** Whether the file's last byte is a line break (an export always ends with one). */
async function endsWithLineBreak(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (!size) return true;
    const last = Buffer.alloc(1);
    await file.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await file.close();
  }
}

/**
 * Reads the NDJSON file line by line (see {@link parseLogLine}); bytes that are not UTF-8 stop it
 * with their offset. Each line is parsed once the next is read, so the last one is known as such.
 */
async function* readLines(path: string, found: LineProblems): AsyncGenerator<ImportLine> {
  const terminated = await endsWithLineBreak(path);
  let held: { line: number; text: string } | undefined;
  const parse = (line: { line: number; text: string }, last: boolean): ImportLine | undefined => {
    if (!line.text.trim()) return undefined;
    const entry = parseLogLine(line.text, line.line, found.problems, last && !terminated);
    if (!entry) found.badLines++;
    return entry ? { line: line.line, entry } : undefined;
  };
  for await (const line of readUtf8Lines(path)) {
    const item = held && parse(held, false);
    if (item) yield item;
    held = line;
  }
  const item = held && parse(held, true);
  if (item) yield item;
}

/** At most `max` problems, then "… and N more". */
function listed(problems: string[], max: number): string[] {
  const shown = problems.slice(0, max);
  if (problems.length > max) shown.push(`… and ${problems.length - max} more`);
  return shown;
}

/** {@link readLines}, with bytes that are not UTF-8 reported as the project's input error naming the file. */
async function* readChecked(path: string, found: LineProblems): AsyncGenerator<ImportLine> {
  try {
    yield* readLines(path, found);
  } catch (error) {
    if (error instanceof Utf8Error)
      throw new InputError(`cannot import ${path}: ${error.message}; nothing was imported`);
    throw error;
  }
}

/** The newest id the target stream has ever given out ("0-0" when there is none). */
async function lastGeneratedId(redis: RedisClient, stream: string): Promise<string> {
  if (!(await redis.exists(stream))) return '0-0';
  const info = (await redis.call('XINFO', 'STREAM', stream)) as unknown[];
  const index = info.indexOf('last-generated-id');
  return String(info[index + 1]);
}

/**
 * Restores an exported log (NDJSON from `exportLog`) into a key prefix, meant to be empty.
 *
 * Two passes over the file. The first checks every line — JSON, fields, ids in increasing order,
 * and ids the target already has must hold the same entry — and on any problem throws an
 * InputError naming the file and the line numbers before anything is written: a file is imported
 * whole or not at all (with `skipBadLines`, lines broken in themselves are left out, and named in
 * the InputError thrown once the rest is written). The second writes each entry with its original stream id through the same
 * script as live writes (record and indexes rebuilt as they were), skipping ids the target
 * already holds: importing the same file twice adds nothing.
 */
export async function importLog(
  redis: RedisClient,
  keys: RedisKeys,
  path: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const batchSize = options.batchSize ?? 500;
  const maxReported = options.maxReported ?? 20;
  try {
    await access(path);
  } catch (error) {
    throw new InputError(
      `cannot read import file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const stream = keys.logStream;
  const last = await lastGeneratedId(redis, stream);

  // Pass 1: validate everything, write nothing.
  const lineProblems: LineProblems = { problems: [], badLines: 0 };
  const problems: string[] = [];
  let previous: ImportLine | undefined;
  let entries = 0;
  let pending: ImportLine[] = [];
  const checkExisting = async (): Promise<void> => {
    const pipeline = redis.pipeline();
    for (const { entry } of pending) pipeline.xrange(stream, entry.logId, entry.logId);
    const replies = (await pipeline.exec()) ?? [];
    const found: Array<[string, string[]]> = [];
    const at = pending.map((_, i) => {
      const [error, reply] = replies[i]!;
      if (error) throw error;
      const hit = (reply as Array<[string, string[]]>)[0];
      if (hit) found.push(hit);
      return hit ? found.length - 1 : -1;
    });
    // Compared whole: the stream keeps entries compact and their texts apart (stream-entries.ts).
    const whole = await resolveStreamEntries(redis, keys, found);
    pending.forEach(({ line, entry }, i) => {
      const hit = at[i]! >= 0 ? whole[at[i]!] : undefined;
      const stored = hit ? JSON.stringify(canonicalEntry(withoutId(hit))) : undefined;
      if (stored === undefined) {
        problems.push(
          `line ${line}: log id ${entry.logId} is not newer than the target's last id ${last} and not in it — the target holds a different history; import into an empty key prefix`,
        );
      } else if (stored !== JSON.stringify(canonicalEntry(withoutId(entry)))) {
        problems.push(`line ${line}: log id ${entry.logId} already holds a different entry in the target`);
      }
    });
    pending = [];
  };
  for await (const item of readChecked(path, lineProblems)) {
    entries++;
    if (entries % 1000 === 0) options.onProgress?.('checking', entries);
    if (previous && compareIds(item.entry.logId, previous.entry.logId) <= 0) {
      problems.push(
        `line ${item.line}: log id ${item.entry.logId} is not after ${previous.entry.logId} on line ${previous.line} (lines out of order or repeated)`,
      );
    }
    previous = item;
    if (compareIds(item.entry.logId, last) <= 0) {
      pending.push(item);
      if (pending.length >= batchSize) await checkExisting();
    }
  }
  if (pending.length) await checkExisting();
  // Broken lines stop the import here too, unless they are to be left out.
  if (!options.skipBadLines) problems.unshift(...lineProblems.problems);
  if (problems.length) {
    throw new InputError(
      `cannot import ${path}: ${counted(problems.length, 'problem', 'problems')} found; nothing was imported`,
      listed(problems, maxReported),
    );
  }

  // Pass 2: write what the target does not hold yet, in file order.
  const log = new RedisPublishingLog(redis, keys);
  let imported = 0;
  let batch: ImportLine[] = [];
  const flush = async (): Promise<void> => {
    const pipeline = redis.pipeline();
    for (const { entry } of batch) log.queueAppend(pipeline, withoutId(entry), entry.logId, entry);
    const replies = (await pipeline.exec()) ?? [];
    replies.forEach(([error], i) => {
      if (error) {
        throw new Error(
          `import of ${path} stopped at line ${batch[i]!.line} (${error.message}); ${imported + i} entries were written — something else wrote to this key prefix meanwhile`,
        );
      }
    });
    imported += batch.length;
    options.onProgress?.('writing', imported, entries);
    batch = [];
  };
  const again: LineProblems = { problems: [], badLines: 0 };
  for await (const item of readChecked(path, again)) {
    if (compareIds(item.entry.logId, last) <= 0) continue;
    batch.push(item);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length) await flush();
  if (again.problems.join('\n') !== lineProblems.problems.join('\n'))
    throw new Error(
      `import of ${path}: the file changed while it was imported (${again.problems[0] ?? 'lines mended'})`,
    );
  if (lineProblems.badLines) {
    throw new PartialImportError(
      { entries, imported, skipped: entries - imported, leftOut: lineProblems.badLines },
      `cannot import ${path} whole: imported ${imported} of ${entries + lineProblems.badLines} lines; ` +
        `${counted(lineProblems.badLines, 'line', 'lines')} left out (${entries - imported} already present)`,
      listed(lineProblems.problems, maxReported),
    );
  }
  return { entries, imported, skipped: entries - imported };
}
