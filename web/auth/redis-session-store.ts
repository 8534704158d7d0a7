import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import type { RedisClient } from '../../src/redis/redis-client.ts';
import type { RedisKeys } from '../../src/redis/redis-keys.ts';

/**
 * How long a session without a logged-in user lives (it holds only the login form's CSRF secret or a
 * flash). Every anonymous visit to the login page stores one: at the full session length anyone
 * could fill Redis with them, unauthenticated. A login form left open longer says "Form expired"
 * and works after a reload.
 */
export const ANONYMOUS_SESSION_MS = 10 * 60_000;

/**
 * Sessions of the review desk in Redis (`webSession` in the key map), so every process serving
 * the desk shares them and a restart logs nobody out. A logged-in one expires with its cookie
 * (`ttlMs`), an anonymous one after {@link ANONYMOUS_SESSION_MS}.
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
    const ttlMs = session.login ? this.ttlMs : Math.min(this.ttlMs, ANONYMOUS_SESSION_MS);
    this.redis.set(this.key(sessionId), JSON.stringify(session), 'PX', ttlMs).then(
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

  /** Whether the session is still there: not logged out (destroyed) and not past its end (expired). */
  async isOpen(sessionId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(sessionId))) === 1;
  }

  destroy(sessionId: string, callback: (error?: unknown) => void): void {
    this.redis.del(this.key(sessionId)).then(
      () => callback(),
      (error) => callback(error),
    );
  }
}
