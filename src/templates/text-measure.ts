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

/** Spans [start, end) (UTF-16) of URLs, hashtags, mentions and cashtags: never cut inside them. */
export function protectedSpans(text: string): Array<[number, number]> {
  return twitter.extractEntitiesWithIndices(text).map((entity) => [entity.indices[0], entity.indices[1]]);
}
