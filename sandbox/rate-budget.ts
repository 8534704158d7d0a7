/** How many counted requests a sandbox allows per fixed window. */
export interface RateBudgetOptions {
  /** Requests allowed per window. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
  /**
   * Windows start at whole multiples of `windowMs` since the epoch: a day's window ends at midnight
   * UTC, as LinkedIn's daily limits do. Default false: a window starts with its first request, as
   * X's 15-minute windows.
   */
  aligned?: boolean;
}

/** What one request took from the budget: enough to write any platform's rate-limit headers. */
export interface RateTake {
  allowed: boolean;
  limit: number;
  /** Left in the current window after this request. */
  remaining: number;
  /** When the window ends (the platform's "reset"). */
  resetAt: Date;
  /** Share of the budget used, 0–100 (Facebook reports percentages). */
  usedPercent: number;
}

/**
 * A fixed-window request budget, like the 15-minute windows of X: once `limit` requests were
 * counted, the rest of the window is refused until `resetAt`.
 */
export class RateBudget {
  private windowStart = 0;
  private used = 0;

  constructor(
    private options: RateBudgetOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Replaces the limit and starts a fresh window. */
  configure(options: RateBudgetOptions): void {
    this.options = options;
    this.reset();
  }

  get settings(): RateBudgetOptions {
    return { ...this.options };
  }

  reset(): void {
    this.windowStart = 0;
    this.used = 0;
  }

  take(): RateTake {
    return this.read(true);
  }

  /** Where the budget stands, without counting a request (for headers of a request refused earlier). */
  peek(): RateTake {
    return this.read(false);
  }

  private read(count: boolean): RateTake {
    const now = this.now();
    if (now - this.windowStart >= this.options.windowMs) {
      const { windowMs, aligned } = this.options;
      this.windowStart = aligned ? now - (now % windowMs) : now;
      this.used = 0;
    }
    const allowed = this.used < this.options.limit;
    if (allowed && count) this.used += 1;
    return {
      allowed,
      limit: this.options.limit,
      remaining: Math.max(0, this.options.limit - this.used),
      resetAt: new Date(this.windowStart + this.options.windowMs),
      usedPercent: Math.min(100, Math.round((this.used / this.options.limit) * 100)),
    };
  }
}
