import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { deleteKeys } from '../../dev/delete-keys.ts';
import { keyPattern } from '../../src/redis/redis-keys.ts';

/** URL of the private redis-server that test/global-setup.ts started for this run. */
export function testRedisUrl(): string {
  return inject('redisUrl');
}

/** A key prefix no other test uses: tests never share keys or queue names. */
export function uniquePrefix(label = 't'): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

/** A new connection to the test Redis; BullMQ-ready (maxRetriesPerRequest: null). */
export function testRedis(): Redis {
  return new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
}

/** Deletes every key under `prefix` (only ever on the private test server). */
export function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  return deleteKeys(redis, keyPattern(prefix));
}
