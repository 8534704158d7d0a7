import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import type { RedisClient } from '../../src/redis/redis-client.ts';
import type { RedisKeys } from '../../src/redis/redis-keys.ts';

/**
 * Sessions of the review desk in Redis (`webSession` in the key map), so every process serving
 * the desk shares them and a restart logs nobody out. Each one expires with its cookie.
 */
export class RedisSessionStore implements SessionStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly ttlMs: number,
  ) {}

  key(sessionId: string): string {
    return this.keys.webSession(sessionId);
  }

  set(sessionId: string, session: Session, callback: (error?: unknown) => void): void {
    this.redis.set(this.key(sessionId), JSON.stringify(session), 'PX', this.ttlMs).then(
      () => callback(),
      (error) => callback(error),
    );
  }

  get(sessionId: string, callback: (error: unknown, session?: Session | null) => void): void {
    this.redis.get(this.key(sessionId)).then(
      (json) => callback(null, json ? (JSON.parse(json) as Session) : null),
      (error) => callback(error),
    );
  }

  destroy(sessionId: string, callback: (error?: unknown) => void): void {
    this.redis.del(this.key(sessionId)).then(
      () => callback(),
      (error) => callback(error),
    );
  }
}
