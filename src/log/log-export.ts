import { once } from 'node:events';
import type { RedisClient } from '../redis/redis-client.ts';
import type { RedisKeys } from '../redis/redis-keys.ts';
import { resolveStreamEntries } from './stream-entries.ts';

/** Options for {@link exportLog}. */
export interface ExportOptions {
  /** Entries read per XRANGE. Default 1000. */
  pageSize?: number;
  /** Told the entries written so far after each page. Default: none. */
  onProgress?: (entries: number) => void;
}

/**
 * Writes the whole log as NDJSON, oldest first: one entry per line with its `logId` (the stream
 * id), which `importLog` keeps. Reads the stream in pages and waits for the output to drain, so
 * memory stays constant however long the log is. Returns the number of entries written.
 */
export async function exportLog(
  redis: RedisClient,
  keys: RedisKeys,
  out: NodeJS.WritableStream,
  options: ExportOptions = {},
): Promise<number> {
  const stream = keys.logStream;
  const pageSize = options.pageSize ?? 1000;
  let start = '-';
  let count = 0;
  for (;;) {
    const page = (await redis.xrange(stream, start, '+', 'COUNT', pageSize)) as Array<[string, string[]]>;
    if (!page.length) break;
    let chunk = '';
    // The stream keeps texts apart (stream-entries.ts): one more round trip per page puts them back.
    for (const entry of await resolveStreamEntries(redis, keys, page)) chunk += `${JSON.stringify(entry)}\n`;
    count += page.length;
    if (!out.write(chunk)) await once(out, 'drain');
    options.onProgress?.(count);
    if (page.length < pageSize) break;
    start = `(${page[page.length - 1]![0]}`;
  }
  return count;
}
