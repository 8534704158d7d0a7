import { randomUUID } from 'node:crypto';
import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from '../redis/redis-client.ts';
import type { RedisKeys } from '../redis/redis-keys.ts';
import { defineScripts } from '../redis/redis-scripts.ts';

/** Extends the lease only while we still hold it. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Deletes the lease only if it is still ours (an expired lease may belong to another worker now). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Names of the two scripts on the client (ioredis sends EVALSHA, and the script itself only when Redis lacks it). */
const RENEW_COMMAND = 'seconLeaseRenew';
const RELEASE_COMMAND = 'seconLeaseRelease';
type LeaseScripts = Record<
  typeof RENEW_COMMAND | typeof RELEASE_COMMAND,
  (key: string, ...args: string[]) => Promise<number>
>;

/** A held lease on one post; renewed in the background until released. */
export interface Lease {
  /** The attempt's token, held by the lease key while the lease is ours (the log's claim checks it). */
  readonly token: string;
  /**
   * The lease was set to `ttlMs` by a write that checked the token (the claim): renewals keep it
   * that long from now on. No round trip.
   */
  extendedTo(ttlMs: number): void;
  /** False once the lease was lost (expired, or Redis unreachable while renewing). */
  held(): Promise<boolean>;
  /**
   * Sets the lease's life to `ttlMs` from now, and renews it to that from then on (used to cover
   * a whole platform call). False when the lease was already lost.
   */
  extend(ttlMs: number): Promise<boolean>;
  /**
   * A log write released the lease (TransitionOptions.releaseLease): stops the renewals, and
   * release() sends nothing more.
   */
  releasedByWrite(): void;
  release(): Promise<void>;
}

/** Options of {@link ClaimLeases}. */
export interface ClaimLeaseOptions {
  /** How long a lease lives without renewal: how long a dead worker blocks its post. Default 30 s. */
  ttlMs?: number;
}

export const DEFAULT_LEASE_TTL_MS = 30_000;

/**
 * One short-lived lock per post (`<prefix>:lease:<postId>`), held by the attempt that is working
 * on it and renewed every third of its life while the platform call runs.
 *
 * Why, on top of the log's atomic `scheduled → publishing` claim: a post found in `publishing` may
 * belong to an attempt that died (reconcile and take over) or to one that is still calling the
 * platform from a live process whose BullMQ lock was judged stalled. Taking over the second would
 * post twice. A live attempt keeps its lease; only a dead one lets it expire.
 */
export class ClaimLeases {
  readonly ttlMs: number;
  private readonly scripts: LeaseScripts;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    options: ClaimLeaseOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.scripts = defineScripts<LeaseScripts>(redis, {
      [RENEW_COMMAND]: { numberOfKeys: 1, lua: RENEW },
      [RELEASE_COMMAND]: { numberOfKeys: 1, lua: RELEASE },
    });
  }

  key(postId: string): string {
    return this.keys.lease(postId);
  }

  /** How long the post's lease still lives (0 when nobody holds it). */
  async remainingMs(postId: string): Promise<number> {
    return Math.max(0, await this.redis.pttl(this.key(postId)));
  }

  /** Takes the post's lease, or returns null when another live attempt holds it. */
  async acquire(postId: string): Promise<Lease | null> {
    return (await this.acquireWith(postId, () => undefined)).lease;
  }

  /**
   * Takes the post's lease and, in the same round trip (one pipeline), runs the reads `queue` adds
   * after it: Redis runs them in order, so they see the post as it is under the lease. `replies`
   * are the reads' answers, in their order; when the lease is someone else's they are read all
   * the same and should be dropped.
   */
  async acquireWith(
    postId: string,
    queue: (pipeline: ChainableCommander) => void,
  ): Promise<{ lease: Lease | null; replies: Array<[Error | null, unknown]> }> {
    const key = this.key(postId);
    const token = randomUUID();
    const pipeline = this.redis.pipeline().set(key, token, 'PX', this.ttlMs, 'NX');
    queue(pipeline);
    const [first, ...replies] = ((await pipeline.exec()) ?? []) as Array<[Error | null, unknown]>;
    const [setError, set] = first ?? [new Error('no answer to SET')];
    if (setError) throw setError;
    return { lease: set === 'OK' ? this.held(key, token) : null, replies };
  }

  /** A lease just taken with `token`: renewed in the background until released. */
  private held(key: string, token: string): Lease {
    let lost = false;
    let ttl = this.ttlMs;
    const renew = async (): Promise<void> => {
      try {
        if ((await this.scripts[RENEW_COMMAND](key, token, String(ttl))) !== 1) lost = true;
      } catch {
        lost = true;
      }
    };
    let released = false;
    const timer = setInterval(() => void renew(), Math.max(50, Math.floor(this.ttlMs / 3)));
    timer.unref();
    return {
      token,
      extendedTo: (ms: number) => {
        ttl = Math.max(ms, this.ttlMs);
      },
      held: async () => {
        if (!lost) await renew();
        return !lost;
      },
      extend: async (ms: number) => {
        ttl = Math.max(ms, this.ttlMs);
        if (!lost) await renew();
        return !lost;
      },
      releasedByWrite: () => {
        released = true;
        clearInterval(timer);
      },
      release: async () => {
        clearInterval(timer);
        if (released) return;
        released = true;
        await this.scripts[RELEASE_COMMAND](key, token).catch(() => undefined);
      },
    };
  }
}
