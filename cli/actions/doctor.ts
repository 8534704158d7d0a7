import type { Command } from 'commander';
import type { ChannelConfig, Config } from '../../src/config/config-schema.ts';
import { scrubSecrets } from '../../src/config/secrets.ts';
import { withTimeout } from '../../src/net/with-timeout.ts';
import { createAdapter } from '../../src/platforms/adapter-registry.ts';
import { CredentialsError } from '../../src/platforms/credentials-error.ts';
import type { CredentialCheck } from '../../src/platforms/platform-adapter.ts';
import { DURABLE_REDIS_FIX, UNDURABLE_RISK } from '../../src/publishing/undurable-claims-error.ts';
import { connectRedis, redisUrl, safeRedisUrl } from '../../src/redis/connect-redis.ts';
import {
  describeServer,
  type RedisServerInfo,
  readRedisServerInfo,
  undurableReason,
} from '../../src/redis/redis-server-info.ts';
import { configWithFeeds, printJson } from '../cli-context.ts';
import { EXIT } from '../exit-codes.ts';
import { paint } from '../output/colour.ts';

/** One line of the doctor's report. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** What to do about a failure. */
  fix?: string;
  /** What was found, for scripts (`--json`): e.g. the Redis version and settings. */
  data?: Record<string, unknown>;
}

/** How long one credentials check may take before it counts as unreachable. */
const CHECK_TIMEOUT_MS = 15_000;

/** `secon-bot doctor`: configuration, Redis and every enabled channel's credentials, one line each. */
export async function run(options: { json?: boolean }, command: Command): Promise<void> {
  const checks = await runDoctor(command);
  const ok = checks.every((c) => c.ok);
  if (options.json) printJson({ ok, checks });
  else
    process.stdout.write(
      `${formatChecks(checks)}\n${ok ? paint('green', 'All checks passed.') : paint('red', `${checks.filter((c) => !c.ok).length} check(s) failed.`)}\n`,
    );
  process.exitCode = ok ? EXIT.ok : EXIT.failure;
}

export async function runDoctor(command: Command): Promise<DoctorCheck[]> {
  let config: Config;
  let path: string;
  try {
    ({ config, path } = await configWithFeeds(command));
  } catch (error) {
    return [
      {
        name: 'config',
        ok: false,
        detail: scrubSecrets((error as Error).message),
        fix: 'correct the configuration file (see `secon-bot config`), or point --config / SECON_BOT_CONFIG at the right one',
      },
    ];
  }
  const enabled = config.channels.filter((c) => c.enabled);
  const checks: DoctorCheck[] = [
    {
      name: 'config',
      ok: true,
      detail: `${path} is valid (${config.channels.length} channel(s), ${enabled.length} enabled)`,
    },
  ];
  checks.push(...(await checkRedis()));
  checks.push(...(await Promise.all(config.channels.map((channel) => checkChannel(channel, config)))));
  return checks;
}

/** Reachable; persisted as the log needs; able to make publish claims durable. Read-only. */
async function checkRedis(): Promise<DoctorCheck[]> {
  const url = redisUrl();
  let info: RedisServerInfo;
  try {
    const redis = await connectRedis(url, 3000);
    try {
      info = await readRedisServerInfo(redis);
    } finally {
      await redis.quit();
    }
  } catch (error) {
    return [
      {
        name: 'redis',
        ok: false,
        detail: scrubSecrets((error as Error).message),
        fix: 'start Redis (`docker compose up -d redis` or `valkey-server`) or set REDIS_URL to where it runs',
      },
    ];
  }
  const data = {
    server: info.server,
    version: info.version,
    redisVersion: info.redisVersion,
    appendonly: info.appendonly,
    appendfsync: info.appendfsync ?? null,
    maxmemoryPolicy: info.maxmemoryPolicy ?? null,
  };
  const compatible = info.server === 'redis' ? '' : ` (Redis ${info.redisVersion} compatible)`;
  const which = process.env.REDIS_URL ? '' : ' (REDIS_URL is not set: the default)';
  return [
    { name: 'redis', ok: true, detail: `${describeServer(info)}${compatible} at ${safeRedisUrl(url)}${which}`, data },
    persistenceCheck(info),
    durableClaimsCheck(info),
  ];
}

