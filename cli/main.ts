import { Command, CommanderError } from 'commander';
import { scrubSecrets } from '../src/config/secrets.ts';
import { InputError } from '../src/input-error.ts';
import { packageVersion } from '../src/package-root.ts';
import { RedisUnavailableError } from '../src/redis/redis-unavailable-error.ts';
import { COMMANDS } from './commands/index.ts';
import { EXIT } from './exit-codes.ts';
import { paint, setColourFlag } from './output/colour.ts';
import { helpWidth, subcommandTerm, wrapHelpText } from './output/help-layout.ts';
import { jsonPrinted, printJson, resetJsonOutput } from './output/json-output.ts';

export { EXIT };

/**
 * Whether the running command was asked for JSON (`--json`, or `--format json`, its own or its
 * parent's): known once commander has parsed its options (preAction).
 */
let jsonAsked = false;

/** What `secon-bot --help` says under its commands; wrapped to the screen (help-layout.ts). */
const PROGRAM_HELP_AFTER = `
First steps:
  secon-bot new announcement        write a news item (dated from today)
  secon-bot preview news/<file>.md  see its posts, as each platform shows them
  secon-bot sandbox                 local X, LinkedIn and Facebook to publish to
  secon-bot demo                    the whole pipeline on the sample news

Environment:
  REDIS_URL            Redis to use (default redis://127.0.0.1:6379; commands say so when they use it)
  SECON_BOT_CONFIG     configuration file
  SECON_BOT_SANDBOX    sandbox URL, as --sandbox
  NO_COLOR             no colour
  <credential vars>    named per channel in the configuration; NAME_FILE reads NAME from a file

Exit codes: 0 success, 1 runtime failure, 2 bad usage or invalid input.`;

/**
 * Builds the `secon-bot` program with every subcommand. Only commander and the commands'
 * definitions load here: each command imports what it needs when it runs (cli/command-kit.ts).
 */
export function buildProgram(): Command {
  const program = new Command('secon-bot')
    .description('Turns project news into scheduled Facebook, LinkedIn and X posts, published exactly once.')
    .version(packageVersion(), '-V, --version')
    .option('-c, --config <file>', 'configuration file (default: $SECON_BOT_CONFIG or ./secon-bot.yaml)')
    .option('--sandbox <url>', 'use the sandbox platforms at this URL (`secon-bot sandbox`; or $SECON_BOT_SANDBOX)')
    .option('--log-level <level>', 'log level: trace, debug, info, warn, error (default: $LOG_LEVEL or warn)')
    .option('--no-color', 'no colour (also: NO_COLOR=1); colour is used only on a terminal')
    .showHelpAfterError('(run with --help for usage)')
    // Both before the subcommands are added, so they inherit them: the shorter command names of the
    // help, and exitOverride: a bad option of any command is a CommanderError that main() turns into
    // exit 2, not commander's own process.exit(1).
    .configureHelp({ subcommandTerm })
    .exitOverride()
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      // Commander's own errors ("error: required option …") as every other error: "secon-bot: …".
      outputError: (text, write) => write(text.replace(/^error: /, 'secon-bot: ')),
      // One width for the whole help, its notes included: the terminal's, or COLUMNS (commander's own
      // reads the terminal only), 80 in a pipe.
      getOutHelpWidth: () => helpWidth(false),
      getErrHelpWidth: () => helpWidth(true),
    })
    .hook('preAction', (_program, action) => {
      const options = action.optsWithGlobals<{ color?: boolean; json?: boolean; format?: string }>();
      setColourFlag(options.color !== false);
      jsonAsked = options.json === true || options.format === 'json';
    })
    .addHelpText('after', ({ error }) => wrapHelpText(PROGRAM_HELP_AFTER, helpWidth(error)));
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs the CLI and returns the exit code (never calls process.exit, so tests can call it). */
export async function main(argv: string[]): Promise<number> {
  resetJsonOutput();
  jsonAsked = false;
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    const code = reportError(error);
    // A script that asked for JSON reads one document on stdout, also when the command failed
    // before printing its own (a command that did, history import's refusal say, keeps it).
    if (jsonAsked && code !== EXIT.ok && !jsonPrinted()) printJson({ error: errorMessage(error), exitCode: code });
    return code;
  }
}

/** An error's message as one line of JSON carries it: no stack, no hint for people, no secret. */
function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return scrubSecrets(message.replace(/^error: /, ''));
}

function fail(message: string): void {
  process.stderr.write(`${paint('red', 'secon-bot:', process.stderr)} ${scrubSecrets(message)}\n`);
}

/** Prints an error the way a person can act on, and picks the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end with code 0; anything else commander raises is bad usage.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof InputError) {
    fail(error.message);
    return EXIT.usage;
  }
  if (error instanceof RedisUnavailableError) {
    fail(error.message);
    return EXIT.failure;
  }
  // A person gets the message; the stack only when asked for (LOG_LEVEL=debug or trace).
  const verbose = ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '');
  const message = error instanceof Error ? (verbose ? (error.stack ?? error.message) : error.message) : String(error);
  fail(`${message}${verbose ? '' : '\n(run with LOG_LEVEL=debug for details)'}`);
  return EXIT.failure;
}
