import { readFileSync } from 'node:fs';
import { registerSecret } from './secret-registry.ts';

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
