import type { Command } from 'commander';
import type { App } from '../app/create-app.ts';
import type { Config } from '../src/config/config-schema.ts';
import { configPath, loadConfig } from '../src/config/load-config.ts';
import { SANDBOX_ENV, sandboxBaseUrls, sandboxEnv, withBaseUrls } from '../src/config/sandbox-overlay.ts';
import { InputError } from '../src/input-error.ts';
import type { Logger } from '../src/logger.ts';
import type { RedisClient } from '../src/redis/redis-client.ts';
import { colourOn, setColourFlag } from './output/colour.ts';
import { notice } from './output/notice.ts';

export { printJson } from './output/json-output.ts';

/**
 * What the commands' actions share: the configuration (with the sandbox overlay), Redis, the app.
 * Heavy modules (BullMQ, ioredis, pino) are imported inside the functions that need them, so a
 * command that only reads the configuration (preview, config, new) never loads them.
 */

/** Global options every subcommand sees (declared on the root program in main.ts). */
export interface GlobalOptions {
  config?: string;
  logLevel?: string;
  sandbox?: string;
  color?: boolean;
}

/** The root program's options, from any subcommand. */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** The sandbox URL from `--sandbox` or SECON_BOT_SANDBOX, checked; undefined when neither is set. */
export function sandboxUrl(command: Command, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = globalOptions(command).sandbox ?? (env[SANDBOX_ENV] || undefined);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(
      `--sandbox / ${SANDBOX_ENV}: "${value}" is not a URL; expected an http(s) URL, e.g. http://127.0.0.1:4100`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InputError(`--sandbox / ${SANDBOX_ENV}: "${value}": expected an http(s) URL, e.g. http://127.0.0.1:4100`);
  return value;
}

/** Sandbox overlays already announced in this process (a command may load the configuration twice). */
const announced = new Set<string>();

/**
 * Loads and validates the configuration named by `--config` / `SECON_BOT_CONFIG`. With a sandbox
 * URL (`--sandbox`, SECON_BOT_SANDBOX), every platform points at the sandboxes and every credential
 * variable holds what they accept, for this process only: the file is not touched.
 */
/**
 * configFor, plus the feeds' cron schedules checked with node-cron's own validator: for the commands
 * that run or judge the feeds (`config`, `worker`, `doctor`). The others do not load node-cron.
 */
export async function configWithFeeds(command: Command): Promise<ReturnType<typeof configFor>> {
  const loaded = configFor(command);
  const { checkFeedSchedules } = await import('../worker/feed-schedules.ts');
  checkFeedSchedules(loaded.config, loaded.path);
  return loaded;
}

/** Options of {@link configFor}. */
export interface ConfigForOptions {
  /**
   * Say on stderr that the platforms are the sandboxes. Default true; false for the commands that
   * never call a platform (`new`, `preview`, `ingest --dry-run`): there the notice would only mislead.
   */
  announce?: boolean;
}

export function configFor(
  command: Command,
  options: ConfigForOptions = {},
): { config: Config; path: string; sandbox?: string } {
  const path = configPath(globalOptions(command).config);
  const loaded = loadConfig(path);
  const sandbox = sandboxUrl(command);
  if (!sandbox) return { config: loaded, path };
  const config = withBaseUrls(loaded, sandboxBaseUrls(sandbox));
  Object.assign(process.env, sandboxEnv(config));
  if (options.announce !== false && !announced.has(sandbox)) {
    announced.add(sandbox);
    notice(`sandbox platforms at ${sandbox} (sandbox credentials; nothing reaches a real platform)`);
  }
  return { config, path, sandbox };
}

/** Level of a one-off command's log on stderr: what it prints is its output; the log is for trouble. */
export const COMMAND_LOG_LEVEL = 'warn';

/**
 * Logs go to stderr so stdout stays clean for what a command prints (tables, JSON for scripts),
 * at `warn` unless --log-level or LOG_LEVEL say otherwise. `worker` logs to stdout at `info`
 * (see its command): there the log is the output, readable on a terminal, JSON lines otherwise.
 */
export async function loggerFor(command: Command, destination: 'stdout' | 'stderr' = 'stderr'): Promise<Logger> {
  const { createLogger } = await import('../src/logger.ts');
  const level =
    globalOptions(command).logLevel ?? process.env.LOG_LEVEL ?? (destination === 'stderr' ? COMMAND_LOG_LEVEL : 'info');
  if (destination === 'stderr') return createLogger({ level, destination: process.stderr, pretty: false });
  // On a terminal, pino-pretty (colour unless NO_COLOR / --no-color); JSON lines for log collectors.
  const pretty = Boolean(process.stdout.isTTY);
  setColourFlag(globalOptions(command).color !== false);
  return createLogger({ level, pretty, colour: colourOn(process.stdout) });
}

/**
 * Connects to `REDIS_URL` (fails fast with a clear message). Without REDIS_URL the first line says
 * which Redis is used, so nobody works on a stranger's Redis on 6379 without knowing.
 */
export async function redisFor(config?: Config): Promise<RedisClient> {
  const { connectRedis, redisUrl } = await import('../src/redis/connect-redis.ts');
  const which = await redisNotice();
  if (which) notice(which);
  return connectRedis(redisUrl(), undefined, { cluster: config?.redis.cluster ?? false });
}

/** The first line of a command that uses Redis when REDIS_URL does not say which: the default it uses. */
export async function redisNotice(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (env.REDIS_URL) return undefined;
  const { DEFAULT_REDIS_URL } = await import('../src/redis/connect-redis.ts');
  return `using Redis at ${DEFAULT_REDIS_URL} (REDIS_URL is not set)`;
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
      throw new InputError(`${what}: not part of this installation (the production image ships the worker only)`);
    }
    throw error;
  }
}

