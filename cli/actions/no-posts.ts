import { counted } from '../../src/counted.ts';
import type { PlanSkip } from '../../src/planning/plan.ts';

/** What `schedule` and `ingest` know about an item when they explain why it yields no post. */
export interface ItemOutcome {
  /** `unchanged`: taken before with the same content. */
  status: string;
  posts: ReadonlyArray<{ state: string }>;
  plan?: { skipped: PlanSkip[] };
  skipped?: PlanSkip[];
}

/** "3 published, 1 cancelled". */
function stateCounts(posts: ReadonlyArray<{ state: string }>): string {
  const counts = new Map<string, number>();
  for (const post of posts) counts.set(post.state, (counts.get(post.state) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
}

/**
 * Why an item yields no post to send, in one line: taken before, its posts already gone out, or
 * the planning's reasons (every time passed, no channel in its languages…), most frequent first.
 */
export function noPostsReason(outcome: ItemOutcome): string {
  if (outcome.status === 'unchanged')
    return (
      `taken before with the same content` +
      `${outcome.posts.length ? `; its posts: ${stateCounts(outcome.posts)}` : ''}`
    );
  if (outcome.posts.length) return `none left to send; its posts: ${stateCounts(outcome.posts)}`;
  const skipped = outcome.skipped ?? outcome.plan?.skipped ?? [];
  if (!skipped.length) return 'no channel plans a post for it';
  const reasons = new Map<string, number>();
  for (const skip of skipped) reasons.set(skip.reason, (reasons.get(skip.reason) ?? 0) + 1);
  const sorted = [...reasons].sort((a, b) => b[1] - a[1]).map(([reason]) => reason);
  return sorted.length > 2
    ? `${sorted.slice(0, 2).join('; ')}; and ${counted(sorted.length - 2, 'more reason', 'more reasons')} below`
    : sorted.join('; ');
}
