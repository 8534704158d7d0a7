import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { buildProgram } from '../../cli/main.ts';

/** The repository root (where package.json lives). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `bin/secon-bot.js` as a real child process, as a person would with `npx secon-bot`,
 * so exit codes and stdout/stderr are the real ones.
 */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${REPO_ROOT}bin/secon-bot.js`, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** What a command printed and how it ended. */
export interface CliRun {
  stdout: string;
  stderr: string;
  /** The error the command threw (main.ts turns InputError/CommanderError into exit 2), if any. */
  error?: unknown;
}

/**
 * Runs a command in this process, as `secon-bot` would parse it (the real program, commander
 * errors thrown instead of exiting), capturing stdout and stderr. Faster than {@link runCli} and
 * lets a test look at the error object; use runCli where the exit code and the real process matter.
 */
export async function runInProcess(args: string[]): Promise<CliRun> {
  const program = buildProgram();
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
