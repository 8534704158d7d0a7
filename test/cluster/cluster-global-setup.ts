import type { TestProject } from 'vitest/node';
import { build } from '../../dev/build.mjs';
import { RedisClusterProcess } from '../../dev/redis-cluster-process.ts';
import { DURABLE_REDIS_FIX } from '../../src/publishing/undurable-claims-error.ts';
import { connectRedis } from '../../src/redis/connect-redis.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { readRedisServerInfo, undurableReason } from '../../src/redis/redis-server-info.ts';

let cluster: RedisClusterProcess | undefined;

/**
 * The cluster suite's Redis: a private three-master Redis Cluster on loopback (valkey-server in
 * cluster mode, `valkey-cli --cluster create`), each node with `appendonly yes`, `appendfsync
 * everysec`. Tests read its URL (every node, comma-separated: REDIS_URL's cluster form) from
 * `redisUrl`, as the single-server suite does, so the shared helpers connect through the Cluster
 * client. Builds dist/ first, like test/global-setup.ts.
 */
export async function setup(project: TestProject): Promise<void> {
  if ((await build()) !== 0) throw new Error('the build failed (see above): the CLI tests would run stale JavaScript');
  cluster = new RedisClusterProcess();
  const url = await cluster.start();
  const client = await connectRedis(url);
  try {
    const reason = undurableReason(await readRedisServerInfo(client, redisKeys('secon-bot').durableClaim));
    if (reason)
      throw new Error(
        `the cluster tests need nodes that can make claims durable, but ${reason}. ${DURABLE_REDIS_FIX}.`,
      );
  } catch (error) {
    await cluster.stop();
    throw error;
  } finally {
    client.disconnect();
  }
  process.env.TEST_REDIS_URL = url;
  project.provide('redisUrl', url);
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
}
