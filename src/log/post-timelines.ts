import type { LogEntry } from './log-entry.ts';
import type { PublishingLog } from './publishing-log.ts';

/** Timelines read at once by default: enough to hide round trips, few enough not to crowd Redis. */
const DEFAULT_CONCURRENCY = 50;

/** Options for {@link readTimelines}. */
export interface TimelineReadOptions {
  /** Timelines read at once. Default 50. */
  concurrency?: number;
  /** Told the posts whose timelines were read so far, of how many. Default: none. */
  onProgress?: (posts: number, total: number) => void;
}

/**
 * The timelines of the posts, in the order given, a batch at a time (a report, an audit export):
 * read a few at once to hide round trips, and handed on batch by batch so a year of posts is never
 * all in memory at once.
 */
export async function* timelineBatches(
  log: Pick<PublishingLog, 'timeline'>,
  postIds: ReadonlyArray<string>,
  options: TimelineReadOptions = {},
): AsyncGenerator<LogEntry[][]> {
  const step = options.concurrency ?? DEFAULT_CONCURRENCY;
  for (let i = 0; i < postIds.length; i += step) {
    const batch = await Promise.all(postIds.slice(i, i + step).map((id) => log.timeline(id)));
    options.onProgress?.(Math.min(i + step, postIds.length), postIds.length);
    yield batch;
  }
}
