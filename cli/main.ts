import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { scrubSecrets } from '../src/config/secrets.ts';
import { InputError } from '../src/input-error.ts';
import { RedisUnavailableError } from '../src/redis/redis-unavailable-error.ts';
import { COMMANDS } from './commands/index.ts';

import { EXIT } from './exit-codes.ts';

export { EXIT };

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Builds the `secon-bot` program with every subcommand. */
export function buildProgram(): Command {
  const program = new Command('secon-bot')
    .description(
      'Turns project news into scheduled Facebook, LinkedIn and X posts in many languages, publishes each exactly once, and keeps an exportable log.',
    )
    .version(packageVersion(), '-V, --version')
    .option('-c, --config <file>', 'configuration file (default: $SECON_BOT_CONFIG or ./secon-bot.yaml)')
    .option('--log-level <level>', 'log level: trace, debug, info, warn, error (default: $LOG_LEVEL or info)')
    .showHelpAfterError('(run with --help for usage)')
    // Before the subcommands are added, so they inherit it: a bad option of any command is a
    // CommanderError that main() turns into exit 2, not commander's own process.exit(1).
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .addHelpText(
      'after',
      '\nEnvironment:\n  REDIS_URL            Redis to use (default redis://127.0.0.1:6379)\n  SECON_BOT_CONFIG     configuration file\n  <credential vars>    named per channel in the configuration; NAME_FILE reads NAME from a file\n\nExit codes: 0 success, 1 runtime failure, 2 bad usage or invalid input.',
    );
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs the CLI and returns the exit code (never calls process.exit, so tests can call it). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}

/** Prints an error the way a person can act on, and picks the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end with code 0; anything else commander raises is bad usage.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof InputError) {
    process.stderr.write(`secon-bot: ${scrubSecrets(error.message)}\n`);
    return EXIT.usage;
  }
  if (error instanceof RedisUnavailableError) {
    process.stderr.write(`secon-bot: ${scrubSecrets(error.message)}\n`);
    return EXIT.failure;
  }
  // A person gets the message; the stack only when asked for (LOG_LEVEL=debug or trace).
  const verbose = ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '');
  const message = error instanceof Error ? (verbose ? (error.stack ?? error.message) : error.message) : String(error);
  process.stderr.write(
    `secon-bot: ${scrubSecrets(message)}${verbose ? '' : '\n(run with LOG_LEVEL=debug for details)'}\n`,
  );
  return EXIT.failure;
}
