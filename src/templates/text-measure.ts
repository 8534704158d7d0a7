import twitter from 'twitter-text';
import type { LengthMeasure } from './platform-rules.ts';

/** X's own count: twitter-text weighted length (NFC, URLs 23, CJK and emoji 2). */
export function weightedLength(text: string): number {
  return twitter.parseTweet(text).weightedLength;
}

/** Length of `text` in the units the platform limits. */
export function measureText(text: string, measure: LengthMeasure): number {
  return measure === 'twitter-text' ? weightedLength(text) : text.length;
}

/**
 * Text whose every character counts 1 on X and that holds no URL: code points up to U+10FF (Latin,
 * Greek, Cyrillic…) and the general punctuation X weighs 1 ("–", "’", "“"), no dot followed by a
 * letter. The ellipsis "…", "€" and emoji count 2 and are left to twitter-text.
 */
const PLAIN_X = /^[\u0020-\u10ff\n\t\u2000-\u200d\u2010-\u201f\u2032-\u2037]*$/u;
const MAY_BE_URL = /[.:][^\s.,;:!?)\]}»”’"']/u;

/**
 * The X weight of one word (text without breakable whitespace), fast: plain text is its length;
 * anything else (a URL, emoji, "…", CJK) is weighed by twitter-text. A text's weight is the sum
 * of its words' and separators' weights, because a URL or an emoji never spans whitespace.
 */
export function wordWeight(word: string, measure: LengthMeasure): number {
  if (measure !== 'twitter-text') return word.length;
  if (PLAIN_X.test(word) && !MAY_BE_URL.test(word)) return word.length;
  let weight = weighedWords.get(word);
  if (weight === undefined) {
    weight = weightedLength(word);
    if (weighedWords.size >= 10_000) weighedWords.clear();
    weighedWords.set(word, weight);
  }
  return weight;
}

/** Words twitter-text weighed: the templates' emoji and a post's links come back in every post. */
const weighedWords = new Map<string, number>();

/**
 * The weight of a whole text from its words and white space, each weighed as {@link wordWeight}
 * does: for X the same count as twitter-text (a URL or an emoji never holds white space), with
 * twitter-text itself called only for the few words that need it. The fitter decides with it and
 * measures the text it settles on with {@link measureText}.
 */
export function textWeight(text: string, measure: LengthMeasure): number {
  if (measure !== 'twitter-text') return text.length;
  let weight = 0;
  for (const chunk of text.matchAll(CHUNKS)) {
    const piece = chunk[0];
    weight += /\s/u.test(piece.charAt(0)) ? spaceWeight(piece) : wordWeight(piece, measure);
  }
  return weight;
}

const CHUNKS = /\s+|\S+/gu;

/** White space on X: 1 each, but 2 for the few spaces past U+10FF that X does not list (U+202F, U+3000…). */
function spaceWeight(space: string): number {
  return PLAIN_X.test(space) ? space.length : weightedLength(space);
}

/** Spans [start, end) (UTF-16) of URLs, hashtags, mentions and cashtags: never cut inside them. */
export function protectedSpans(text: string): Array<[number, number]> {
  return twitter.extractEntitiesWithIndices(text).map((entity) => [entity.indices[0], entity.indices[1]]);
}

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

/** The graphemes of `text` (a flag or an emoji sequence stays whole). */
export function graphemes(text: string, locale = 'en'): string[] {
  if (!MAY_CLUSTER.test(text)) return [...text];
  return Array.from(segmenter(locale, 'grapheme').segment(text), (g) => g.segment);
}
