import type { RedisClient } from '../../src/redis/redis-client.ts';

/** A stream entry id (`<ms>-<seq>`), as a page and the browser's Last-Event-ID give it back. */
const STREAM_ID = /^\d{1,16}-\d{1,16}$/;

/**
 * Where the publishing log stands: the id of its newest entry ('0-0' when empty). A live page
 * rendered now shows every change up to it; its event stream catches up from there.
 */
export async function newestLogId(redis: RedisClient, streamKey: string): Promise<string> {
  const [newest] = await redis.xrevrange(streamKey, '+', '-', 'COUNT', 1);
  return newest?.[0] ?? '0-0';
}

/** True when the log has an entry after `id` (false for an id that is not a stream id). */
export async function logChangedSince(redis: RedisClient, streamKey: string, id: string): Promise<boolean> {
  if (!STREAM_ID.test(id)) return false;
  return (await redis.xrange(streamKey, `(${id}`, '+', 'COUNT', 1)).length > 0;
}
