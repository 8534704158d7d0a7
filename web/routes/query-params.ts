import { InputError } from '../../src/input-error.ts';

/** Query values as lists: `?language=bg&language=el` and `?language=bg,el` both give ['bg', 'el']. */
export function listParam(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** One query value as text ('' when absent). */
export function textParam(value: unknown): string {
  if (Array.isArray(value)) return textParam(value[0]);
  return value === undefined || value === null ? '' : String(value).trim();
}

/** A query string of the non-empty values, for links that keep the current filters. */
export function queryString(params: Record<string, string | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : value ? [value] : []) if (v) search.append(key, v);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Runs the CLI's filter parser: its InputError messages (`--since: "x" is not a date…`) come out with
 * the form's field labels in place of the option names, which mean nothing in a browser. `labels`
 * maps option to label.
 */
export function parseWithFieldLabels<T>(labels: Readonly<Record<string, string>>, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw withFieldLabels(labels, error);
  }
}

/**
 * The fields a refusal is about, by the labels it names as its subject ("From (2024-02-01) must be
 * before Until (2024-01-01)", "Since: "x" is not a date"): the form marks them invalid. A label
 * only mentioned ("… when Until is not given") is not one. Labels are plain words.
 */
export function refusedFields(labels: Readonly<Record<string, string>>, message: string): Set<string> {
  const named = new Set<string>();
  for (const [name, label] of Object.entries(labels))
    if (new RegExp(`(?:^|\\s)${label}(?::| \\()`).test(message)) named.add(name);
  return named;
}

/** parseWithFieldLabels() for a check that asks the log (the channels of a filter). */
export async function checkWithFieldLabels<T>(
  labels: Readonly<Record<string, string>>,
  check: () => Promise<T>,
): Promise<T> {
  try {
    return await check();
  } catch (error) {
    throw withFieldLabels(labels, error);
  }
}

/** An InputError with each `--option` replaced by its field's label; any other error as it is. */
function withFieldLabels(labels: Readonly<Record<string, string>>, error: unknown): unknown {
  if (!(error instanceof InputError)) return error;
  return new InputError(error.message.replace(/--([a-z]+)/g, (flag, name: string) => labels[name] ?? flag));
}
