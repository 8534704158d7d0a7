import type { Redis } from 'ioredis';

/**
 * Deletes every key matching `pattern` (SCAN + UNLINK in pages). Only for Redis servers the caller
 * started itself (tests, benchmarks): it never runs against a Redis it did not start.
 */
export async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}
