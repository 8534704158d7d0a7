import type { PostRecord } from './publishing-log.ts';
import type { RedisPublishingLog } from './redis-publishing-log.ts';
import { compareIds } from './stream-id.ts';

/**
 * How far past the first kept entry's write time a record's latest change may be dated and still
 * have been written before it (clocks of workers and Redis differ a little). Exact ids decide.
 */
const CLOCK_MARGIN_MS = 60 * 60_000;

/**
 * The posts retention has trimmed every entry of: their record stays (`history` lists them) but
 * the stream holds nothing of theirs, so `history export` cannot carry them and an import of it
 * does not bring them back. Found as the records whose current entry is older than the stream's
 * first one.
 */
export async function postsTrimmedAway(log: RedisPublishingLog): Promise<PostRecord[]> {
  const [first] = (await log.redisClient.xrange(log.keys.logStream, '-', '+', 'COUNT', 1)) as Array<[string, string[]]>;
  if (!first) return log.query({ order: 'asc' });
  const firstId = first[0];
  const until = new Date(Number(firstId.split('-')[0]) + CLOCK_MARGIN_MS).toISOString();
  const records = await log.query({ until, order: 'asc' });
  return records.filter((record) => record.logId !== undefined && compareIds(record.logId, firstId) < 0);
}
