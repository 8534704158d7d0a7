/** How far back from the limit a cut looks for the end of a word before it cuts inside one. */
export const WORD_LOOKBACK = 24;
/** What may end a cut text's head but reads wrong before its ellipsis ("workshop.…", "dates ·…"). */
const TRAILING_MARKS = /[\s.,;:·–—-]+$/u;

/**
 * A line of text at most `max` characters long, counted in code points so that an emoji is never
 * cut in half. A longer one is cut at the end of a word within `lookback` characters of the limit
 * (inside a longer word only when there is none), loses the marks a cut leaves at its end, and
 * gets an ellipsis.
 */
export function cutAtWord(text: string, max: number, lookback = WORD_LOOKBACK): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  let head = points.slice(0, Math.max(0, max - 1)).join('');
  // The cut falls inside a word when a letter or digit follows it ("Riga," ends at the comma).
  if (/[\p{L}\p{N}\p{M}]/u.test(points[max - 1] ?? ' ')) {
    const space = head.lastIndexOf(' ');
    if (space > 0 && space >= head.length - lookback) head = head.slice(0, space);
  }
  return `${head.replace(TRAILING_MARKS, '')}…`;
}
