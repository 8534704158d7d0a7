import type { RedisClient } from '../src/redis/redis-client.ts';
import { masterNodes } from '../src/redis/slot-node.ts';

/**
 * Deletes every key matching `pattern` (SCAN + UNLINK in pages), on every master of a Redis
 * Cluster (SCAN sees one node's keys only). Only for Redis servers the caller started itself
 * (tests, benchmarks): it never runs against a Redis it did not start.
 */
export async function deleteKeys(redis: RedisClient, pattern: string): Promise<void> {
  for (const node of masterNodes(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (!keys.length) continue;
      // One UNLINK per key: on a cluster node, one UNLINK of keys from several slots is refused (CROSSSLOT).
      const pipeline = node.pipeline();
      for (const key of keys) pipeline.unlink(key);
      await pipeline.exec();
    } while (cursor !== '0');
  }
}
