/**
 * The worker process of the crash test: the real WorkerRuntime with short lock and lease times so
 * that a killed worker's posts are taken up again within seconds. Settings come from the
 * environment (the test passes them):
 * - REDIS_URL, CRASH_CONFIG (the configuration as JSON, pointed at the sandboxes), CRASH_ENV (credentials as JSON);
 * - CRASH_KILL_AFTER_ANSWER: probability that the process SIGKILLs itself right after a platform
 *   answered success and before the answer is recorded — the worst moment for exactly-once;
 * - CRASH_PAUSE_AFTER_ANSWER: probability that, at that same moment, it prints
 *   `answered <postId>` and waits for `go <postId>` on stdin: the test may make Redis lose its
 *   last writes (or cut the power) meanwhile;
 * - CRASH_NO_DURABLE_CLAIM=1, CRASH_NO_RESTART_CHECK=1: without the durable claim (WAITAOF), without
 *   the restart check; both: the run that must show duplicates, proving the test can fail.
 */
import { createInterface } from 'node:readline';
import pino from 'pino';
import type { Config } from '../../src/config/config-schema.ts';
import { WorkerRuntime } from '../../worker/worker-runtime.ts';

const config = JSON.parse(process.env.CRASH_CONFIG!) as Config;
const env = { ...process.env, ...(JSON.parse(process.env.CRASH_ENV ?? '{}') as Record<string, string>) };
const killAfterAnswer = Number(process.env.CRASH_KILL_AFTER_ANSWER ?? '0');
const pauseAfterAnswer = Number(process.env.CRASH_PAUSE_AFTER_ANSWER ?? '0');
const noDurableClaim = process.env.CRASH_NO_DURABLE_CLAIM === '1';
const noRestartCheck = process.env.CRASH_NO_RESTART_CHECK === '1';
const logger = pino({ level: process.env.CRASH_LOG_LEVEL ?? 'silent' }, pino.destination(2));

/** Attempts paused after their platform answer, released by `go <postId>` from the test. */
const paused = new Map<string, () => void>();
createInterface({ input: process.stdin }).on('line', (line) => {
  const [word, postId] = line.split(' ');
  if (word === 'go' && postId) {
    paused.get(postId)?.();
    paused.delete(postId);
  }
});

const runtime = await WorkerRuntime.start({
  config: noDurableClaim ? { ...config, publishing: { ...config.publishing, durableClaim: false } } : config,
  env,
  logger,
  redisUrl: process.env.REDIS_URL!,
  port: null,
  allowUndurableClaims: noDurableClaim,
  workers: { lockDurationMs: 2000, stalledIntervalMs: 500, maxStalledCount: 1000 },
  sweepSchedule: '*/2 * * * * *',
  app: {
    leaseTtlMs: 1500,
    reconcileAfterRedisRestart: !noRestartCheck,
    reconciler: { findRetryDelayMs: 100 },
    publisher: {
      pausedRecheckMs: 500,
      // The lease of a call covers its worst case (publish-deadline.ts) counted with 1 s requests
      // rather than the adapters' 30 s: the sandboxes answer within ~50 ms (cuts close at once), so
      // every call here still ends well inside its lease, and a worker killed mid-call (an image
      // post on X counts 10 requests) blocks its post for seconds, not minutes.
      requestTimeoutMs: 1000,
      leaseMarginMs: 500,
      afterPlatformAnswer: async (postId) => {
        if (Math.random() < killAfterAnswer) process.kill(process.pid, 'SIGKILL');
        if (Math.random() < pauseAfterAnswer) {
          const released = new Promise<void>((resolve) => paused.set(postId, resolve));
          process.stdout.write(`answered ${postId}\n`);
          await released;
        }
      },
    },
  },
});
process.stdout.write('ready\n');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void runtime.stop().then(() => process.exit(0)));
}
