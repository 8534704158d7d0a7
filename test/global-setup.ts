import type { TestProject } from 'vitest/node';
import { RedisServerProcess } from '../dev/redis-server-process.ts';

let server: RedisServerProcess | undefined;

/** Starts one private redis-server for the whole run; tests read its URL from `TEST_REDIS_URL`. */
export async function setup(project: TestProject): Promise<void> {
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
