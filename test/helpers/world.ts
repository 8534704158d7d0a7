import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { type App, createApp } from '../../app/create-app.ts';
import {
  type SandboxSet,
  type StartSandboxesOptions,
  sandboxConfig,
  sandboxEnv,
  startSandboxes,
} from '../../sandbox/index.ts';
import type { Alert } from '../../src/alerts/alert.ts';
import type { Config, Platform } from '../../src/config/config-schema.ts';
import { parseConfig } from '../../src/config/load-config.ts';
import type { LogEntry } from '../../src/log/log-entry.ts';
import type { PlannedPost, PostKind, PostState } from '../../src/posts/post.ts';
import type { RedisClient } from '../../src/redis/redis-client.ts';
import { WorkerRuntime, type WorkerRuntimeOptions } from '../../worker/worker-runtime.ts';
import { worldConfigYaml } from './config.ts';
import { NEVER } from './fleet.ts';
import { deletePrefix, testRedisClient, testRedisUrl, uniquePrefix } from './redis.ts';

export const PLATFORM_OF: Record<string, Platform> = {
  'x-secon': 'twitter',
  'linkedin-secon': 'linkedin',
  'facebook-secon': 'facebook',
};

export interface World {
  prefix: string;
  config: Config;
  env: Record<string, string>;
  sandboxes: SandboxSet;
  redis: RedisClient;
  /** The worker, running in this process (undefined when started without one). */
  runtime?: WorkerRuntime;
  /** The app the test drives (scheduler, log, store): the worker's own when one runs. */
  app: App;
  alerts: Alert[];
  stop(): Promise<void>;
}

export interface WorldOptions {
  /** Start the worker. Default true. */
  worker?: boolean;
  sandbox?: StartSandboxesOptions;
  configExtra?: string;
  runtime?: Partial<WorkerRuntimeOptions>;
  /** The app's clock, when started without a worker. Default: the real one. */
  now?: () => Date;
}

const quiet = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Sandboxes, a config pointing at them, the private test Redis, and (by default) a worker in-process. */
export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const prefix = uniquePrefix('pub');
  const sandboxes = await startSandboxes(options.sandbox);
  const config = sandboxConfig(parseConfig(worldConfigYaml(prefix, options.configExtra), 'world.yaml'), sandboxes.urls);
  const env = sandboxEnv(config);
  const redis = testRedisClient();
  const alerts: Alert[] = [];
  const alertPort = { send: async (alert: Alert) => void alerts.push(alert) };
  let runtime: WorkerRuntime | undefined;
  let app: App;
  if (options.worker ?? true) {
    runtime = await WorkerRuntime.start({
      config,
      redisUrl: testRedisUrl(),
      env,
      logger: quiet,
      port: null,
      // Reminders of posts waiting for approval are alerts: not in the way of a test counting alerts.
      approvalReminderSchedule: NEVER,
      workers: { lockDurationMs: 4000, stalledIntervalMs: 1000 },
      ...options.runtime,
      app: { alerts: alertPort, leaseTtlMs: 3000, publisher: { pausedRecheckMs: 300 }, ...options.runtime?.app },
    });
    app = runtime.app;
  } else {
    app = createApp({
      config,
      redis,
      env,
      logger: quiet,
      alerts: alertPort,
      ...(options.now ? { now: options.now } : {}),
    });
  }
  return {
    prefix,
    config,
    env,
    sandboxes,
    redis,
    runtime,
    app,
    alerts,
    stop: async () => {
      await runtime?.stop();
      if (!runtime) await app.close();
      await sandboxes.stop();
      await deletePrefix(redis, prefix);
      await redis.quit();
    },
  };
}

/** A post as planning would make it, with text unique to this test run. */
export function plannedPost(
  channel: string,
  options: {
    at?: Date;
    newsId?: string;
    kind?: PostKind;
    language?: string;
    state?: PostState;
    text?: string;
    thread?: string[];
    notAfter?: string;
  } = {},
): PlannedPost {
  const newsId = options.newsId ?? `n-${randomUUID().slice(0, 8)}`;
  const language = options.language ?? 'en';
  const kind = options.kind ?? 'news';
  const text =
    options.text ??
    options.thread?.[0] ??
    `SECON partners met in Haskovo to compare social economy support ${randomUUID().slice(0, 8)}`;
  return {
    postId: `${newsId}.${channel}.${language}.${kind}`,
    newsId,
    channel,
    platform: PLATFORM_OF[channel]!,
    language,
    kind,
    plannedAt: (options.at ?? new Date()).toISOString(),
    state: options.state ?? 'scheduled',
    ...(options.notAfter ? { notAfter: options.notAfter } : {}),
    rendered: {
      text,
      ...(options.thread ? { thread: options.thread } : {}),
      images: [],
      metrics: { length: text.length, limit: 280 },
      warnings: [],
    },
  };
}

/** Polls until `check` returns a truthy value (or fails after `timeoutMs`). */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The states of a post's timeline, oldest first. */
export async function states(app: App, postId: string): Promise<PostState[]> {
  return (await app.publishingLog.timeline(postId)).map((e: LogEntry) => e.state);
}

/** Waits until the post is in `state`. */
export function waitForState(app: App, postId: string, state: PostState, timeoutMs = 10_000) {
  return waitFor(
    async () => {
      const record = await app.publishingLog.get(postId);
      return record?.state === state ? record : undefined;
    },
    timeoutMs,
    `${postId} to be ${state}`,
  );
}
