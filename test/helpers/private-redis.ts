import { Redis } from 'ioredis';
import { type RedisServerOptions, RedisServerProcess } from '../../dev/redis-server-process.ts';
import { type SandboxSet, sandboxConfig, sandboxEnv, startSandboxes } from '../../sandbox/index.ts';
import type { Config } from '../../src/config/config-schema.ts';
import { parseConfig } from '../../src/config/load-config.ts';
import { WorkerRuntime, type WorkerRuntimeOptions } from '../../worker/worker-runtime.ts';
import { worldConfigYaml } from './config.ts';
import { captureLogger, type LogLine, NEVER } from './fleet.ts';
import { uniquePrefix } from './redis.ts';

/** A Redis server of the test's own (to restart, kill or cut back), the sandboxes, a config on both. */
export interface PrivateRedisWorld {
  server: RedisServerProcess;
  sandboxes: SandboxSet;
  config: Config;
  env: Record<string, string>;
  /** A connection that rides out restarts of the server (BullMQ-ready). */
  redis: Redis;
}

export interface PrivateRedisWorldOptions {
  /** The server's settings. Default: the supported one (Valkey first, appendonly yes). */
  server?: RedisServerOptions;
  /** The sandboxes take a repeated text, so a second post shows as a second copy. Default false. */
  acceptRepeats?: boolean;
  /** Key prefix label. Default `own`. */
  label?: string;
}

/**
 * Starts a private Redis server and the sandboxes for tests that stop, kill or cut back Redis
 * (the shared test server must never be touched that way). What it starts is stopped by the
 * callbacks it pushes onto `cleanups`, run in reverse order after the test.
 */
export async function startPrivateRedisWorld(
  cleanups: Array<() => unknown>,
  options: PrivateRedisWorldOptions = {},
): Promise<PrivateRedisWorld> {
  const server = new RedisServerProcess({ appendOnly: true, ...options.server });
  await server.start();
  cleanups.push(() => server.stop());
  const sandboxes = await startSandboxes();
  cleanups.push(() => sandboxes.stop());
  if (options.acceptRepeats)
    for (const platform of ['twitter', 'linkedin', 'facebook'] as const) sandboxes[platform].refuseDuplicates = false;
  const label = options.label ?? 'own';
  const config = sandboxConfig(parseConfig(worldConfigYaml(uniquePrefix(label)), `${label}.yaml`), sandboxes.urls);
  const redis = new Redis(server.url, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
  redis.on('error', () => undefined);
  cleanups.push(() => redis.disconnect());
  return { server, sandboxes, config, env: sandboxEnv(config), redis };
}

/**
 * A WorkerRuntime on a private Redis (the test may kill or freeze it), with short shutdown
 * timeouts, no feed polls, and its log lines (level info). Stopped after the test.
 */
export async function startPrivateWorker(
  cleanups: Array<() => unknown>,
  label: string,
  options: Partial<WorkerRuntimeOptions> = {},
): Promise<{ runtime: WorkerRuntime; server: RedisServerProcess; lines: LogLine[] }> {
  const { config, env, server } = await startPrivateRedisWorld(cleanups, { label });
  const { logger, lines } = captureLogger('info');
  const runtime = await WorkerRuntime.start({
    config,
    redisUrl: server.url,
    env,
    port: null,
    logger,
    pollFeeds: false,
    approvalReminderSchedule: NEVER,
    shutdownTimeoutMs: 300,
    closeTimeoutMs: 300,
    ...options,
  });
  cleanups.push(() => runtime.stop());
  return { runtime, server, lines };
}
