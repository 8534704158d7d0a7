import { randomUUID } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { deleteKeys } from '../../dev/delete-keys.ts';
import { splitRedisUrl } from '../../src/redis/connect-redis.ts';
import type { RedisClient } from '../../src/redis/redis-client.ts';
import { keyPattern, type RedisKeys, redisKeys } from '../../src/redis/redis-keys.ts';

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

/** A test file's connection to the test Redis and its fresh key maps ({@link useTestRedis}). */
export interface TestRedis {
  /** The connection (open from before the file's first test to after its last). */
  readonly redis: Redis;
  /** The key map of a prefix no other test uses; its keys are deleted after the test that took it. */
  freshKeys(): RedisKeys;
}

/** For one test file: registers the hooks that open, clean up after each test, and close. */
export function useTestRedis(label: string): TestRedis {
  let client: Redis | undefined;
  const prefixes: string[] = [];
  beforeAll(() => {
    client = testRedis();
  });
  afterEach(async () => {
    for (const prefix of prefixes.splice(0)) await deletePrefix(client!, prefix);
  });
  afterAll(async () => {
    await client?.quit();
  });
  return {
    get redis() {
      return client!;
    },
    freshKeys: () => {
      const prefix = uniquePrefix(label);
      prefixes.push(prefix);
      return redisKeys(prefix);
    },
  };
}
