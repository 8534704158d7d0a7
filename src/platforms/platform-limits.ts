import type { Platform } from '../config/config-schema.ts';
import type { PlatformLimits } from './platform-adapter.ts';

/**
 * What each platform accepts, written once: the adapters' `limits` (checked before a call) and the
 * renderer's rules (src/templates/platform-rules.ts, applied when a post is planned) both read this
 * table, so a post that plans and previews fine is never refused for its length or image count
 * when it falls due. Facts and sources: docs/platform-contracts.md#limits-at-a-glance.
 */

/** How a platform counts the length of a post. */
export type LengthMeasure = 'twitter-text' | 'utf16';

/** A platform's limits with the unit its text limit is counted in. */
export interface PlatformLimitSpec extends PlatformLimits {
  /**
   * X: twitter-text weighted length (URLs 23, CJK and emoji 2); others: UTF-16 code units (the
   * platforms do not say; code units never under-count).
   */
  measure: LengthMeasure;
}

export const PLATFORM_LIMITS: Readonly<Record<Platform, Readonly<PlatformLimitSpec>>> = {
  // X: 280 weighted (twitter-text config v3); 1 to 4 images per post.
  twitter: { maxTextLength: 280, measure: 'twitter-text', maxImages: 4 },
  // LinkedIn: 3,000 characters (third-party sources, UNVERIFIED by LinkedIn); multiImage takes 2 to 20.
  linkedin: { maxTextLength: 3000, measure: 'utf16', maxImages: 20 },
  // Facebook: 63,206 characters (third-party sources); attached_media up to 10 photos (our own bound).
  facebook: { maxTextLength: 63_206, measure: 'utf16', maxImages: 10 },
};
