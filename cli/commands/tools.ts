import { Argument, type Command, InvalidArgumentError, Option } from 'commander';
// A constant with no imports of its own: the definitions stay free of the commands' work.
import { UNDURABLE_RISK } from '../../src/publishing/undurable-claims-error.ts';
import { examples, jsonOption, lazy } from '../command-kit.ts';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number 0–65535');
  return n;
}

/** worker, sandbox, demo, doctor, config, completion: running and checking the bot. */
export function registerToolCommands(program: Command): void {
  examples(
    program
      .command('worker')
      .description('Publish due posts, poll feeds and sweep, until Ctrl-C; serves /healthz and /metrics.')
      .option('--port <n>', 'port of /healthz and /metrics (default: worker.port in the configuration)', port)
      .option('--host <host>', 'interface of /healthz and /metrics (default: worker.host, 127.0.0.1)')
      .option(
        '--allow-undurable-claims',
        'start even on a Redis that cannot confirm a claim is on disk (Redis before 7.2, or appendonly off)',
      ),
    ['secon-bot worker', 'secon-bot --sandbox http://127.0.0.1:4100 worker'],
    'Runs the publish workers (X, LinkedIn, Facebook), the feed polls, the minute sweep, the daily ' +
      'credentials check and the daily log trim (when log.retentionDays is set); each periodic task runs ' +
      'once per tick across all worker instances. Logs are readable on a terminal and JSON lines ' +
      'otherwise. SIGTERM/SIGINT stop it gracefully: publishes in progress finish first (30 s at most, ' +
      'then they are handed back); with Redis gone it drops its connections and exits with 1.\n\n' +
      'Needs Redis 7.2+ or Valkey with appendonly yes: before a platform is called, the claim on the ' +
      `post must be on disk. --allow-undurable-claims starts anyway; the risk you accept: ${UNDURABLE_RISK}.`,
  ).action(lazy(() => import('../actions/worker.ts')));

  examples(
    jsonOption(
      program
        .command('sandbox')
        .description('Run local X, LinkedIn and Facebook sandboxes on one URL, until Ctrl-C.')
        .option('--port <n>', 'port of the sandbox URL (0: any free port)', port, 4100)
        .option('--host <host>', 'interface to listen on', '127.0.0.1')
        // Option objects: commander's .option() takes string defaults only, which help shows quoted.
        .addOption(
          new Option(
            '--rate-limit <n>',
            'posts each sandbox accepts per 15 minutes before "too many requests"',
          ).default(1000),
        )
        .option('--write <file>', 'also write the environment lines to this file (e.g. .env.sandbox)'),
      'print the URLs and settings as JSON',
    ),
    [
      'secon-bot sandbox',
      'secon-bot sandbox --write .env.sandbox',
      'secon-bot --sandbox http://127.0.0.1:4100 worker   # in another terminal',
    ],
    'The sandbox URL shows the posts as each platform would (X at /x/, LinkedIn at /linkedin/, ' +
      'Facebook at /facebook/). Point any command at it with --sandbox <url> or SECON_BOT_SANDBOX=<url>: ' +
      'the platforms and credentials are replaced for that command only; secon-bot.yaml is not touched. ' +
      'A file from --write is loaded into a shell with `set -a; . ./.env.sandbox; set +a`.\n\n' +
      "Inspection API, under each platform's URL (<url>/x, <url>/linkedin, <url>/facebook):\n" +
      '  GET  _sandbox/posts      what was posted\n' +
      '  GET  _sandbox/requests   every request, as it came\n' +
      '  POST _sandbox/reset      forget both\n' +
      '  POST _sandbox/faults     {"fail":{"count":1,"status":503}} or {"cut":{"count":1}}',
  ).action(lazy(() => import('../actions/sandbox.ts')));

  examples(
    jsonOption(
      program
        .command('demo')
        .description('The whole pipeline on the sample news against the sandboxes, in about a minute.')
        .argument('[news...]', 'news files or folders (default: the sample news in news/)')
        .addOption(
          new Option('--step <seconds>', 'real seconds between two moments of the plan (the plan spans days)').default(
            4,
          ),
        )
        .addOption(new Option('--timeout <seconds>', 'stop waiting for posts to settle after this long').default(180))
        .option('--keep', 'keep the sandboxes running afterwards, to look at their pages (Ctrl-C ends)')
        .option('--no-desk', 'do not serve the review desk during the demo (default: on web.port, with a demo user)'),
      'print the result as JSON at the end (the progress goes to stderr)',
    ),
    ['secon-bot demo', 'secon-bot demo --keep', 'secon-bot demo news/my-news.md --step 2'],
    'Needs no credentials and touches no real platform. Uses REDIS_URL if set, under a key prefix of its ' +
      'own ("secon-demo", never redis.keyPrefix: the real log stays untouched), else a throwaway redis-server.',
  ).action(lazy(() => import('../actions/demo.ts')));

  examples(
    jsonOption(
      program
        .command('doctor')
        .description("Check the configuration, Redis and every channel's credentials; one line each, with a fix."),
      'print the checks as JSON',
    ),
    ['secon-bot doctor', 'secon-bot --sandbox http://127.0.0.1:4100 doctor'],
    'Redis: reachable, its version, appendonly/appendfsync, maxmemory-policy, and whether publish claims ' +
      'can be made durable. API versions: the LinkedIn and Graph versions in use, their age, and a warning ' +
      'months before the platform retires them. Credentials are checked with a read-only call. Exit 0 only when ' +
      'every check passes.',
  ).action(lazy(() => import('../actions/doctor.ts')));

  examples(
    jsonOption(
      program
        .command('config')
        .description('Validate the configuration; show channels, feeds and which credentials are set.'),
      'print the validated configuration as JSON (credential values are never shown)',
    ),
    ['secon-bot config', 'secon-bot --config staging.yaml config --json'],
  ).action(lazy(() => import('../actions/config.ts')));

  examples(
    program
      .command('completion')
      .description('Print a shell completion script for bash, zsh or fish.')
      .addArgument(new Argument('<shell>', 'bash | zsh | fish').choices(['bash', 'zsh', 'fish'])),
    [
      'secon-bot completion bash > ~/.local/share/bash-completion/completions/secon-bot',
      'secon-bot completion zsh > ~/.zfunc/_secon-bot',
      'secon-bot completion fish > ~/.config/fish/completions/secon-bot.fish',
    ],
    'zsh reads ~/.zfunc once ~/.zshrc has fpath+=(~/.zfunc) before compinit. A new shell picks the script up.',
  ).action(lazy(() => import('../actions/completion.ts')));
}
