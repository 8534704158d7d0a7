import { Command, CommanderError } from 'commander';
import { registerHistory } from '../../cli/commands/history.ts';

/** What a command printed and how it ended. */
export interface CliRun {
  stdout: string;
  stderr: string;
  /** The error the command threw (main.ts turns InputError/CommanderError into exit 2), if any. */
  error?: unknown;
}

/**
 * Runs the history commands as `secon-bot` would (same global options, commander errors thrown),
 * capturing stdout and stderr. Only this file's commands are registered, so the test does not
 * depend on the other command groups.
 */
export async function runHistoryCli(args: string[]): Promise<CliRun> {
  const program = new Command('secon-bot').option('-c, --config <file>').option('--log-level <level>').exitOverride();
  registerHistory(program);
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  program.configureOutput({
    writeOut: (t) => {
      stdout += t;
    },
    writeErr: (t) => {
      stderr += t;
    },
  });
  try {
    await program.parseAsync(['node', 'secon-bot', ...args]);
    return { stdout, stderr };
  } catch (error) {
    return { stdout, stderr, error };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

export function isUsageError(error: unknown): boolean {
  return error instanceof CommanderError && error.exitCode !== 0;
}
