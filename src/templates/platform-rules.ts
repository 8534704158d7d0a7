import type { Platform } from '../config/config-schema.ts';
import { type LengthMeasure, PLATFORM_LIMITS } from '../platforms/platform-limits.ts';

export type { LengthMeasure };

/** Where the hashtags (and mentions) go after the template's text. */
export type TagPlacement = 'last-line' | 'own-paragraph';

/**
 * What one platform accepts, as the renderer applies it. The platform's own limits (length, its
 * unit, images) come from src/platforms/platform-limits.ts, the table the adapters check too;
 * the rest is how we write for the platform.
 */
export interface PlatformRules {
  /** Longest post, in `measure` units (PLATFORM_LIMITS maxTextLength). */
  limit: number;
  /** X: twitter-text weighted length (URLs 23, CJK and emoji 2); others: UTF-16 code units (never under-counts). */
  measure: LengthMeasure;
  /** Images per post (PLATFORM_LIMITS); an item's images past it are left out with a warning. */
  maxImages: number;
  /** At most this many hashtags; the rest are left out with a warning. */
  maxHashtags: number;
  tagPlacement: TagPlacement;
  /** Reserved characters must be backslash-escaped (LinkedIn "little text"). */
  escapeReserved: boolean;
  /** A post too long even after shortening may become a numbered thread (X). */
  threads: boolean;
  /** The link goes as a link card (LinkedIn article, Facebook `link`) with title and description. */
  linkCard: boolean;
  /**
   * A post with images cannot carry the link card too (LinkedIn: `content` is media or an article,
   * never both; Facebook: a photo post has no link preview), so the link must be written in the
   * text: templates see `link_in_text` true and end with their "read more" line, before the tags.
   */
  imagesReplaceLinkCard: boolean;
}

/** The platform's limits, as the rules name them. */
function limitsOf(platform: Platform): Pick<PlatformRules, 'limit' | 'measure' | 'maxImages'> {
  const { maxTextLength, measure, maxImages } = PLATFORM_LIMITS[platform];
  return { limit: maxTextLength, measure, maxImages };
}

export const PLATFORM_RULES: Readonly<Record<Platform, PlatformRules>> = {
  twitter: {
    ...limitsOf('twitter'),
    maxHashtags: 3,
    tagPlacement: 'last-line',
    escapeReserved: false,
    threads: true,
    linkCard: false,
    imagesReplaceLinkCard: false,
  },
  // LinkedIn: the escaped length is counted, the safe side.
  linkedin: {
    ...limitsOf('linkedin'),
    maxHashtags: 5,
    tagPlacement: 'own-paragraph',
    escapeReserved: true,
    threads: false,
    linkCard: true,
    imagesReplaceLinkCard: true,
  },
  facebook: {
    ...limitsOf('facebook'),
    maxHashtags: 5,
    tagPlacement: 'own-paragraph',
    escapeReserved: false,
    threads: false,
    linkCard: true,
    imagesReplaceLinkCard: true,
  },
};

/**
 * A shortened elastic field must keep at least this many graphemes (or all of it, when shorter);
 * cut to less it says nothing, and an X post becomes a thread instead.
 */
export const MIN_ELASTIC_GRAPHEMES = 40;

/**
 * The most parts the thread splitter makes before it gives up: past the configured
 * `platforms.twitter.maxThreadParts` a thread waits for a person, and past this bound there is no
 * thread to show at all (the work stays bounded whatever the input).
 */
export const THREAD_PART_BOUND = 25;
