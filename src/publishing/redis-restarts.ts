import type { AlertPort } from '../alerts/alert.ts';
import { counted } from '../counted.ts';
import type { PublishingLog } from '../log/publishing-log.ts';
import type { Logger } from '../logger.ts';
import type { RedisClient } from '../redis/redis-client.ts';
import type { RedisKeys } from '../redis/redis-keys.ts';
import { parseInfo } from '../redis/redis-server-info.ts';
import { nodeForKey } from '../redis/slot-node.ts';
import type { PostStore } from './post-store.ts';

/** Options of {@link RedisRestarts}. */
export interface RedisRestartsOptions {
  /**
   * False: never look for restarts (the crash test's run without protection, which must show that
   * its truncations do cause duplicates then). Default true.
   */
  enabled?: boolean;
  logger?: Logger;
  /** Where the "Redis restarted" alert goes. Default: none. */
  alerts?: AlertPort;
  /** Clock. Default: the real one. */
  now?: () => Date;
}

/** Connection events after which the server may be another one (or restarted): a single server's, a cluster's. */
const CONNECTION_LOST = ['close', '-node'] as const;

/** What one {@link RedisRestarts.check} found. */
export interface RestartReport {
  /** The server's run id now. */
  runId: string;
  /** True when the server restarted since the last check (of any worker) on this key prefix. */
  restarted: boolean;
  /**
   * Writes from this time on may be lost: the newest log entry that survived the restart (or the
   * restart itself when none did).
   */
  lossSince?: Date;
  /** Due `scheduled` posts marked so that their next attempt asks the platform first. */
  marked: string[];
}

/** Taken when a publish attempt starts, before it reads anything (see {@link RedisRestarts.since}). */
export interface RestartToken {
  epoch: number;
  restarts: number;
  at: Date;
}

/**
 * Finds out when the Redis under the worker restarted, and makes every post that may have been
 * claimed in the writes the restart lost ask the platform before it is published again.
 *
 * Why: with `appendfsync everysec` a crash loses up to the last second of writes. A claim lost
 * that way leaves a post that already went out as a plain `scheduled` post with no claim mark,
 * and the next attempt would publish it again without reconciling. The durable claim prevents
 * this where WAITAOF exists; this check covers what is left: attempts that read a post before the
 * restart and claimed it after, and servers that cannot confirm fsyncs (`--allow-undurable-claims`;
 * there it cannot cover a platform call still in flight while Redis loses its claim and lease).
 *
 * How: the server's run id changes at every start. The run id last seen is kept under
 * `<prefix>:redis-run`; a different one means a restart. Then every due `scheduled` post gets
 * the claim mark (PostStore.markClaimed) dated from the newest log entry that survived, so its
 * next attempt reconciles, searching from there; `publishing` posts reconcile anyway. Within one
 * process, a dropped connection during an attempt also makes that attempt reconcile: its reads
 * may come from before the restart and its claim from after it.
 */
