import type { Command } from 'commander';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config-schema.ts';
import { configPath, loadConfig } from '../config/load-config.ts';
import { createLogger, type Logger } from '../logger.ts';
import { connectRedis, redisUrl } from '../redis/connect-redis.ts';

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

/**
 * Logs go to stderr so stdout stays clean for what a command prints (tables, JSON for scripts).
 * `worker` logs to stdout instead (see its command).
 */
export function loggerFor(command: Command, destination: NodeJS.WritableStream = process.stderr): Logger {
  const level = globalOptions(command).logLevel;
  return createLogger({ level, destination, pretty: false });
}

/** Connects to `REDIS_URL` (fails fast with a clear message). */
export function redisFor(): Promise<Redis> {
  return connectRedis(redisUrl());
}

/** Prints a value as pretty JSON on stdout (the `--json` output of every command). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
