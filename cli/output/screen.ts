import type { ScreenOptions } from '../../src/log/history-format.ts';
import { paintState } from './colour.ts';

/** The terminal's width, or COLUMNS when set; no limit when output goes to a file or a pipe. */
export function screenWidth(
  env: NodeJS.ProcessEnv = process.env,
  stream: NodeJS.WriteStream = process.stdout,
): number | undefined {
  if (stream.isTTY && stream.columns) return stream.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 20 ? columns : undefined;
}

/** How tables are drawn for the person at this terminal: its width, states in colour. */
export function screen(): ScreenOptions {
  return { width: screenWidth(), style: (column, text) => (column === 'STATE' ? paintState(text) : text) };
}

/**
 * A screen `by` columns narrower, for a table drawn indented, and how to indent its lines: what
 * the table fits is the room left beside the indent.
 */
export function indented(
  options: ScreenOptions,
  by: number,
): { screen: ScreenOptions; indent: (text: string) => string[] } {
  const pad = ' '.repeat(by);
  return {
    screen: { ...options, ...(options.width ? { width: options.width - by } : {}) },
    indent: (text) => text.split('\n').map((line) => pad + line),
  };
}
