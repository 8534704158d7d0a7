import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import { build } from '../dev/build.mjs';
import { RedisServerProcess } from '../dev/redis-server-process.ts';
import { DURABLE_REDIS_FIX } from '../src/publishing/undurable-claims-error.ts';
import { readRedisServerInfo, undurableReason } from '../src/redis/redis-server-info.ts';

let server: RedisServerProcess | undefined;

/**
 * Brings dist/ up to date first: the tests that spawn the `secon-bot` command run the built
 * command, so they must never run one older than the sources (a no-op when nothing changed).
 * Then starts one private server for the whole run; tests read its URL from `TEST_REDIS_URL`. It is
 * the Redis the project supports, set up as production should be (valkey-server preferred,
 * `appendonly yes`, `appendfsync everysec`), so every publish in the suite goes through the
 * durable claim (WAITAOF), not the fallback.
 */
export async function setup(project: TestProject): Promise<void> {
  if ((await build()) !== 0) throw new Error('the build failed (see above): the CLI tests would run stale JavaScript');
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
