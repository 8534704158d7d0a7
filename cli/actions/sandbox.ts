import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Config, Platform } from '../../src/config/config-schema.ts';
import { SANDBOX_CREDENTIALS, SANDBOX_ENV, sandboxEnv } from '../../src/config/sandbox-overlay.ts';
import { InputError } from '../../src/input-error.ts';
import { FETCH_BLOCKED_PORTS } from '../../src/net/fetch-blocked-ports.ts';
import { type ListenContext, listenError } from '../../src/net/listen-error.ts';
import { PLATFORM_LABELS } from '../../src/preview/post-card.ts';
import { configFor, importTool, printJson } from '../cli-context.ts';
import { paint } from '../output/colour.ts';

interface SandboxOptions {
  port: number;
  host: string;
  /** A number when defaulted (the help shows it so), the text given otherwise. */
  rateLimit: string | number;
  write?: string;
  json?: boolean;
}

/** The environment that points secon-bot (and anything reading its variables) at the sandboxes. */
export function overlayEnv(url: string, config: Config | undefined): Record<string, string> {
  return { [SANDBOX_ENV]: url, ...(config ? sandboxEnv(config) : {}) };
}

/** The same as `NAME=value` lines. */
function envLines(env: Record<string, string>): string[] {
  return Object.entries(env).map(([name, value]) => `${name}=${value}`);
}

/** The sandboxes, for a listen that fails (the sandbox has no configuration setting of its own). */
const SANDBOX_LISTENS: ListenContext = {
  what: 'the sandbox platforms',
  otherPort: 'choose another port with --port',
  otherHost: '--host',
};

/** `secon-bot sandbox`: the three sandbox platforms on one URL until Ctrl-C. */
export async function run(options: SandboxOptions, command: Command): Promise<void> {
  const limit = Number(options.rateLimit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new InputError(`--rate-limit: expected a positive whole number, got "${options.rateLimit}"`);
  // It would start, and every call of the bot to it would then fail with "bad port".
  if (FETCH_BLOCKED_PORTS.has(options.port))
    throw new InputError(
      `--port ${options.port}: fetch() refuses to connect to this port (a "bad port" of the Fetch standard, ` +
        'https://fetch.spec.whatwg.org/#port-blocking), so the bot could not reach the sandbox there; choose ' +
        'another, e.g. 4100, or 0 for any free one',
    );
  let config: Config | undefined;
  try {
    config = configFor(command).config;
  } catch {
    // No usable configuration: still run, and show the credentials per role instead of per variable.
  }
  const { pageSettings, startSandboxes } = await importTool(
    () => import('../../sandbox/index.ts'),
    'the sandbox platforms',
  );
  const sandboxes = await startSandboxes({
    host: options.host,
    port: options.port,
    onePort: true,
    rateLimit: { limit, windowMs: 15 * 60_000 },
    ...(config ? { pages: pageSettings(config) } : {}),
  }).catch((error: unknown) => {
    throw listenError(error, SANDBOX_LISTENS);
  });
  const url = sandboxes.url!;
  const env = overlayEnv(url, config);
  const lines = envLines(env);
  if (options.write) writeFileSync(options.write, `${ENV_FILE_HEAD}${lines.join('\n')}\n`, { mode: 0o600 });
  if (options.json) {
    printJson({
      url,
      pages: Object.fromEntries(Object.entries(sandboxes.urls).map(([p, u]) => [p, `${u}/`])),
      env,
      ...(config ? {} : { credentialsByRole: SANDBOX_CREDENTIALS }),
      ...(options.write ? { written: options.write } : {}),
    });
  } else {
    process.stdout.write(`${describe(url, sandboxes.urls, config, options.write)}\n`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sandboxes.stop();
}

const ENV_FILE_HEAD =
  '# Written by `secon-bot sandbox`: points secon-bot at the sandbox platforms (not real credentials).\n' +
  '# Load into a shell with: set -a; . ./<this file>; set +a   (or docker --env-file <this file>)\n';

function describe(url: string, urls: Record<Platform, string>, config: Config | undefined, written?: string): string {
  const lines = [
    `${paint('bold', 'Sandbox platforms')} on ${url} (Ctrl-C to stop). Open a page to see the posts as each ` +
      `platform shows them:`,
  ];
  for (const [platform, base] of Object.entries(urls))
    lines.push(`  ${PLATFORM_LABELS[platform as Platform].padEnd(9)} ${base}/`);
  lines.push(
    '',
    'Point any command at them, in another terminal (secon-bot.yaml stays as it is):',
    `  secon-bot --sandbox ${url} worker`,
    `  export ${SANDBOX_ENV}=${url}      # or for every command of this shell`,
  );
  if (written) lines.push('', `Environment lines written to ${written} (load: set -a; . ./${written}; set +a).`);
  else if (config)
    lines.push(
      '',
      'Credentials the sandboxes accept (the overlay sets them by itself; for other tools):',
      ...envLines(config ? sandboxEnv(config) : {}).map((l) => `  ${l}`),
    );
  else
    for (const [platform, roles] of Object.entries(SANDBOX_CREDENTIALS))
      lines.push(
        `  ${platform}: ${Object.entries(roles)
          .map(([r, v]) => `${r}=${v}`)
          .join(', ')}`,
      );
  return lines.join('\n');
}
