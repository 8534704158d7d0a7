import type { Logger } from '../logger.ts';
import type { RedisClient } from '../redis/redis-client.ts';
import type { RedisKeys } from '../redis/redis-keys.ts';

/** What one {@link DurableClaim.sync} found. */
export type DurableClaimResult =
  /** Every write made before the call is fsynced to the append-only file. */
  | 'durable'
  /** Not confirmed within the timeout: the claim could still be lost by a Redis crash. */
  | 'not-durable'
  /**
   * The server cannot confirm fsyncs (Redis < 7.2, appendonly off) and that is allowed
   * (`--allow-undurable-claims`), or waiting is switched off: nothing to wait for.
   */
  | 'skipped'
  /** The server cannot confirm fsyncs and undurable claims are not allowed: do not call the platform. */
  | 'unsupported';

/** Options of {@link DurableClaim}. */
export interface DurableClaimOptions {
  /** False: never wait (sync() answers `skipped`). Default true (config `publishing.durableClaim`). */
  enabled?: boolean;
  /**
   * Publish even when the server cannot confirm fsyncs (sync() answers `skipped` instead of
   * `unsupported`). The worker's `--allow-undurable-claims`. Default false.
   */
  allowUndurable?: boolean;
  /** Logs, once, why waiting is skipped (a warning). Default: none. */
  logger?: Logger;
}

/** What {@link DurableClaim.probe} found out about the server. */
export interface DurabilityProbe {
  /** True when a claim can be made durable before a platform call. */
  durable: boolean;
  /** Why not, for a person. */
  reason?: string;
}

/** Connection events after which the server may be another one: a single server's, a cluster's node. */
const CONNECTION_LOST = ['close', '-node'] as const;
/** How often a waiting round wakes the server (see round()). */
const WAKE_MS = 1;
/** The server does not know WAITAOF (before Redis 7.2). */
const UNKNOWN_COMMAND = /unknown command/i;
/** WAITAOF with numlocal > 0 on a server with appendonly off. */
const APPENDONLY_OFF = /appendonly is disabled/i;

/** True when a WAITAOF error means "this server cannot confirm fsyncs", not a failure to retry. */
export function waitAofUnsupported(message: string): boolean {
  return UNKNOWN_COMMAND.test(message) || APPENDONLY_OFF.test(message);
}

/**
 * Makes the publish claim durable before the platform is called. With `appendfsync everysec` a
 * Redis crash can lose the last second of writes; if the claim (`publishing` and the store's
 * `claimedAt`) is lost while the post went out, the restarted worker sees a plain `scheduled`
 * post, does not reconcile, and posts again. `WAITAOF 1 0 <timeout>` (Redis ≥ 7.2) waits until the
 * local append-only file is fsynced up to the caller's writes.
 *
 * WAITAOF counts the writes of the connection that sends it, and blocks that connection meanwhile.
 * So it runs on its own connection (the shared one must not stall for up to a second), after a
 * write of its own (`INCR <prefix>:durable-claim`): the append-only file is one ordered log, and
 * that write comes after every claim write already acknowledged on the shared connection, so its
 * fsync covers them. On a Redis Cluster the connection is a cluster client of its own, and the
 * counter shares the project's hash tag: the pipeline (INCR, then WAITAOF, which has no key) goes
 * to the master that owns the project's slot, the one that took the claim's writes and whose
 * append-only file must hold them. Concurrent callers share rounds (group commit): one that arrives while a
 * round runs waits for the next round, since the running one may predate its writes.
 */
