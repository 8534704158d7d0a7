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

/** Number of user-perceived characters (a flag or a family emoji is one). */
export function graphemeCount(text: string, locale = 'en'): number {
  let count = 0;
  for (const _ of segmenter(locale, 'grapheme').segment(text)) count++;
  return count;
}
