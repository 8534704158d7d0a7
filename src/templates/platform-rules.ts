import type { Platform } from '../config/config-schema.ts';

/** How a platform counts the length of a post. */
export type LengthMeasure = 'twitter-text' | 'utf16';

/** Where the hashtags (and mentions) go after the template's text. */
export type TagPlacement = 'last-line' | 'own-paragraph';

/** What one platform accepts, as the renderer applies it. Facts: shared/platform-contracts.md. */
export interface PlatformRules {
  /** Longest post, in `measure` units. */
  limit: number;
  /** X: twitter-text weighted length (URLs 23, CJK and emoji 2); others: UTF-16 code units (never under-counts). */
  measure: LengthMeasure;
  /** At most this many hashtags; the rest are left out with a warning. */
  maxHashtags: number;
  tagPlacement: TagPlacement;
  /** Reserved characters must be backslash-escaped (LinkedIn "little text"). */
  escapeReserved: boolean;
  /** A post too long even after shortening may become a numbered thread (X). */
  threads: boolean;
  /** The link goes as a link card (LinkedIn article, Facebook `link`) with title and description. */
  linkCard: boolean;
}

export const PLATFORM_RULES: Readonly<Record<Platform, PlatformRules>> = {
  twitter: { limit: 280, measure: 'twitter-text', maxHashtags: 3, tagPlacement: 'last-line', escapeReserved: false, threads: true, linkCard: false },
  // 3,000 is from third-party sources (UNVERIFIED by LinkedIn); escaped length is counted, the safe side.
  linkedin: { limit: 3000, measure: 'utf16', maxHashtags: 5, tagPlacement: 'own-paragraph', escapeReserved: true, threads: false, linkCard: true },
  facebook: { limit: 63_206, measure: 'utf16', maxHashtags: 5, tagPlacement: 'own-paragraph', escapeReserved: false, threads: false, linkCard: true },
};

/**
 * A shortened elastic field must keep at least this many graphemes (or all of it, when shorter);
 * cut to less it says nothing, and an X post becomes a thread instead.
 */
export const MIN_ELASTIC_GRAPHEMES = 40;

/** What ends a shortened field. */
export const ELLIPSIS = '…';
