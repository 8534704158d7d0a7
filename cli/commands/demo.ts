import type { Command } from 'commander';
import { InputError } from '../../src/input-error.ts';
import { configFor, importTool, printJson } from '../cli-context.ts';

interface DemoFlags {
  step: string;
  timeout: string;
  keep?: boolean;
  json?: boolean;
  desk: boolean;
}

function positive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InputError(`${flag}: expected a positive number of seconds, got "${value}"`);
  return n;
}

/** `secon-bot demo`: the whole pipeline on the sample news, against the sandbox platforms. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'run the whole pipeline on the sample news (or the given files): plan, queue, publish to local sandbox platforms, and print the history. Needs no credentials; uses REDIS_URL if set, else a throwaway redis-server.',
    )
    .argument('[news...]', 'news files or folders (default: the shipped sample news in news/)')
    .option('--step <seconds>', 'real seconds between two moments of the plan (the plan spans days)', '4')
    .option('--timeout <seconds>', 'stop waiting for posts to settle after this long', '180')
    .option('--keep', 'keep the sandboxes running afterwards so their card pages can be opened')
    .option('--json', 'print the result as JSON at the end (for scripts)')
    .option('--no-desk', 'do not serve the review desk during the demo (default: on web.port, with a demo user)')
    .action(async function (this: Command, inputs: string[], flags: DemoFlags) {
      const { config } = configFor(this);
      const { runDemo } = await importTool(() => import('../../dev/demo/demo-runner.ts'), 'the demo');
      const result = await runDemo({
        config,
        inputs: inputs.length ? inputs : undefined,
        redisUrl: process.env.REDIS_URL || undefined,
        stepSeconds: positive(flags.step, '--step'),
        timeoutMs: positive(flags.timeout, '--timeout') * 1000,
        keepSandboxes: flags.keep,
        ...(flags.desk ? { deskPort: config.web.port } : {}),
        out: flags.json ? (line) => process.stderr.write(`${line}\n`) : undefined,
      });
      if (flags.json)
        printJson({ posts: result.records, unsettled: result.unsettled, deskUrl: result.deskUrl ?? null });
      if (result.unsettled.length) process.exitCode = 1;
    });
}
