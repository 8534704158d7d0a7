import { Writable } from 'node:stream';
import { type SandboxSet, sandboxConfig, sandboxEnv, startSandboxes } from '../../sandbox/index.ts';
import type { Alert } from '../../src/alerts/alert.ts';
import type { Config } from '../../src/config/config-schema.ts';
import { parseConfig } from '../../src/config/load-config.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import type { RedisClient } from '../../src/redis/redis-client.ts';
import { WorkerRuntime, type WorkerRuntimeOptions } from '../../worker/worker-runtime.ts';
import { worldConfigYaml } from './config.ts';
import { deletePrefix, testRedisClient, testRedisUrl, uniquePrefix } from './redis.ts';

/** A parsed JSON log line. */
export type LogLine = Record<string, unknown> & { msg: string; level: number };

/** A real pino logger (the project's createLogger) whose lines are kept for the test to read. */
export function captureLogger(level = 'debug'): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  let pending = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString('utf8');
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 1);
        if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  return { logger: createLogger({ destination: sink, pretty: false, level }), lines };
}

/** Two (or more) worker processes' worth of WorkerRuntime on one Redis prefix, with the sandboxes. */
export interface Fleet {
  prefix: string;
  config: Config;
  env: Record<string, string>;
  sandboxes: SandboxSet;
  redis: RedisClient;
  runtimes: WorkerRuntime[];
  /** Each runtime's log lines, in the order of `runtimes`. */
  logs: LogLine[][];
  alerts: Alert[];
  /** Stops the runtimes (idempotent), then the sandboxes, and deletes the prefix unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** Rarely firing crons for the tasks a test is not about, so they stay out of its way. */
export const NEVER = '0 0 1 1 *';

/** Options of {@link startFleet}. */
export interface FleetOptions {
  /** Worker instances. Default 2. */
  instances?: number;
  /** Key prefix. Default: a new unique one (pass an earlier fleet's to restart on its data). */
  prefix?: string;
  /** YAML appended to the world config (top-level keys). */
  configExtra?: string;
  /** Changes to the parsed config (e.g. a channel's templates folder). */
  editConfig?: (config: Config) => Config;
  runtime?: Partial<WorkerRuntimeOptions>;
}

/**
 * Starts `instances` WorkerRuntimes on the same key prefix (port: null), sharing the config built
 * from test/publishing/world.ts's YAML plus `configExtra`.
 */
export async function startFleet(options: FleetOptions = {}): Promise<Fleet> {
  const prefix = options.prefix ?? uniquePrefix('wrk');
  const sandboxes = await startSandboxes();
  const parsed = sandboxConfig(
    parseConfig(worldConfigYaml(prefix, options.configExtra ?? ''), 'worker-test.yaml'),
    sandboxes.urls,
  );
  const config = options.editConfig?.(parsed) ?? parsed;
  const env = sandboxEnv(config);
  const redis = testRedisClient();
  const alerts: Alert[] = [];
  const logs: LogLine[][] = [];
  const runtimes: WorkerRuntime[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(runtimes.map((r) => r.stop()));
  };
  const settled = await Promise.allSettled(
    Array.from({ length: options.instances ?? 2 }, () => {
      const { logger, lines } = captureLogger();
      logs.push(lines);
      return WorkerRuntime.start({
        config,
        redisUrl: testRedisUrl(),
        env,
        logger,
        port: null,
        sweepSchedule: NEVER,
        credentialsSchedule: NEVER,
        approvalReminderSchedule: NEVER,
        workers: { lockDurationMs: 4000, stalledIntervalMs: 1000 },
        shutdownTimeoutMs: 5000,
        ...options.runtime,
        app: { alerts: { send: async (alert: Alert) => void alerts.push(alert) }, ...options.runtime?.app },
      });
    }),
  );
  for (const result of settled) if (result.status === 'fulfilled') runtimes.push(result.value);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stopAll();
    await sandboxes.stop();
    redis.disconnect();
    throw failed.reason;
  }
  return {
    prefix,
    config,
    env,
    sandboxes,
    redis,
    runtimes,
    logs,
    alerts,
    stop: async ({ keepData = false } = {}) => {
      await stopAll();
      await sandboxes.stop();
      if (!keepData) await deletePrefix(redis, prefix);
      await redis.quit();
    },
  };
}

/** The ticks of a periodic task: which instance ran each (index in `logs`) and which skipped it. */
export function ticksOf(logs: LogLine[][], task: string): Map<string, { ran: number[]; skipped: number[] }> {
  const out = new Map<string, { ran: number[]; skipped: number[] }>();
  logs.forEach((lines, instance) => {
    for (const line of lines) {
      if (line.task !== task || typeof line.tick !== 'string' || typeof line.taken !== 'boolean') continue;
      const entry = out.get(line.tick) ?? { ran: [], skipped: [] };
      (line.taken ? entry.ran : entry.skipped).push(instance);
      out.set(line.tick, entry);
    }
  });
  return out;
}
