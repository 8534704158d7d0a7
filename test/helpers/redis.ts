import { randomUUID } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { inject } from 'vitest';
import { deleteKeys } from '../../dev/delete-keys.ts';
import { splitRedisUrl } from '../../src/redis/connect-redis.ts';
import type { RedisClient } from '../../src/redis/redis-client.ts';
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

/**
 * A new connection to the test Redis, BullMQ-ready; under the cluster suite
 * (vitest.cluster.config.ts) the URL lists the cluster's nodes and this is a Cluster client.
 */
export function testRedisClient(): RedisClient {
  const nodes = splitRedisUrl(testRedisUrl());
  if (nodes.length === 1) return new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  return new Cluster(
    nodes.map((node) => ({ host: new URL(node).hostname, port: Number(new URL(node).port) })),
    { redisOptions: { maxRetriesPerRequest: null } },
  );
}

/** True when the tests run against the private Redis Cluster (vitest.cluster.config.ts). */
export function onTestCluster(): boolean {
  return splitRedisUrl(testRedisUrl()).length > 1;
}

/** Deletes every key under `prefix` (only ever on the private test server). */
export function deletePrefix(redis: RedisClient, prefix: string): Promise<void> {
  return deleteKeys(redis, keyPattern(prefix));
}