/** appendonly yes with fsyncs (everysec or always), and no eviction: the log must survive and stay whole. */
function persistenceCheck(info: RedisServerInfo): DoctorCheck {
  const fsync = info.appendfsync ?? 'unknown (CONFIG refused)';
  const policy = info.maxmemoryPolicy ?? 'unknown (CONFIG refused)';
  const detail = `appendonly ${info.appendonly ? 'yes' : 'no'}, appendfsync ${fsync}, maxmemory-policy ${policy}`;
  const problems: string[] = [];
  if (!info.appendonly) problems.push('set `appendonly yes`, or a restart loses the publishing log');
  if (info.appendfsync === 'no') problems.push('set `appendfsync everysec` (with `no` the OS decides when to write)');
  if (info.maxmemoryPolicy && info.maxmemoryPolicy !== 'noeviction')
    problems.push('set `maxmemory-policy noeviction`: an eviction policy silently drops parts of the log and queue');
  const check: DoctorCheck = { name: 'redis persistence', ok: problems.length === 0, detail };
  return problems.length ? { ...check, fix: `${problems.join('; ')} (redis.conf, or CONFIG SET)` } : check;
}

/** Whether the worker can make each publish claim durable (WAITAOF) before calling a platform. */
function durableClaimsCheck(info: RedisServerInfo): DoctorCheck {
  const reason = undurableReason(info);
  if (!reason)
    return {
      name: 'durable claims',
      ok: true,
      detail: 'yes: each publish claim is confirmed on disk (WAITAOF) before the platform is called',
    };
  return {
    name: 'durable claims',
    ok: false,
    detail: `no: ${reason}; the worker refuses to start without --allow-undurable-claims`,
    fix: `${DURABLE_REDIS_FIX}. Without it, ${UNDURABLE_RISK}`,
  };
}

async function checkChannel(channel: ChannelConfig, config: Config): Promise<DoctorCheck> {
  const name = `channel ${channel.id}`;
  const variables = Object.values(channel.credentials);
  if (!channel.enabled) return { name, ok: true, detail: `${channel.platform}, disabled: not checked` };
  let result: CredentialCheck;
  try {
    const adapter = createAdapter(channel, config);
    result = await withTimeout(adapter.checkCredentials(), CHECK_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof CredentialsError && error.variables.length) {
      return {
        name,
        ok: false,
        detail: scrubSecrets(error.message),
        fix: `set ${error.variables.join(', ')} in the environment (or ${error.variables.map((v) => `${v}_FILE`).join(', ')} pointing at a file)`,
      };
    }
    return {
      name,
      ok: false,
      detail: scrubSecrets((error as Error).message),
      fix: `check channel ${channel.id} in the configuration`,
    };
  }
  if (result.ok)
    return { name, ok: true, detail: `${channel.platform} credentials work: ${result.identity ?? 'authenticated'}` };
  const detail = `${channel.platform}: ${result.message ?? 'credentials refused'}`;
  if (result.kind === 'auth') {
    return {
      name,
      ok: false,
      detail,
      fix: `the platform refused the credentials of channel ${channel.id}: put a valid value in ${variables.join(', ')}`,
    };
  }
  if (result.kind === 'transient' || result.kind === 'unknown-outcome') {
    const base = config.platforms[channel.platform].baseUrl;
    return {
      name,
      ok: false,
      detail,
      fix: `cannot reach ${channel.platform}${base ? ` at ${base}` : ''}: check the network or platforms.${channel.platform}.baseUrl`,
    };
  }
  if (result.kind === 'rate-limited')
    return { name, ok: false, detail, fix: 'the platform is rate limiting this account; try again later' };
  return {
    name,
    ok: false,
    detail,
    fix: `check channel ${channel.id} (account "${channel.account}") and the platforms.${channel.platform} settings (API version); the credentials in ${variables.join(', ')} may lack a permission`,
  };
}

/** One line per check: ✔/✘, the name, what was found, and the fix under a failure. */
export function formatChecks(checks: DoctorCheck[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  return checks
    .map(
      (c) =>
        `${c.ok ? paint('green', '✔') : paint('red', '✘')} ${c.name.padEnd(width)}  ${c.detail}${c.ok || !c.fix ? '' : `\n  ${' '.repeat(width)}  fix: ${c.fix}`}`,
    )
    .join('\n');
}
