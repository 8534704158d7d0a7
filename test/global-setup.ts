import type { TestProject } from 'vitest/node';
import { build } from '../dev/build.mjs';
import { RedisServerProcess } from '../dev/redis-server-process.ts';

let server: RedisServerProcess | undefined;

/**
 * Brings dist/ up to date first: the tests that spawn the `secon-bot` command run the compiled
 * build, so they must never run one older than the sources (a no-op when nothing changed).
 * Then starts one private redis-server for the whole run; tests read its URL from `TEST_REDIS_URL`.
 */
export async function setup(project: TestProject): Promise<void> {
  if ((await build()) !== 0) throw new Error('the build failed (see above): the CLI tests would run stale JavaScript');
  server = new RedisServerProcess();
  const url = await server.start();
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
