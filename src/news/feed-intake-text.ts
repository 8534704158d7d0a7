import type { FeedConfig } from '../config/config-schema.ts';

/**
 * What becomes of a feed's new items, in words that follow "new items" (`config`, the desk's
 * Health): a person approves them, or they are scheduled on their own.
 */
export function feedIntakeText(feed: FeedConfig): string {
  if (feed.approval) return 'wait for approval';
  return feed.languageCheck === 'hold'
    ? 'scheduled at once; one in another language waits for approval'
    : 'scheduled at once';
}
