import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../input-error.ts';
import { type Config, configSchema } from './config-schema.ts';

/** Default location of the configuration, relative to the working directory. */
export const DEFAULT_CONFIG_PATH = 'secon-bot.yaml';

/** Where the configuration comes from: `--config`, else `SECON_BOT_CONFIG`, else the default. */
export function configPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag || env.SECON_BOT_CONFIG || DEFAULT_CONFIG_PATH);
}

/** Formats a zod issue path the way people write it: `channels[1].platform`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return (
    path.reduce<string>(
      (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
      '',
    ) || '(root)'
  );
}

export function formatIssues(file: string, issues: z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${file}: ${formatPath(issue.path)}: ${issueMessage(issue)}`);
}

/**
 * An issue in words. A value outside a list is quoted, as the news errors do ("expected one of
 * facebook, linkedin, twitter; got "linkdin""), so a typo shows; zod's own message only lists the choices.
 */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_value') return issue.message;
  const got = issue.input === undefined ? '' : `; got ${JSON.stringify(issue.input)}`;
  return `expected one of ${issue.values.map(String).join(', ')}${got}`;
}

/** The position the yaml library appends to its messages (" at line 25, column 5:"), said once by us instead. */
const YAML_POSITION = / at line \d+, column \d+:?$/;

/** Parses and validates configuration text; throws InputError naming the file and key paths. */
export function parseConfig(text: string, file: string): Config {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    const err = doc.errors[0]!;
    const where = err.linePos?.[0] ? `line ${err.linePos[0].line}, column ${err.linePos[0].col}` : 'unknown position';
    throw new InputError(
      `${file}: invalid YAML at ${where}: ${err.message.split('\n')[0]!.replace(YAML_POSITION, '')}`,
    );
  }
  // The input is kept in issues only to quote a value outside a list (issueMessage).
  const result = configSchema.safeParse(doc.toJS(), { reportInput: true });
  if (!result.success) {
    throw new InputError(`${file}: invalid configuration`, formatIssues(file, result.error.issues));
  }
  return result.data;
}

/** Reads and validates the configuration file. */
export function loadConfig(path = configPath()): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(
      `${path}: cannot read the configuration file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  return parseConfig(text, path);
}
