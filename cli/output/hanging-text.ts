import wrapAnsi from 'wrap-ansi';
import { displayLength } from '../../src/log/text-table.ts';

/** Columns a wrapped text keeps at the least beside its prefix; with less, it starts on a line of its own. */
const MIN_TEXT_COLUMNS = 24;

/** How far a text that starts on a line of its own is indented under its prefix. */
const OWN_LINE_INDENT = '    ';

/**
 * `prefix` then `text`, the text wrapped at spaces to fit `width` columns with its further lines
 * under its first (a hanging indent): the long lines of `doctor` and `config` on a terminal. When
 * the prefix leaves too little room, the text goes under it, indented. Without a width (a file, a
 * pipe) it stays one line, for grep. A word longer than the room (a URL) is never cut.
 */
export function hanging(prefix: string, text: string, width: number | undefined): string {
  if (!width || displayLength(prefix) + displayLength(text) <= width) return prefix + text;
  const hang = displayLength(prefix);
  if (width - hang < MIN_TEXT_COLUMNS) {
    const under = hanging(OWN_LINE_INDENT, text, width);
    return `${prefix.trimEnd()}\n${under}`;
  }
  const lines = wrapAnsi(text, width - hang, { hard: false, trim: true }).split('\n');
  return lines.map((line, i) => (i ? ' '.repeat(hang) : prefix) + line).join('\n');
}
