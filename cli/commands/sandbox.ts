import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { Config, Platform } from '../../src/config/config-schema.ts';
import { InputError } from '../../src/input-error.ts';
import { configFor, importTool, printJson } from '../cli-context.ts';

const LABELS: Record<Platform, string> = { twitter: 'X', linkedin: 'LinkedIn', facebook: 'Facebook' };

/** `secon-bot sandbox`: runs the three sandbox platforms until Ctrl-C. */
export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description(
      'run local sandbox platforms that behave like X, LinkedIn and Facebook (loopback only), print their URLs and the settings that point the bot at them; runs until Ctrl-C',
    )
    .option('--port <n>', 'first port: X gets it, LinkedIn the next, Facebook the one after (default: free ports)')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option(
      '--rate-limit <n>',
      'posts each sandbox accepts per 15 minutes before answering "too many requests"',
      '1000',
    )
    .option('--json', 'print the URLs and settings as JSON')
    .addHelpText(
      'after',
      '\nEach sandbox shows its posts at its URL, and has an inspection API:\n  GET /_sandbox/posts, GET /_sandbox/requests, POST /_sandbox/reset,\n  POST /_sandbox/faults {"fail":{"count":1,"status":503},"match":{"path":"/2/tweets"}} | {"cut":{"count":1}} | {"latencyMs":200}',
    )
    .action(async function (
      this: Command,
      options: { port?: string; host: string; rateLimit: string; json?: boolean },
    ) {
      const port = options.port === undefined ? 0 : Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65533)
        throw new InputError(`--port: expected a port number 0–65533, got "${options.port}"`);
      const limit = Number(options.rateLimit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new InputError(`--rate-limit: expected a positive whole number, got "${options.rateLimit}"`);
      let config: Config | undefined;
      try {
        config = configFor(this).config;
      } catch {
        // No usable configuration: still run, and show the credentials per role instead of per variable.
      }
      const { SANDBOX_CREDENTIALS, sandboxEnv, startSandboxes } = await importTool(
        () => import('../../sandbox/index.ts'),
        'the sandbox platforms',
      );
      const sandboxes = await startSandboxes({ host: options.host, port, rateLimit: { limit, windowMs: 15 * 60_000 } });
      const env = config ? sandboxEnv(config) : undefined;
      const platforms = Object.fromEntries(Object.entries(sandboxes.urls).map(([p, url]) => [p, { baseUrl: url }]));
      if (options.json) {
        printJson({
          urls: sandboxes.urls,
          env: env ?? null,
          credentialsByRole: env ? undefined : SANDBOX_CREDENTIALS,
          platforms,
        });
      } else {
        const lines = ['Sandbox platforms running (Ctrl-C to stop); open a URL to see the posts as cards:'];
        for (const [platform, url] of Object.entries(sandboxes.urls))
          lines.push(`  ${LABELS[platform as Platform].padEnd(9)} ${url}`);
        lines.push('', 'Environment that the sandboxes accept:');
        if (env) for (const [name, value] of Object.entries(env)) lines.push(`  export ${name}=${value}`);
        else
          for (const [platform, roles] of Object.entries(SANDBOX_CREDENTIALS))
            lines.push(
              `  ${platform}: ${Object.entries(roles)
                .map(([r, v]) => `${r}=${v}`)
                .join(', ')}`,
            );
        lines.push(
          '',
          'Configuration (add to secon-bot.yaml):',
          ...stringify({ platforms })
            .trimEnd()
            .split('\n')
            .map((l) => `  ${l}`),
        );
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await sandboxes.stop();
    });
}
