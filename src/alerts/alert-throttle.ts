import { counted } from '../counted.ts';
import type { Logger } from '../logger.ts';
import type { Alert, AlertPort } from './alert.ts';

/** Options of {@link AlertThrottle}. */
export interface AlertThrottleOptions {
  /**
   * An alert identical to one sent within this time (kind, channel, post, message) is not sent again. Default 30
   * minutes.
   */
  dedupeWindowMs?: number;
  /** At most this many alerts go out per window; the rest are counted into one summary. Default 5. */
  maxPerWindow?: number;
  /** The window of the rate cap, from the first alert sent in it. Default 10 minutes. */
  windowMs?: number;
  /** Where held-back and repeated alerts are noted (info), so none is lost from the log. Default: none. */
  logger?: Logger;
  /** Clock (ms). Default Date.now. */
  now?: () => number;
}

export const DEFAULT_ALERT_THROTTLE = {
  dedupeWindowMs: 30 * 60_000,
  maxPerWindow: 5,
  windowMs: 10 * 60_000,
} as const;

/**
 * Keeps alerts readable when many things go wrong at once (a platform outage fails a whole
 * morning's posts): identical alerts within the dedupe window go out once, and at most
 * `maxPerWindow` alerts go out per window; the alerts held back in a window are counted into one
 * summary, sent when the window ends (or at shutdown). Wraps the port that delivers them.
 */
export class AlertThrottle implements AlertPort {
  private readonly dedupeWindowMs: number;
  private readonly maxPerWindow: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  /** When each distinct alert was last seen (sent or held). */
  private readonly lastSent = new Map<string, number>();
  private windowStart = Number.NEGATIVE_INFINITY;
  private sentInWindow = 0;
  private held: Alert[] = [];
  private repeats = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly inner: AlertPort,
    private readonly options: AlertThrottleOptions = {},
  ) {
    this.dedupeWindowMs = options.dedupeWindowMs ?? DEFAULT_ALERT_THROTTLE.dedupeWindowMs;
    this.maxPerWindow = options.maxPerWindow ?? DEFAULT_ALERT_THROTTLE.maxPerWindow;
    this.windowMs = options.windowMs ?? DEFAULT_ALERT_THROTTLE.windowMs;
    this.now = options.now ?? Date.now;
  }

  async send(alert: Alert): Promise<void> {
    const now = this.now();
    const key = JSON.stringify([alert.kind, alert.channel, alert.postId, alert.message]);
    const last = this.lastSent.get(key);
    if (last !== undefined && now - last < this.dedupeWindowMs) {
      // Counted, and named in the next summary if one goes out; not worth a message of its own.
      this.repeats += 1;
      this.options.logger?.info(
        { alert: { kind: alert.kind, postId: alert.postId } },
        'alert repeated; not sent again',
      );
      return;
    }
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.sentInWindow = 0;
    }
    // Held or sent, an alert counts as seen: an identical one later is a repeat either way.
    this.lastSent.set(key, now);
    this.forgetOld(now);
    if (this.sentInWindow >= this.maxPerWindow) {
      this.held.push(alert);
      this.options.logger?.info(
        { alert: { kind: alert.kind, channel: alert.channel, postId: alert.postId } },
        `alert held back by the rate cap (${this.maxPerWindow} per ${Math.round(this.windowMs / 60_000)} min); it ` +
          `is counted in the next summary: ${alert.message}`,
      );
      this.armSummary();
      return;
    }
    this.sentInWindow += 1;
    await this.inner.send(alert);
  }

  /** Sends the summary of what was held back now, then waits for deliveries under way. */
  async flush(): Promise<void> {
    await this.sendSummary();
    await this.inner.flush?.();
  }

  /** The summary goes out when the current window ends. */
  private armSummary(): void {
    if (this.timer) return;
    const due = Math.max(0, this.windowStart + this.windowMs - this.now());
    this.timer = setTimeout(() => void this.sendSummary(), Number.isFinite(due) ? due : 0);
    this.timer.unref();
  }

  private async sendSummary(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const held = this.held;
    const repeats = this.repeats;
    this.held = [];
    this.repeats = 0;
    if (!held.length) return;
    await this.inner.send({
      kind: 'alerts-summary',
      message: summaryText(held, repeats),
      at: new Date(this.now()).toISOString(),
    });
  }

  private forgetOld(now: number): void {
    for (const [key, at] of this.lastSent) if (now - at >= this.dedupeWindowMs) this.lastSent.delete(key);
  }
}

/**
 * "7 more alerts held back by the rate cap: 5 post-failed (x-secon 3, linkedin-secon 2), 2 post-missed (facebook-secon
 * 2); 3 identical repeats left out. …"
 */
export function summaryText(held: Alert[], repeats: number): string {
  const byKind = new Map<string, Map<string, number>>();
  for (const alert of held) {
    const channels = byKind.get(alert.kind) ?? new Map<string, number>();
    const channel = alert.channel ?? 'no channel';
    channels.set(channel, (channels.get(channel) ?? 0) + 1);
    byKind.set(alert.kind, channels);
  }
  const kinds = [...byKind].map(([kind, channels]) => {
    const count = [...channels.values()].reduce((a, b) => a + b, 0);
    return `${count} ${kind} (${[...channels].map(([c, n]) => `${c} ${n}`).join(', ')})`;
  });
  const parts: string[] = [];
  if (held.length)
    parts.push(`${counted(held.length, 'more alert', 'more alerts')} held back by the rate cap: ${kinds.join(', ')}`);
  if (repeats) parts.push(`${counted(repeats, 'identical repeat', 'identical repeats')} left out`);
  return (
    `${parts.join('; ')}. Each is in the worker log; \`secon-bot history --state failed,unconfirmed,missed\` lists ` +
    `the posts.`
  );
}
