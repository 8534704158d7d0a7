import type { Command } from 'commander';
import type { Config } from '../../src/config/config-schema.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { configFor, redisFor } from '../cli-context.ts';

/** Runs `fn` with the configured publishing log, closing the Redis connection afterwards. */
export function withLog<T>(command: Command, fn: (log: RedisPublishingLog, config: Config) => Promise<T>): Promise<T> {
  return withCheckedLog(command, () => undefined, fn);
}

/**
 * withLog, with `check` run first, before Redis is reached: it parses the options that need only
 * the configuration, so that a mistyped option is told as such (exit 2) even when Redis is down;
 * `fn` gets what it returned.
 */
export async function withCheckedLog<C, T>(
  command: Command,
  check: (config: Config) => C,
  fn: (log: RedisPublishingLog, config: Config, checked: C) => Promise<T>,
): Promise<T> {
  const { config } = configFor(command);
  const checked = check(config);
  const redis = await redisFor(config);
  try {
    return await fn(
      new RedisPublishingLog(redis, redisKeys(config.redis.keyPrefix), { retentionDays: config.log.retentionDays }),
      config,
      checked,
    );
  } finally {
    redis.disconnect();
  }
}

/** Writes text with exactly one final line break. */
export function write(text: string): void {
  process.stdout.write(text.endsWith('\n') || !text ? text : `${text}\n`);
}

/**
 * `--json` of a `history` subcommand: `history` has its own `--json`, which commander gives to
 * `history` wherever it is written (`history import f.ndjson --json`), so both are asked.
 */
export function wantsJson(options: { json?: boolean }, command: Command): boolean {
  return Boolean(options.json ?? command.optsWithGlobals<{ json?: boolean }>().json);
}
