import type { NewsItem } from '../news/news-item.ts';
import type { PlannedPost, PostKind } from '../posts/post.ts';
import type { PostRenderer } from '../templates/post-renderer.ts';

/** Options of planItem(). */
export interface PlanOptions {
  /** Planning time. */
  now: Date;
  renderer: PostRenderer;
  /**
   * Times already taken on a channel by OTHER news items (for the next free slot and the minimum
   * gap). When re-planning an item, leave its own posts out, or it would push itself to a later
   * slot. Default: none.
   */
  busy?: (channelId: string) => Date[];
  /** Every post waits for approval (e.g. items from a feed configured so). Default: per channel. */
  requireApproval?: boolean;
  /**
   * A post whose text reads as another language than its own waits for a person (a feed's item,
   * whose plan nobody reads). Default: false, a warning only (a person running `schedule` sees it).
   */
  holdOtherLanguage?: boolean;
  /**
   * Every post waits for a person, for this reason (the item looks like one taken before under
   * another id), which replaces a hold of its text (too long, another language: still among its
   * warnings). Default: none.
   */
  hold?: string;
}

/** Why a channel (or one of its languages) gets no post. */
export interface PlanSkip {
  channel: string;
  language?: string;
  /** The post kind that is left out (e.g. a `reminder` whose time has passed); absent: every post of the channel. */
  kind?: PostKind;
  reason: string;
  /**
   * True when the configuration or the item chose it (a channel not among the item's, a disabled
   * channel): a plan lists it, but nobody is warned about it.
   */
  chosen?: true;
}

/** The plan for one news item (planItem in plan-item.ts makes it). */
export interface Plan {
  newsId: string;
  posts: PlannedPost[];
  skipped: PlanSkip[];
}

export type { NewsItem };

/**
 * A skip as one line for a person: "no reminder on x-secon (en): its time … has passed". Names the
 * kind left out (a channel may still get the item's other posts), or "post" for all of them.
 */
export function describeSkip(skip: PlanSkip): string {
  return `no ${skip.kind ?? 'post'} on ${skip.channel}${skip.language ? ` (${skip.language})` : ''}: ${skip.reason}`;
}

/** Said wherever a post is refused or left out because its time is before the item's `published`. */
export const NOT_PUBLIC_YET = 'nothing goes out before the news is public';
