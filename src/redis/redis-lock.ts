import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-client.ts';

/** Deletes the lock only if we still hold it (a lock that expired may belong to someone else now). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Runs `fn` only if this process wins the lock `key` (SET NX PX); returns `{ ran: false }` when
 * another instance holds it. Used so that with several bot instances one feed poll or one cron
 * tick happens once, not once per instance. `ttlMs` bounds how long a crashed holder blocks others.
 */
export async function withLock<T>(
  redis: RedisClient,
  key: string,
  ttlMs: number,
  fn: () => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  const token = randomUUID();
  const acquired = await redis.set(key, token, 'PX', ttlMs, 'NX');
  if (acquired !== 'OK') return { ran: false };
  try {
    return { ran: true, value: await fn() };
  } finally {
    await redis.eval(RELEASE, 1, key, token);
  }
}

/**
 * Takes a lock for one tick of a periodic task and keeps it until it expires: the other instances
 * skip the same tick even if this one finishes quickly. `tick` identifies the tick (e.g. the minute).
 */
export async function claimTick(redis: RedisClient, key: string, tick: string, ttlMs: number): Promise<boolean> {
  return (await redis.set(`${key}:${tick}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
}
