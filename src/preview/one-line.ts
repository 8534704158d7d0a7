/** A line that ends like this already closes its thought: the break after it reads as a space. */
const CLOSED_LINE = /[.:!?,;…]$/u;

/** A line that starts like this goes on with the sentence above it (a wrapped line). */
const CONTINUED_LINE = /^\p{Ll}/u;

/** What stands for a line break between two thoughts (a title, a date line, a place). */
const LINE_BREAK = ' · ';

/**
 * A post's text on one line for lists and tables, its line breaks kept visible: "Save the date:
 * workshop in Haskovo · 🗓 13–14 November 2023 · Haskovo hosts …" instead of the title, the date
 * and the first sentence run together. A space is enough after a line that ends in punctuation
 * ("Read more:", "… a two-day fair.") and before one that goes on in lower case.
 */
export function oneLine(text: string): string {
  let out = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (!line) continue;
    if (!out) out = line;
    else out += `${CLOSED_LINE.test(out) || CONTINUED_LINE.test(line) ? ' ' : LINE_BREAK}${line}`;
  }
  return out;
}
