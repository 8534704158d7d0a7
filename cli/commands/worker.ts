import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { redisUrl } from '../../src/redis/connect-redis.ts';
import { WorkerRuntime } from '../../worker/worker-runtime.ts';
import { configFor, loggerFor } from '../cli-context.ts';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('expected a port number 0–65535');
  return port;
}

/** `worker`: publishes due posts and runs the periodic tasks until SIGTERM/SIGINT. */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      'Run the publish workers (X, LinkedIn, Facebook), the feed polls, the minute sweep, the daily credentials check and, when log.retentionDays is set, the daily log trim (03:30); each periodic task runs once per tick across all worker instances. Serves /healthz and /metrics. Logs one JSON line per publish and per periodic task on stdout. Stops gracefully on SIGTERM/SIGINT, letting publishes and feed polls in progress finish.',
    )
    .option('--port <n>', 'port of /healthz and /metrics (default: worker.port in the configuration)', parsePort)
    .action(async (options: { port?: number }, command: Command) => {
      const { config } = configFor(command);
      // The worker is a service: its log lines are its output, so they go to stdout.
      const logger = loggerFor(command, process.stdout);
      const runtime = await WorkerRuntime.start({
        config,
        redisUrl: redisUrl(),
        logger,
        ...(options.port !== undefined ? { port: options.port } : {}),
      });
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          logger.info({ signal }, 'stopping: no new jobs; publishes in flight finish first');
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
          runtime.stop().then(resolve, (error: unknown) => {
            logger.error({ err: error }, 'error while stopping');
            resolve();
          });
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      });
    });
}
