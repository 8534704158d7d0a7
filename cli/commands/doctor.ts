import type { Command } from 'commander';
import type { Config } from '../../src/config/config-schema.ts';
import { scrubSecrets } from '../../src/config/secrets.ts';
import { checkChannel, type DoctorCheck } from '../../src/platforms/channel-check.ts';
import { connectRedis, redisUrl, safeRedisUrl } from '../../src/redis/connect-redis.ts';
import { configFor, printJson } from '../cli-context.ts';

export type { DoctorCheck };

/** `secon-bot doctor`: configuration, Redis and every enabled channel's credentials, one line each. */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description(
      "check the configuration, Redis, and every enabled channel's credentials with a read-only call; one line per check with a fix; exit 0 only if all pass",
    )
    .option('--json', 'print the checks as JSON')
    .action(async function (this: Command, options: { json?: boolean }) {
      const checks = await runDoctor(this);
      const ok = checks.every((c) => c.ok);
      if (options.json) printJson({ ok, checks });
      else
        process.stdout.write(
          `${formatChecks(checks)}\n${ok ? 'All checks passed.' : `${checks.filter((c) => !c.ok).length} check(s) failed.`}\n`,
        );
      // 0 all passed, 1 a check failed (EXIT in main.ts; not imported to avoid an import cycle).
      process.exitCode = ok ? 0 : 1;
    });
}

export async function runDoctor(command: Command): Promise<DoctorCheck[]> {
  let config: Config;
  let path: string;
  try {
    ({ config, path } = configFor(command));
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
  checks.push(await checkRedis());
  checks.push(...(await Promise.all(config.channels.map((channel) => checkChannel(channel, config)))));
  return checks;
}

async function checkRedis(): Promise<DoctorCheck> {
  const url = redisUrl();
  try {
    const redis = await connectRedis(url, 3000);
    await redis.quit();
    return { name: 'redis', ok: true, detail: `reachable at ${safeRedisUrl(url)}` };
  } catch (error) {
    return {
      name: 'redis',
      ok: false,
      detail: scrubSecrets((error as Error).message),
      fix: 'start Redis (`docker compose up -d redis` or `redis-server`) or set REDIS_URL to where it runs',
    };
  }
}

/** One line per check: ✔/✘, the name, what was found, and the fix under a failure. */
export function formatChecks(checks: DoctorCheck[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  return checks
    .map(
      (c) =>
        `${c.ok ? '✔' : '✘'} ${c.name.padEnd(width)}  ${c.detail}${c.ok || !c.fix ? '' : `\n  ${' '.repeat(width)}  fix: ${c.fix}`}`,
    )
    .join('\n');
}
