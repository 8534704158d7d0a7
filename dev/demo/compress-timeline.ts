import type { PlannedPost } from '../../src/posts/post.ts';

/** Options of {@link compressTimeline}. */
export interface CompressOptions {
  /** Real time of the first moment of the plan. */
  realStart: Date;
  /** Real time between two successive moments of the plan. Default: 4 s. */
  stepMs?: number;
}

/**
 * The demo plays a plan that spans days (announcement, reminder, event day, recap) in about a
 * minute. Each distinct planned time becomes one "moment"; moment i happens at realStart + i·step.
 * Order is kept, and so is every deadline: an event start (`notAfter`) lands half a step before the
 * first moment at or after it, so a post planned before the event still goes out before it and a
 * post planned after it is still late — the publishing rules are exercised, not bypassed.
 */
export function compressTimeline(posts: PlannedPost[], options: CompressOptions): PlannedPost[] {
  const step = options.stepMs ?? 4000;
  const moments = [...new Set(posts.map((p) => Date.parse(p.plannedAt)))].sort((a, b) => a - b);
  const start = options.realStart.getTime();
  const rankOf = (virtualMs: number): number => {
    const index = moments.findIndex((m) => m >= virtualMs);
    return index === -1 ? moments.length : index;
  };
  const toReal = (virtualMs: number) => new Date(start + rankOf(virtualMs) * step).toISOString();
  const deadline = (virtualMs: number) => new Date(start + rankOf(virtualMs) * step - step / 2).toISOString();
  return posts.map((post) => ({
    ...post,
    plannedAt: toReal(Date.parse(post.plannedAt)),
    ...(post.notAfter ? { notAfter: deadline(Date.parse(post.notAfter)) } : {}),
  }));
}

/** How long a compressed plan takes from realStart to its last moment. */
export function compressedSpanMs(posts: PlannedPost[], stepMs = 4000): number {
  return Math.max(0, new Set(posts.map((p) => p.plannedAt)).size - 1) * stepMs;
}
