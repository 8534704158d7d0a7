import { readFileSync } from 'node:fs';
import { InputError } from '../input-error.ts';

/**
 * Every secret value the process has read. The logger and error formatting scrub these from any
 * text they emit, so a token that slips into an error message from a client library still never
 * reaches a log line, an error shown to a person, or the publishing history.
 */
const secrets = new Set<string>();

/** Minimum length worth scrubbing: shorter values would mangle ordinary words. */
const MIN_SECRET_LENGTH = 6;

export function registerSecret(value: string): void {
  if (value.length >= MIN_SECRET_LENGTH) secrets.add(value);
}

export const REDACTED = '[REDACTED]';

/** Replaces every registered secret (and its URL-encoded form) in `text`. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
  }
  return out;
}

/** Why a NAME_FILE could not be read, in words, by the error's code (others show the code). */
const FILE_ERROR_WORDS: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'a directory, not a file',
};

/**
 * The value held in the file `variable` names. A file that cannot be read is bad input naming the
 * variable, the path and why; never the error's own text, which could one day quote the content.
 */
function readSecretFile(variable: string, file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError(`${variable}: cannot read ${file} (${FILE_ERROR_WORDS[code] ?? code})`);
  }
}

/**
 * Reads a secret from the environment: `NAME`, or the file named by `NAME_FILE` (Docker secrets).
 * Returns undefined when neither is set; throws InputError when NAME_FILE names a file that cannot
 * be read. The value is registered for scrubbing from all output.
 */
export function readSecret(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const direct = env[name];
  const variable = `${name}_FILE`;
  const file = env[variable];
  const value = direct !== undefined && direct !== '' ? direct : file ? readSecretFile(variable, file) : undefined;
  if (value !== undefined) registerSecret(value);
  return value;
}

/**
 * Reads every credential a channel names; `missing` lists the variables that are not set. Throws
 * InputError when a NAME_FILE cannot be read (see {@link readSecret}).
 */
export function readCredentials(
  names: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): { values: Record<string, string>; missing: string[] } {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const [role, variable] of Object.entries(names)) {
    const value = readSecret(variable, env);
    if (value === undefined) missing.push(variable);
    else values[role] = value;
  }
  return { values, missing };
}

/**
 * Which of a channel's credentials are set, without failing: for the commands that report on them
 * (`config`, `doctor`). `unreadable` holds, per NAME_FILE that cannot be read, why (never the value).
 */
export function credentialStatus(
  names: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): { missing: string[]; unreadable: string[] } {
  const missing: string[] = [];
  const unreadable: string[] = [];
  for (const variable of Object.values(names)) {
    try {
      if (readSecret(variable, env) === undefined) missing.push(variable);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      unreadable.push(error.message);
    }
  }
  return { missing, unreadable };
}
