import type { FindQuery, FoundPost, PlatformAdapter } from '../platforms/platform-adapter.ts';
import type { StoredPost } from './post-store.ts';

/** What the platform says about a post whose earlier attempt may have landed. */
export type Reconciliation =
  /** The post (or, for a thread, its next unposted part) is live: `partIndex` says which part. */
  | { kind: 'found'; found: FoundPost; partIndex: number }
  /** Not there: safe to publish (what is missing of it). */
  | { kind: 'not-found' }
  /** The platform could not be asked: do not publish, try again later or ask a person. */
  | { kind: 'unsettled'; reason: string };

/** Options of {@link Reconciler}. */
export interface ReconcilerOptions {
  /** How many times to ask before giving up for this attempt. Default 3. */
  findAttempts?: number;
  /** Pause between two asks, multiplied by the ask number. Default 250 ms. */
  findRetryDelayMs?: number;
  /** Look this far before the first claim for clock differences. Default 10 minutes. */
  sinceMarginMs?: number;
}

const DEFAULTS = { findAttempts: 3, findRetryDelayMs: 250, sinceMarginMs: 10 * 60_000 };

/**
 * Asks the platform whether a post whose outcome is unknown (a worker died mid-call, a connection
 * was cut, the platform answered "duplicate") is already live, before anything is sent again.
 */
export class Reconciler {
  private readonly options: Required<ReconcilerOptions>;

  constructor(options: ReconcilerOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** How far back a search for a post first claimed at `claimedSince` reads (clock differences). */
  searchFrom(claimedSince: Date): Date {
    return new Date(claimedSince.getTime() - this.options.sinceMarginMs);
  }

  /** The text to look for: the next thread part not yet known to be posted, or the post itself. */
  static pendingText(stored: StoredPost): { text: string; partIndex: number } {
    const thread = stored.post.rendered.thread;
    if (thread?.length) {
      const index = Math.min(stored.postedParts.length, thread.length - 1);
      return { text: thread[index]!, partIndex: index };
    }
    return { text: stored.post.rendered.text, partIndex: 0 };
  }

  /**
   * `skip`: ids of live posts the log records for other posts ({@link FindQuery}.skip), never taken
   * for this one however alike their text.
   */
  async reconcile(
    adapter: PlatformAdapter,
    stored: StoredPost,
    claimedSince: Date,
    skip: ReadonlySet<string> = new Set(),
  ): Promise<Reconciliation> {
    const { text, partIndex } = Reconciler.pendingText(stored);
    const since = this.searchFrom(claimedSince);
    let lastError = '';
    for (let ask = 1; ask <= this.options.findAttempts; ask++) {
      try {
        const found = await adapter.findRecent({ text, since, ...(skip.size ? { skip } : {}) });
        return found ? { kind: 'found', found, partIndex } : { kind: 'not-found' };
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        if (ask < this.options.findAttempts) await sleep(this.options.findRetryDelayMs * ask);
      }
    }
    return { kind: 'unsettled', reason: `could not ask ${adapter.platform} whether the post is live (${lastError})` };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
