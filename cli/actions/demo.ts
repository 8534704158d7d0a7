import type { Command } from 'commander';
import { InputError } from '../../src/input-error.ts';
import { configFor, importTool, printJson } from '../cli-context.ts';
import { ProgressLine } from '../output/progress-line.ts';
import { screen } from '../output/screen.ts';

interface DemoFlags {
  /** A number when defaulted (the help shows it so), the text given otherwise. */
  step: string | number;
  timeout: string | number;
  keep?: boolean;
  json?: boolean;
  desk: boolean;
}

function positive(value: string | number, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InputError(`${flag}: expected a positive number of seconds, got "${value}"`);
  return n;
}

/** `secon-bot demo`: the whole pipeline on the sample news, against the sandbox platforms. */
export async function run(inputs: string[], flags: DemoFlags, command: Command): Promise<void> {
  const { config } = configFor(command);
  const stepSeconds = positive(flags.step, '--step');
  const timeoutMs = positive(flags.timeout, '--timeout') * 1000;
  const { runDemo } = await importTool(() => import('../../dev/demo/demo-runner.ts'), 'the demo');
  process.stderr.write('secon-bot: demo starting (Redis, sandboxes, worker)…\n');
  // The progress line sits between the demo's own lines: cleared before each, redrawn after.
  let progress: ProgressLine | undefined;
  const say = (line: string) => {
    progress?.clear();
    (flags.json ? process.stderr : process.stdout).write(`${line}\n`);
  };
  try {
    const result = await runDemo({
      config,
      inputs: inputs.length ? inputs : undefined,
      redisUrl: process.env.REDIS_URL || undefined,
      stepSeconds,
      timeoutMs,
      keepSandboxes: flags.keep,
      ...(flags.desk ? { deskPort: config.web.port } : {}),
      out: say,
      screen: screen(),
      progress: {
        update: (settled, total, detail) => {
          progress ??= new ProgressLine('demo: posts settled', total, { delayMs: 0 });
          progress.update(settled, detail, total);
        },
        end: () => {
          progress?.finish();
          progress = undefined;
        },
      },
    });
    if (flags.json)
      printJson({
        posts: result.records,
        unsettled: result.unsettled,
        sandbox: result.sandboxUrl,
        deskUrl: result.deskUrl ?? null,
      });
    if (result.unsettled.length) process.exitCode = 1;
  } finally {
    progress?.finish();
  }
}