/** `--channel` ids must be configured channels. */
export function checkChannels(config: Config, ids: string[] | undefined): void {
  const unknown = (ids ?? []).filter((id) => !config.channels.some((c) => c.id === id));
  if (unknown.length)
    throw new InputError(
      `--channel: unknown channel ${unknown.map((u) => `"${u}"`).join(', ')}; configured: ` +
        `${config.channels.map((c) => c.id).join(', ')}`,
    );
}

/** `--now`: an ISO 8601 date-time with a zone; the current time when not given. */
export function parseNow(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const at = new Date(text);
  if (!/([zZ]|[+-]\d{2}:?\d{2})$/u.test(text.trim()) || Number.isNaN(at.getTime())) {
    throw new InputError(`--now "${text}": expected an ISO 8601 date-time with a zone, e.g. 2023-11-01T09:00:00+02:00`);
  }
  return at;
}

/**
 * `--now` of a command that can queue: only with --dry-run, since a real run would queue posts at
 * times planned from a clock that is not the real one. Undefined when not given.
 */
export function dryRunNow(command: string, options: { now?: string; dryRun?: boolean }): Date | undefined {
  if (options.now === undefined) return undefined;
  if (!options.dryRun)
    throw new InputError(
      `${command}: --now goes with --dry-run only: a real run queues posts at times planned from the real ` +
        `clock (to see the plan as of ${options.now}: \`secon-bot ${command} … --dry-run --now ${options.now}\`)`,
    );
  return parseNow(options.now);
}

/**
 * Runs a command against the app (config from --config, Redis from REDIS_URL, logs on stderr) and
 * closes queues and connection afterwards, however the command ends.
 */
export async function withApp<T>(command: Command, fn: (app: App) => Promise<T>): Promise<T> {
  const { config } = configFor(command);
  const logger = await loggerFor(command);
  const redis = await redisFor(config);
  const { createApp } = await import('../app/create-app.ts');
  const app = createApp({ config, redis, logger });
  try {
    return await fn(app);
  } finally {
    await app.close();
    redis.disconnect();
  }
}
