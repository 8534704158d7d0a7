import { counted } from '../counted.ts';
import type { Logger } from '../logger.ts';

/** Error codes of a connection that cannot be made or was lost (Redis down, restarting, unreachable). */
export const CONNECTION_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** ioredis's and BullMQ's own words for a lost connection (no error code). */
const CONNECTION_MESSAGES = /Connection is closed|Stream isn't writeable|connect ETIMEDOUT|Socket closed unexpectedly/;

/** True when `error` says the connection to Redis is gone, not that Redis refused a command. */
export function isConnectionError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined && CONNECTION_ERROR_CODES.has(code)) || CONNECTION_MESSAGES.test(error.message);
}

/**
 * Keeps a Redis outage readable. Every connection (the worker's own, the queues', each BullMQ
 * worker's) reports each failed reconnect, several a second: ~550 lines with stack traces in
 * 80 s were seen. Here the first connection error of each source is logged with its cause; the
 * repeats are counted, and one line says when Redis answers again, after how long and how many
 * were left out. Errors that are not about the connection pass through untouched.
 */
export class RedisOutageLog {
  /** When the outage began (ms), undefined while Redis is reachable. */
  private since: number | undefined;
  /** Connection errors per source during this outage. */
  private readonly errors = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** An `error` listener for `source`: connection errors are handled here, the others go to `other`. */
  listener(source: string, other: (error: Error) => void): (error: Error) => void {
    return (error) => {
      if (!this.connectionError(source, error)) other(error);
    };
  }

  /** Logs the first connection error of `source` in this outage, counts the rest; false for any other error. */
  connectionError(source: string, error: Error): boolean {
    if (!isConnectionError(error)) return false;
    this.since ??= this.now();
    const count = (this.errors.get(source) ?? 0) + 1;
    this.errors.set(source, count);
    if (count === 1)
      this.logger.warn(
        { source, err: error.message },
        `${source}: Redis unreachable (${error.message}); reconnecting, repeats are counted until it is back`,
      );
    return true;
  }

  /** Redis answers again (a connection's `ready`): one line for the outage, if there was one. */
  reachable(): void {
    if (this.since === undefined) return;
    const seconds = Math.round((this.now() - this.since) / 1000);
    const total = [...this.errors.values()].reduce((a, b) => a + b, 0);
    const repeats = total - this.errors.size;
    this.logger.info(
      { downSeconds: seconds, repeats, errors: Object.fromEntries(this.errors) },
      `Redis reachable again after ${seconds} s (${counted(repeats, 'repeated connection error', 'repeated connection errors')} left out of the log)`,
    );
    this.since = undefined;
    this.errors.clear();
  }
}
