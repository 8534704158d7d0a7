import { once } from 'node:events';
import type { StoredLogEntry } from './log-entry.ts';
import { type CarriedFacts, carriedFacts, resolvedFacts } from './post-facts.ts';
import { canonicalEntry, type RedisPublishingLog } from './redis-publishing-log.ts';
import { parseRecord } from './stored-record.ts';
import { resolveStreamEntries } from './stream-entries.ts';
import { compareIds } from './stream-id.ts';
import { postsTrimmedAway } from './trimmed-posts.ts';

/** Options for {@link exportLog}. */
export interface ExportOptions {
  /** Entries read per XRANGE (and records per read). Default 1000. */
  pageSize?: number;
  /** Told the lines written so far, and how many there will be, after each page. Default: none. */
  onProgress?: (lines: number, total: number) => void;
}

/** What {@link exportLog} wrote. */
export interface ExportResult {
  /** Lines written: one entry each. */
  exported: number;
  /**
   * Posts retention (`history trim`) had removed every entry of: the export holds their current
   * entry, kept in their record, and not their earlier ones.
   */
  currentOnly: string[];
}

/**
 * One line of an export: an entry with its log id; on a post's current entry the post's facts and,
 * when the post began before that entry, when (its first entry may be trimmed away).
 */
export type ExportedLine = StoredLogEntry & { facts?: CarriedFacts; createdAt?: string };

/**
 * An entry's line: a post's current entry (in `current`, with when the post began) carries the
 * post's facts and, when the post began before it, when.
 */
function exportedLine(
  entry: StoredLogEntry,
  current: ReadonlyMap<string, string>,
  facts: ReadonlyMap<string, CarriedFacts | undefined>,
): ExportedLine {
  const createdAt = current.get(entry.logId);
  if (createdAt === undefined) return entry;
  const carried = facts.get(entry.postId);
  return {
    ...entry,
    ...(carried ? { facts: carried } : {}),
    ...(createdAt !== entry.at ? { createdAt } : {}),
  };
}

/** Where a page's facts are read (resolvedFacts). */
type FactsSource = Parameters<typeof resolvedFacts>[0];

/**
 * Writes the whole log as NDJSON, oldest first: one entry per line with its `logId` (the stream
 * id), which `importLog` keeps. Reads in pages and waits for the output to drain, so memory stays
 * constant however long the log is.
 *
 * What retention trimmed does not get lost between a trim and a restore: a post whose entries were
 * all trimmed is exported with its current entry, from its record (first: those are older than
 * every entry kept), and each post's current entry carries the facts decisions rest on (who
 * approved it, whether an attempt claimed it: post-facts.ts), which its remaining entries may no
 * longer show. `importLog` sets them on the post.
 */
export async function exportLog(
  log: RedisPublishingLog,
  out: NodeJS.WritableStream,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const { redisClient: redis, keys } = log;
  const pageSize = options.pageSize ?? 1000;
  const emptied = (await postsTrimmedAway(log)).sort((a, b) => compareIds(a.logId!, b.logId!));
  const total = emptied.length + (await redis.xlen(keys.logStream));
  let exported = 0;
  /**
   * Writes a page; `current`: the log ids of posts' current entries, each with when its post began;
   * `source` reads their facts.
   */
  const write = async (entries: StoredLogEntry[], current: ReadonlyMap<string, string>, source: FactsSource = log) => {
    const postIds = entries.filter((entry) => current.has(entry.logId)).map((entry) => entry.postId);
    const facts = new Map((await resolvedFacts(source, postIds)).map((own, i) => [postIds[i]!, carriedFacts(own)]));
    let chunk = '';
    for (const entry of entries) chunk += `${JSON.stringify(exportedLine(entry, current, facts))}\n`;
    exported += entries.length;
    if (!out.write(chunk)) await once(out, 'drain');
    options.onProgress?.(exported, total);
  };

  for (let i = 0; i < emptied.length; i += pageSize) {
    const records = emptied.slice(i, i + pageSize);
    const entries = records.map((record) => ({ logId: record.logId!, ...canonicalEntry(record) }));
    await write(entries, new Map(records.map((record) => [record.logId!, record.createdAt])));
  }
  let start = '-';
  for (;;) {
    const page = (await redis.xrange(keys.logStream, start, '+', 'COUNT', pageSize)) as Array<[string, string[]]>;
    if (!page.length) break;
    // The stream keeps texts apart (stream-entries.ts): one more round trip per page puts them
    // back, reading the posts' records, which also say which entry is each post's current one.
    const records = new Map<string, string | null>();
    const entries = await resolveStreamEntries(redis, keys, page, records);
    const unread = [...new Set(entries.map((entry) => entry.postId))].filter((postId) => !records.has(postId));
    if (unread.length) {
      const jsons = await redis.mget(...unread.map((postId) => keys.logRecord(postId)));
      unread.forEach((postId, k) => {
        records.set(postId, jsons[k] ?? null);
      });
    }
    const current = new Map<string, string>();
    for (const json of records.values())
      if (json) {
        const { logId, createdAt } = parseRecord(json);
        current.set(logId, createdAt);
      }
    // The facts from the records just read (no second read); an older record's timeline as well.
    await write(entries, current, {
      facts: async (postIds) => postIds.map((postId) => log.factsOfReply(records.get(postId))),
      timeline: (postId) => log.timeline(postId),
    });
    if (page.length < pageSize) break;
    start = `(${page[page.length - 1]![0]}`;
  }
  return { exported, currentOnly: emptied.map((record) => record.postId) };
}
