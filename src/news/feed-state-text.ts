import { counted } from '../counted.ts';
import type { FeedRejections, FeedState } from './feed-health.ts';

/** What a failing feed means for its news: said wherever the failure is. */
export const FEED_FAILING_EFFECT = 'its new items are not taken until it is read again';

/** The ISO form of an instant in milliseconds. */
function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** "3 polls in a row failed since …": a run of failed polls, as the desk, `doctor` and the alerts say it. */
export function failedPolls(failures: number, sinceMs: number, time: (iso: string) => string): string {
  return `${counted(failures, 'poll', 'polls')} in a row failed since ${time(iso(sinceMs))}`;
}

/**
 * A feed as the worker's polls left it, in words for the desk's Health page and `doctor`, times
 * in `time`'s words: failing (not ok) with its last error, read, or not polled yet; and, apart,
 * the items its last read refused (`rejected`), which are not taken until they are fixed.
 */
export function describeFeedState(
  state: FeedState,
  time: (iso: string) => string,
): { ok: boolean; detail: string; rejected?: string } {
  const read = state.readAtMs === undefined ? undefined : `last read ${time(iso(state.readAtMs))}`;
  const rejected = state.rejected ? { rejected: describeRejections(state.rejected, time) } : {};
  if (!state.failing)
    return { ok: true, detail: read ?? 'not polled yet (the worker polls it on its schedule)', ...rejected };
  const f = state.failing;
  return {
    ok: false,
    detail: `${failedPolls(f.failures, f.sinceMs, time)}${f.alerted ? ' (alert sent)' : ''}: ${f.error}${read ? `; ${read}` : ''}`,
    ...rejected,
  };
}

/** "1 item refused at the read of …, not taken until it is fixed: <where>: <why>". */
function describeRejections(rejected: FeedRejections, time: (iso: string) => string): string {
  const more = rejected.count - rejected.items.length;
  return (
    `${counted(rejected.count, 'item', 'items')} refused at the read of ${time(iso(rejected.atMs))}, not taken until ` +
    `${rejected.count === 1 ? 'it is' : 'they are'} fixed: ` +
    `${rejected.items.map((item) => `${item.source}: ${item.message}`).join('; ')}${more > 0 ? `; and ${more} more` : ''}`
  );
}
