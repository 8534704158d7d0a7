import type { Command } from 'commander';
import { type ListenContext, listenError } from '../../src/net/listen-error.ts';
import { redisUrl } from '../../src/redis/connect-redis.ts';
import { WorkerRuntime } from '../../worker/worker-runtime.ts';
import { configWithFeeds, loggerFor, redisNotice } from '../cli-context.ts';
import { EXIT } from '../exit-codes.ts';
import { notice } from '../output/notice.ts';

/** The worker's /healthz and /metrics, for a listen that fails. */
const WORKER_LISTENS: ListenContext = {
  what: "the worker's /healthz and /metrics",
  otherPort: 'choose another port with --port or worker.port',
  otherHost: '--host or worker.host',
};

/** `worker`: publishes due posts and runs the periodic tasks until SIGTERM/SIGINT. */
export async function run(
  options: { port?: number; host?: string; allowUndurableClaims?: boolean },
  command: Command,
): Promise<void> {
  const loaded = await configWithFeeds(command);
  // --host wins over worker.host, as --port over worker.port (the Compose file binds 0.0.0.0 so).
  const config = options.host
    ? { ...loaded.config, worker: { ...loaded.config.worker, host: options.host } }
    : loaded.config;
  // The worker is a service: its log lines are its output, so they go to stdout (readable on a
  // terminal through pino-pretty, JSON lines for a log collector).
  const logger = await loggerFor(command, 'stdout');
  const which = await redisNotice();
  if (which) notice(which);
  const runtime = await WorkerRuntime.start({
    config,
    redisUrl: redisUrl(),
    logger,
    allowUndurableClaims: options.allowUndurableClaims === true,
    ...(options.port !== undefined ? { port: options.port } : {}),
  }).catch((error: unknown) => {
    throw listenError(error, WORKER_LISTENS);
  });
  const closed = await new Promise<boolean>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'stopping: no new jobs; publishes in flight finish first');
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      // The stop waits on closing connections, which need not keep Node's event loop alive: seen
      // under load, the process ended half-way through it, without its last log lines (or the
      // alerts' flush). Held open until the stop is done (it ends at its timeout at the latest).
      const keepAlive = setInterval(() => undefined, 1000);
      runtime
        .stop()
        .catch((error: unknown) => {
          logger.error({ err: error }, 'error while stopping');
          return false;
        })
        .then((done) => {
          clearInterval(keepAlive);
          resolve(done);
        });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  // pino-pretty runs in a worker thread: let it write the last lines before the process ends.
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
  if (!closed) {
    // Connections dropped unclosed (Redis gone) may keep reconnecting and the process with them:
    // end it once this command has returned. Unref'd, so a process free to end ends by itself.
    process.exitCode = EXIT.failure;
    setTimeout(() => process.exit(), 0).unref();
  }
}
