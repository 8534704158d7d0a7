import type { StoredLogEntry } from '../../src/log/log-entry.ts';
import type { Logger } from '../../src/logger.ts';
import type { RedisClient } from '../../src/redis/redis-client.ts';

/** Options of {@link LogTail}. */
export interface LogTailOptions {
  /** How long one XREAD waits before asking again (the loop's heartbeat). Default 5 s. */
  blockMs?: number;
  logger?: Logger;
  /**
   * Makes whole entries of what XREAD returned (the stream keeps texts apart: see
   * src/log/stream-entries.ts), on another connection than the blocked one.
   */
  resolve: (raw: Array<[string, string[]]>) => Promise<StoredLogEntry[]>;
}

type Listener = (entry: StoredLogEntry) => void;

/** How long stop() waits for the read in flight to end (see stop). */
const STOP_WAIT_MS = 1000;

/**
 * Follows the publishing log's stream (XREAD BLOCK on a connection of its own, since a blocked
 * connection can do nothing else) and hands every new entry to the listeners: the review desk's
 * live pages. One per server process, however many pages are open; it reads only while someone
 * listens, starting from the newest entry.
 */
export class LogTail {
  private readonly listeners = new Set<Listener>();
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly blockMs: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly streamKey: string,
    private readonly options: LogTailOptions,
  ) {
    this.blockMs = options.blockMs ?? 5000;
  }

  /** Calls `listener` with every new entry until the returned function is called. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (!this.running && !this.stopped) this.running = this.loop().finally(() => (this.running = undefined));
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }

  private async loop(): Promise<void> {
    let last = '$';
    while (!this.stopped && this.listeners.size) {
      try {
        const reply = (await this.redis.xread(
          'COUNT',
          200,
          'BLOCK',
          this.blockMs,
          'STREAMS',
          this.streamKey,
          last,
        )) as Array<[string, Array<[string, string[]]>]> | null;
        for (const [, entries] of reply ?? []) {
          if (!entries.length) continue;
          last = entries[entries.length - 1]![0];
          for (const entry of await this.options.resolve(entries))
            for (const listener of this.listeners) listener(entry);
        }
      } catch (error) {
        if (this.stopped) return;
        this.options.logger?.warn(
          { err: (error as Error).message },
          'live updates: reading the log stream failed; retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  /** Ends the loop and closes its connection (interrupting a blocked read). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.listeners.clear();
    this.redis.disconnect();
    // With Redis gone, the read in flight is never answered: ioredis keeps it for a reconnect that
    // disconnect() has just called off. Waiting for it held the desk's close forever; the loop
    // has nothing else to let go of, so it is left behind after a moment.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)))]);
    clearTimeout(timer);
  }
}
