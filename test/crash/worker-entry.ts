/**
 * The worker process of the crash test: the real WorkerRuntime with short lock and lease times so
 * that a killed worker's posts are taken up again within seconds. Settings come from the
 * environment (the test passes them):
 * - REDIS_URL, CRASH_CONFIG (the configuration as JSON, pointed at the sandboxes), CRASH_ENV (credentials as JSON);
 * - CRASH_KILL_AFTER_ANSWER: probability that the process SIGKILLs itself right after a platform
 *   answered success and before the answer is recorded — the worst moment for exactly-once.
 */
import pino from 'pino';
import type { Config } from '../../src/config/config-schema.ts';
import { WorkerRuntime } from '../../worker/worker-runtime.ts';

const config = JSON.parse(process.env.CRASH_CONFIG!) as Config;
const env = { ...process.env, ...(JSON.parse(process.env.CRASH_ENV ?? '{}') as Record<string, string>) };
const killAfterAnswer = Number(process.env.CRASH_KILL_AFTER_ANSWER ?? '0');
const logger = pino({ level: process.env.CRASH_LOG_LEVEL ?? 'silent' }, pino.destination(2));

const runtime = await WorkerRuntime.start({
  config,
  env,
  logger,
  redisUrl: process.env.REDIS_URL!,
  port: null,
  workers: { lockDurationMs: 2000, stalledIntervalMs: 500, maxStalledCount: 1000 },
  sweepSchedule: '*/2 * * * * *',
  app: {
    leaseTtlMs: 1500,
    reconciler: { findRetryDelayMs: 100 },
    publisher: {
      pausedRecheckMs: 500,
      // The lease of a call covers its worst case (publish-deadline.ts) counted with 1 s requests
      // rather than the adapters' 30 s: the sandboxes answer within ~50 ms (cuts close at once), so
      // every call here still ends well inside its lease, and a worker killed mid-call (an image
      // post on X counts 10 requests) blocks its post for seconds, not minutes.
      requestTimeoutMs: 1000,
      leaseMarginMs: 500,
      afterPlatformAnswer: () => {
        if (Math.random() < killAfterAnswer) process.kill(process.pid, 'SIGKILL');
      },
    },
  },
});
process.stdout.write('ready\n');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void runtime.stop().then(() => process.exit(0)));
}
