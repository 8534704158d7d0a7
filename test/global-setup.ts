import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import { RedisServerProcess } from '../dev/redis-server-process.ts';
import { DURABLE_REDIS_FIX } from '../src/publishing/undurable-claims-error.ts';
import { readRedisServerInfo, undurableReason } from '../src/redis/redis-server-info.ts';

let server: RedisServerProcess | undefined;

/**
 * Starts one private server for the whole run; tests read its URL from `TEST_REDIS_URL`. It is
 * the Redis the project supports, set up as production should be (valkey-server preferred,
 * `appendonly yes`, `appendfsync everysec`), so every publish in the suite goes through the
 * durable claim (WAITAOF), not the fallback.
 */
export async function setup(project: TestProject): Promise<void> {
  server = new RedisServerProcess({ appendOnly: true });
  const url = await server.start();
  const redis = new Redis(url);
  try {
    const reason = undurableReason(await readRedisServerInfo(redis));
    if (reason)
      throw new Error(`the tests need a Redis that can make claims durable, but ${reason}. ${DURABLE_REDIS_FIX}.`);
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    redis.disconnect();
  }
  process.env.TEST_REDIS_URL = url;
  project.provide('redisUrl', url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
