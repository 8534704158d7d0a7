import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../input-error.ts';
import { nearestName } from '../nearest-name.ts';
import { article } from '../news/item-issue.ts';
import { packagePath } from '../package-root.ts';
import { knownKeys } from '../schema-keys.ts';
import { yamlLineFinder } from '../yaml-line.ts';
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

/**
 * The configuration's issues, one line each: the key path, what is wrong, and its line in the file
 * when `lineOf` can tell (as news items say theirs).
 */
export function formatIssues(
  file: string,
  issues: z.core.$ZodIssue[],
  lineOf?: (path: ReadonlyArray<PropertyKey>) => number,
): string[] {
  return issues.flatMap((issue) =>
    issueMessages(issue).map(({ path, message }) => {
      const line = lineOf ? ` (line ${lineOf(path)})` : '';
      return `${file}: ${formatPath(path)}: ${message}${line}`;
    }),
  );
}

/**
 * An issue in words: a missing key says "missing; expected text", not zod's "Invalid input:
 * expected string, received undefined". A value outside a list is quoted ("expected one of
 * facebook, linkedin, twitter; got "linkdin""), and an unknown key is named with the key it is
 * nearest to ("keyprefix": did you mean keyPrefix?), so a typo shows. No other value is quoted:
 * a token pasted where a variable's name belongs must not end up in an error message or a log.
 */
function issueMessages(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string }[] {
  const path = [...issue.path];
  if (issue.code === 'invalid_value') {
    const choices = `expected one of ${issue.values.map(String).join(', ')}`;
    if (issue.input === undefined) return [{ path, message: `missing; ${choices}` }];
    return [{ path, message: `${choices}; got ${JSON.stringify(issue.input)}` }];
  }
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(configSchema, issue.path);
    return issue.keys.map((key) => {
      const near = nearestName(key, known);
      return {
        path: [...path, key],
        message: `unknown key${near ? `; did you mean ${near}?` : `; expected one of ${known.join(', ')}`}`,
      };
    });
  }
  if (issue.code === 'invalid_type') {
    const expected = article(issue.expected);
    const got = issue.input === undefined ? undefined : kindOf(issue.input);
    return [{ path, message: got ? `expected ${expected}, got ${got}` : `missing; expected ${expected}` }];
  }
  return [{ path, message: issue.message }];
}

/** What kind of value was written, without the value itself. */
function kindOf(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'an unquoted date';
  return article(typeof value);
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
    throw new InputError(
      `${file}: invalid configuration`,
      formatIssues(file, result.error.issues, yamlLineFinder(text)),
    );
  }
  return result.data;
}

/**
 * No file where the configuration was looked for: what to do, with the project's own file (beside
 * the package, what `demo` and a fresh clone use) when that is not where it was looked for.
 */
function missingConfig(path: string): string {
  const own = packagePath('secon-bot.yaml');
  const ownHint = existsSync(own) && own !== path ? ` (the project's own: ${own})` : '';
  return (
    `${path}: no such configuration file; secon-bot reads secon-bot.yaml in the working folder, ` +
    `or the file that -c <file> or SECON_BOT_CONFIG names${ownHint}`
  );
}

/** Reads and validates the configuration file. */
export function loadConfig(path = configPath()): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(missingConfig(path));
    throw new InputError(`${path}: cannot read the configuration file (${code ?? String(error)})`);
  }
  return parseConfig(text, path);
}