export class DurableClaim {
  private connection: RedisClient | undefined;
  /** Why waiting is skipped: switched off, or the server cannot confirm fsyncs. */
  private skipped: string | undefined;
  private readonly disabled: boolean;
  private running: Promise<DurableClaimResult> | undefined;
  private queued: Promise<DurableClaimResult> | undefined;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly options: DurableClaimOptions = {},
  ) {
    this.disabled = options.enabled === false;
    if (this.disabled) this.skipped = 'publishing.durableClaim is off';
    for (const event of CONNECTION_LOST) redis.on(event, this.onClose);
  }

  /**
   * The server behind the connection may be another one after a reconnect (an upgrade, a
   * failover): what it can confirm is found out again on the next claim.
   */
  private readonly onClose = (): void => {
    if (!this.disabled) this.skipped = undefined;
  };

  /** Why waiting is skipped, once known (for doctor-style reports). */
  get skipReason(): string | undefined {
    return this.skipped;
  }

  /**
   * One real round (a write and WAITAOF), as the worker does before it takes any job: can claims
   * be made durable on this server?
   */
  async probe(timeoutMs: number): Promise<DurabilityProbe> {
    const result = await this.sync(timeoutMs);
    if (result === 'durable') return { durable: true };
    if (result === 'not-durable')
      return {
        durable: false,
        reason: `the server did not confirm an append-only fsync within ${timeoutMs} ms (WAITAOF); is appendfsync set to no?`,
      };
    return { durable: false, reason: this.skipped };
  }

  /** Waits (at most `timeoutMs`) until every write made before this call is fsynced. */
  sync(timeoutMs: number): Promise<DurableClaimResult> {
    if (this.skipped) return Promise.resolve(this.disabled || this.options.allowUndurable ? 'skipped' : 'unsupported');
    if (!this.running) return this.start(timeoutMs);
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.sync(timeoutMs);
      });
    return this.queued;
  }

  private start(timeoutMs: number): Promise<DurableClaimResult> {
    const round: Promise<DurableClaimResult> = this.round(timeoutMs).finally(() => {
      if (this.running === round) this.running = undefined;
    });
    this.running = round;
    return round;
  }

  private async round(timeoutMs: number): Promise<DurableClaimResult> {
    const waiting = this.conn()
      .pipeline()
      .incr(this.keys.durableClaim)
      .call('WAITAOF', '1', '0', String(Math.max(1, Math.round(timeoutMs))))
      .exec();
    // The server answers a waiting WAITAOF only when its event loop turns; with every worker slot
    // waiting on this round nothing else may come in before its next cron tick (1/hz: 100 ms at
    // the default hz 10). So a cheap read of our own key (on a cluster it reaches the master of our
    // slot) wakes it at once, right behind the WAITAOF, and then every millisecond. Measured one
    // round at a time (Valkey 8, hz 100): 10.6 ms without wakes, 1.3 ms with one every millisecond,
    // 0.08 ms with the first at once (`npm run bench -- durable-claim`). The wakes only ask sooner:
    // what WAITAOF answers is unchanged (on Valkey and Redis before 8.0 under everysec it does not
    // wait for the fsync itself: unfsyncedClaimReason in redis-server-info.ts). One read at a
    // time, and none while the connection is down: those would pile up in the client's offline
    // queue, a thousand a second, for as long as Redis is away.
    let reading = false;
    const wakeUp = () => {
      if (reading || this.redis.status !== 'ready') return;
      reading = true;
      this.redis
        .exists(this.keys.durableClaim)
        .catch(() => undefined)
        .finally(() => {
          reading = false;
        });
    };
    wakeUp();
    const wake = setInterval(wakeUp, WAKE_MS);
    const results = await waiting.finally(() => clearInterval(wake));
    const [incrError] = results?.[0] ?? [];
    if (incrError) throw incrError;
    const [error, answer] = results?.[1] ?? [new Error('no answer to WAITAOF')];
    if (error) {
      if (!waitAofUnsupported(error.message)) throw error;
      this.skipped = error.message;
      if (!this.options.allowUndurable) return 'unsupported';
      this.options.logger?.warn(
        { reason: error.message },
        'Redis cannot confirm append-only fsyncs (WAITAOF needs Redis 7.2+ or Valkey with appendonly yes): publish claims go unconfirmed (--allow-undurable-claims)',
      );
      return 'skipped';
    }
    const [local] = answer as [number, number];
    return local >= 1 ? 'durable' : 'not-durable';
  }

  /** Its own connection, made on first use and closed when the shared one ends. */
  private conn(): RedisClient {
    if (!this.connection) {
      const connection = this.redis.duplicate();
      connection.on('error', () => undefined);
      this.redis.once('end', () => connection.disconnect());
      this.connection = connection;
    }
    return this.connection;
  }

  /** Closes the dedicated connection (also closed by itself when the shared one ends). */
  close(): void {
    for (const event of CONNECTION_LOST) this.redis.off(event, this.onClose);
    this.connection?.disconnect();
    this.connection = undefined;
  }
}
