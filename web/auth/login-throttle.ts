import type { RedisClient } from '../../src/redis/redis-client.ts';
import type { RedisKeys } from '../../src/redis/redis-keys.ts';

/** Options of {@link LoginThrottle}. */
export interface LoginThrottleOptions {
  /** Wrong passwords for one user name before it is refused. Default 5. */
  maxFailures?: number;
  /**
   * Wrong passwords from one client address (any names) before it is refused. Default four times
   * `maxFailures`: an office behind one address is not locked out by one person's typos, while
   * trying many names from one place still stops soon.
   */
  maxAddressFailures?: number;
  /** How long the count lives, and so how long login stays refused. Default 15 minutes. */
  windowMs?: number;
}

/** Whether a login may be tried now, and if not for how long it is refused. */
export interface ThrottleState {
  throttled: boolean;
  retryAfterSeconds: number;
}

/**
 * Counts wrong passwords per user name and per client address in Redis, so the limit holds across
 * every process serving the desk and across restarts. Once either count reaches its limit, every
 * login for that name or from that address is refused — a right password too, or guessing would
 * go on — until the window (counted from the first failure) runs out. A successful login clears
 * the name's count.
 */
export class LoginThrottle {
  private readonly maxFailures: number;
  private readonly maxAddressFailures: number;
  private readonly windowMs: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly redisKeys: RedisKeys,
    options: LoginThrottleOptions = {},
  ) {
    this.maxFailures = options.maxFailures ?? 5;
    this.maxAddressFailures = options.maxAddressFailures ?? this.maxFailures * 4;
    this.windowMs = options.windowMs ?? 15 * 60_000;
  }

  private keys(user: string, address: string): [string, string] {
    return [
      this.redisKeys.webLoginFailures('user', user.toLowerCase()),
      this.redisKeys.webLoginFailures('ip', address),
    ];
  }

  async check(user: string, address: string): Promise<ThrottleState> {
    const keys = this.keys(user, address);
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.get(key).pttl(key);
    const replies = ((await pipeline.exec()) ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    });
    let waitMs = 0;
    const limits = [this.maxFailures, this.maxAddressFailures];
    for (let i = 0; i < keys.length; i++) {
      const count = Number(replies[i * 2] ?? 0);
      const ttl = Number(replies[i * 2 + 1]);
      if (count >= limits[i]!) waitMs = Math.max(waitMs, ttl > 0 ? ttl : this.windowMs);
    }
    return { throttled: waitMs > 0, retryAfterSeconds: Math.ceil(waitMs / 1000) };
  }

  /** Counts one wrong password for the name and the address. */
  async failed(user: string, address: string): Promise<void> {
    const pipeline = this.redis.pipeline();
    // NX: the window runs from the first failure, so repeated tries do not extend it forever.
    for (const key of this.keys(user, address)) pipeline.incr(key).pexpire(key, this.windowMs, 'NX');
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
  }

  /** A right password: the name's count starts again (the address's stays, against spraying many names). */
  async succeeded(user: string, address: string): Promise<void> {
    await this.redis.del(this.keys(user, address)[0]);
  }
}