export class RedisRestarts {
  private readonly enabled: boolean;
  private readonly now: () => Date;
  /** Connection closes seen (each may be a restart). */
  private epoch = 0;
  /** The epoch of the last finished check; -1 before the first. */
  private checkedEpoch = -1;
  /** Restarts found by this process. */
  private restarts = 0;
  private lossSince: Date | undefined;
  private checking: Promise<RestartReport> | undefined;
  private readonly onClose = (): void => {
    this.epoch += 1;
  };

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly publishingLog: PublishingLog,
    private readonly store: PostStore,
    private readonly options: RedisRestartsOptions = {},
  ) {
    this.enabled = options.enabled ?? true;
    this.now = options.now ?? (() => new Date());
    // On a Redis Cluster a node that drops out (`-node`) may be the one holding the project's slot.
    for (const event of CONNECTION_LOST) redis.on(event, this.onClose);
  }

  /** Stops listening to the connection (it stays open: it is the caller's). */
  close(): void {
    for (const event of CONNECTION_LOST) this.redis.off(event, this.onClose);
  }

  /** Taken at the start of a publish attempt. */
  token(): RestartToken {
    return { epoch: this.epoch, restarts: this.restarts, at: this.now() };
  }

  /**
   * After the claim, before the platform is called: undefined when Redis was neither reconnected
   * nor found restarted since `token`; else the time from which the attempt must search the
   * platform before publishing (it reconciles first). Costs no round trip unless the connection
   * dropped.
   */
  async since(token: RestartToken): Promise<Date | undefined> {
    if (!this.enabled) return undefined;
    if (this.checking || this.checkedEpoch !== this.epoch) await this.check();
    let since: Date | undefined;
    if (this.restarts > token.restarts) since = this.lossSince;
    // The connection dropped during the attempt: what it read may predate a restart that another
    // worker has already handled (so this process's own check finds nothing new).
    if (this.epoch !== token.epoch) since = earlier(since, token.at);
    return since;
  }

  /** Looks for a restart now (the worker does at start); runs once at a time. */
  check(): Promise<RestartReport> {
    this.checking ??= this.run().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async run(): Promise<RestartReport> {
    const epoch = this.epoch;
    // On a Redis Cluster: the master that owns the project's slot (a failover to a replica shows
    // as a restart too, rightly: a replica may lack the master's last writes).
    const node = await nodeForKey(this.redis, this.keys.redisRun);
    const info = parseInfo(await node.info('server'));
    const runId = info.run_id ?? '';
    const known = await this.redis.get(this.keys.redisRun);
    if (!this.enabled || known === runId || known === null) {
      // null: no worker ever checked on this prefix, so none ever claimed a post here. The key is
      // written before the first claim, and that claim's WAITAOF makes it durable with it.
      if (known === null) await this.redis.set(this.keys.redisRun, runId);
      this.checkedEpoch = epoch;
      return { runId, restarted: false, marked: [] };
    }
    const restartedAtMs = serverNowMs(info) - (Number(info.uptime_in_seconds ?? 0) + 1) * 1000;
    const lossSince = (await this.newestEntryBefore(restartedAtMs)) ?? new Date(restartedAtMs);
    const marked = await this.markDuePosts(lossSince);
    // SET … GET: when another worker recorded this run id meanwhile, it has alerted already.
    const previous = await this.redis.set(this.keys.redisRun, runId, 'GET');
    this.lossSince = lossSince;
    this.restarts += 1;
    this.checkedEpoch = epoch;
    const report: RestartReport = { runId, restarted: true, lossSince, marked };
    const message = `Redis restarted (run id ${runId.slice(0, 8)}…, up since ${new Date(restartedAtMs).toISOString()}); writes after ${lossSince.toISOString()} may be lost. ${counted(marked.length, 'due post', 'due posts')} and every post in \`publishing\` are checked against their platform before they may be published.`;
    this.options.logger?.warn({ runId, lossSince: lossSince.toISOString(), marked: marked.length }, message);
    if (previous !== runId)
      await this.options.alerts
        ?.send({ kind: 'redis-restarted', message, at: this.now().toISOString() })
        .catch(() => undefined);
    return report;
  }

  /** The time of the newest log entry written before the restart (stream ids are Redis's clock). */
  private async newestEntryBefore(restartedAtMs: number): Promise<Date | undefined> {
    const [entry] = await this.redis.xrevrange(this.keys.logStream, String(restartedAtMs), '-', 'COUNT', 1);
    return entry ? new Date(Number(entry[0].split('-')[0])) : undefined;
  }

  /** Gives every due `scheduled` post the claim mark (kept if it has one): its next attempt reconciles. */
  private async markDuePosts(lossSince: Date): Promise<string[]> {
    const now = this.now().getTime();
    const due = (await this.publishingLog.query({ state: ['scheduled'] })).filter(
      (record) => Date.parse(record.plannedAt) <= now,
    );
    for (const record of due) await this.store.markClaimed(record.postId, lossSince);
    return due.map((record) => record.postId);
  }
}

function earlier(a: Date | undefined, b: Date): Date {
  return a && a.getTime() < b.getTime() ? a : b;
}

/** The server's clock from INFO (`server_time_usec`, Redis 7+), else this process's. */
function serverNowMs(info: Record<string, string>): number {
  const usec = Number(info.server_time_usec);
  return Number.isFinite(usec) && usec > 0 ? Math.floor(usec / 1000) : Date.now();
}
