import type { Command } from 'commander';
import type { Redis } from 'ioredis';
import { type App, createApp } from '../app/create-app.ts';
import type { Config } from '../src/config/config-schema.ts';
import { configPath, loadConfig } from '../src/config/load-config.ts';
import { InputError } from '../src/input-error.ts';
import { createLogger, type Logger } from '../src/logger.ts';
import { connectRedis, redisUrl } from '../src/redis/connect-redis.ts';

/** Global options every subcommand sees (declared on the root program in main.ts). */
export interface GlobalOptions {
  config?: string;
  logLevel?: string;
}

/** The root program's options, from any subcommand. */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** Loads and validates the configuration named by `--config` / `SECON_BOT_CONFIG`. */
export function configFor(command: Command): { config: Config; path: string } {
  const path = configPath(globalOptions(command).config);
  return { config: loadConfig(path), path };
}

/** Level of a one-off command's log on stderr: what it prints is its output; the log is for trouble. */
export const COMMAND_LOG_LEVEL = 'warn';

/**
 * Logs go to stderr so stdout stays clean for what a command prints (tables, JSON for scripts),
 * at `warn` unless --log-level or LOG_LEVEL say otherwise. `worker` logs to stdout at `info`
 * (see its command): there the log is the output.
 */
export function loggerFor(command: Command, destination: NodeJS.WritableStream = process.stderr): Logger {
  const fallback = destination === process.stderr ? COMMAND_LOG_LEVEL : 'info';
  const level = globalOptions(command).logLevel ?? process.env.LOG_LEVEL ?? fallback;
  return createLogger({ level, destination, pretty: false });
}

/** Connects to `REDIS_URL` (fails fast with a clear message). */
export function redisFor(): Promise<Redis> {
  return connectRedis(redisUrl());
}

/**
 * Loads a development tool (the sandbox platforms, the demo) only when its command runs: the
 * production image does not ship them, and the other commands never pay for loading them.
 */
export async function importTool<T>(load: () => Promise<T>, what: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new InputError(`${what} is not part of this installation (the production image ships the worker only)`);
    }
    throw error;
  }
}

/** Prints a value as pretty JSON on stdout (the `--json` output of every command). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

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
