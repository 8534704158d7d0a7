/** Intl.Segmenter instances are costly to build; one per (locale, granularity) is kept. */
const segmenters = new Map<string, Intl.Segmenter>();

export function segmenter(locale: string, granularity: 'grapheme' | 'word' | 'sentence'): Intl.Segmenter {
  const key = `${granularity}|${locale}`;
  let found = segmenters.get(key);
  if (!found) {
    found = new Intl.Segmenter(locale, { granularity });
    segmenters.set(key, found);
  }
  return found;
}

/**
 * Characters that can join a neighbour into one grapheme: combining marks, joiners, variation
 * selectors, emoji (modifiers, flags, ZWJ sequences), Hangul jamo, CR LF, and astral code points (written as
 * code points: with the `u` flag a surrogate range would match only lone surrogates).
 */
const MAY_CLUSTER =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: a pre-check for any one character that may join a cluster (a lone joiner too), not a match of sequences
  /[\p{M}\u200c\u200d\ufe0e\ufe0f\p{Extended_Pictographic}\p{Regional_Indicator}\u1100-\u11ff\r\u{10000}-\u{10ffff}]/u;

/** Number of user-perceived characters (a flag or a family emoji is one). */
export function graphemeCount(text: string, locale = 'en'): number {
  // Segmenting is costly; text without any clustering character has one grapheme per code unit.
  if (!MAY_CLUSTER.test(text)) return text.length;
  let count = 0;
  for (const _ of segmenter(locale, 'grapheme').segment(text)) count++;
  return count;
}
