import type { Command } from 'commander';
import { type App, createApp } from '../queues/app.ts';
import { configFor, loggerFor, redisFor } from './cli-context.ts';

/**
 * Runs a command against the app (config from --config, Redis from REDIS_URL, logs on stderr) and
 * closes queues and connection afterwards, however the command ends.
 */
export async function withApp<T>(command: Command, fn: (app: App) => Promise<T>): Promise<T> {
  const { config } = configFor(command);
  const logger = loggerFor(command);
  const redis = await redisFor();
  const app = createApp({ config, redis, logger });
  try {
    return await fn(app);
  } finally {
    await app.close();
    redis.disconnect();
  }
}
