import { readFileSync } from 'node:fs';

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

/**
 * Reads a secret from the environment: `NAME`, or the file named by `NAME_FILE` (Docker secrets).
 * Returns undefined when neither is set. The value is registered for scrubbing from all output.
 */
export function readSecret(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  const value = direct !== undefined && direct !== '' ? direct : file ? readFileSync(file, 'utf8').trim() : undefined;
  if (value !== undefined) registerSecret(value);
  return value;
}

/** Reads every credential a channel names; `missing` lists the variables that are not set. */
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
