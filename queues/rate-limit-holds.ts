import { DateTime } from 'luxon';
import type { Platform } from '../src/config/config-schema.ts';
import type { Logger } from '../src/logger.ts';

/** Holds closer together than this count as one (several jobs of a platform throttled at once). */
const SAME_HOLD_MS = 1000;

/**
 * Says in the worker's log when a platform queue is held for a rate limit and when the hold ends:
 * "facebook held until 10:42:05 (rate limit)", then "facebook released (rate limit over)". BullMQ
 * itself holds the queue silently, so without these lines a throttled platform looks stuck.
 */
export class RateLimitHolds {
  private readonly holds = new Map<Platform, { until: number; timer: NodeJS.Timeout }>();

  constructor(
    private readonly logger: Logger,
    /** The zone the times are shown in (the project's). */
    private readonly timezone: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The platform's queue is held until `untilDate`. */
  hold(platform: Platform, untilDate: Date, reason?: string): void {
    const until = untilDate.getTime();
    const current = this.holds.get(platform);
    if (current && Math.abs(current.until - until) < SAME_HOLD_MS) return;
    if (current) clearTimeout(current.timer);
    const timer = setTimeout(() => this.release(platform), Math.max(0, until - this.now()));
    timer.unref();
    this.holds.set(platform, { until, timer });
    const shown = DateTime.fromMillis(until).setZone(this.timezone).toFormat('HH:mm:ss');
    this.logger.warn(
      { platform, until: untilDate.toISOString(), holdMs: until - this.now(), ...(reason ? { reason } : {}) },
      `${platform} held until ${shown} (rate limit)`,
    );
  }

  /** Forgets every hold without logging a release (shutdown). */
  close(): void {
    for (const { timer } of this.holds.values()) clearTimeout(timer);
    this.holds.clear();
  }

  private release(platform: Platform): void {
    this.holds.delete(platform);
    this.logger.info({ platform }, `${platform} released (rate limit over)`);
  }
}
