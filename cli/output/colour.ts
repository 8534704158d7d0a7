import { styleText } from 'node:util';

/**
 * Colour for people, never for scripts: only on a terminal, never with --no-color or NO_COLOR
 * (https://no-color.org: any non-empty value), and FORCE_COLOR forces it (e.g. for a pager).
 */

/** What `--no-color` said (main.ts sets it before a command runs). */
let flag = true;

export function setColourFlag(wanted: boolean): void {
  flag = wanted;
}

/** True when text written to `stream` may carry colour. */
export function colourOn(
  stream: NodeJS.WritableStream = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (!flag || env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return Boolean((stream as NodeJS.WriteStream).isTTY);
}

type Style = Parameters<typeof styleText>[0];

/** `text` in `style` when colour is on for `stream`, else as it is. */
export function paint(style: Style, text: string, stream: NodeJS.WritableStream = process.stdout): string {
  return colourOn(stream) ? styleText(style, text) : text;
}

/** The colour of each post state: green went out, red needs a person, yellow waits, grey is over. */
const STATE_STYLES: Record<string, Style> = {
  published: 'green',
  failed: 'red',
  unconfirmed: 'red',
  missed: 'red',
  cancelled: 'gray',
  draft: 'yellow',
  'awaiting-approval': 'yellow',
  scheduled: 'cyan',
  publishing: 'blue',
};

/** A post state, coloured. */
export function paintState(state: string, stream: NodeJS.WritableStream = process.stdout): string {
  const style = STATE_STYLES[state];
  return style ? paint(style, state, stream) : state;
}
