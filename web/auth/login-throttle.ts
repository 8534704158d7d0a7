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
 * One login attempt, atomically: when a count (KEYS[i], limit ARGV[i]) is at its limit, the longest
 * time left (ms) and nothing counted; else both counts go up (ARGV[3] the window, from the first)
 * and 0. Checking and counting in one step is what holds the limit when guesses arrive all at once.
 */
const ATTEMPT_LUA = `
local wait = 0
for i = 1, 2 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[i]) then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then ttl = tonumber(ARGV[3]) end
    if ttl > wait then wait = ttl end
  end
end
if wait > 0 then return wait end
for i = 1, 2 do
  redis.call('INCR', KEYS[i])
  redis.call('PEXPIRE', KEYS[i], ARGV[3], 'NX')
end
return 0`;

/** A right password: the name's count starts again; the address's attempt is taken back. */
const SUCCEEDED_LUA = `
redis.call('DEL', KEYS[1])
if redis.call('DECR', KEYS[2]) <= 0 then redis.call('DEL', KEYS[2]) end
return 0`;

/**
 * Counts wrong passwords per user name and per client address in Redis, so the limit holds across
 * every process serving the desk and across restarts. Once either count reaches its limit, every
 * login for that name or from that address is refused — a right password too, or guessing would
 * go on — until the window (counted from the first failure) runs out. Each attempt counts as wrong
 * from the moment it starts (the password check takes tens of milliseconds: guesses sent all at
 * once would otherwise all pass the limit together) until its password proves right.
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

  /**
   * Starts a login: refused while the name or the address is over its limit, else counted as a wrong
   * password until {@link succeeded} says otherwise.
   */
  async attempt(user: string, address: string): Promise<ThrottleState> {
    const waitMs = Number(
      await this.redis.eval(
        ATTEMPT_LUA,
        2,
        ...this.keys(user, address),
        this.maxFailures,
        this.maxAddressFailures,
        this.windowMs,
      ),
    );
    return { throttled: waitMs > 0, retryAfterSeconds: Math.ceil(waitMs / 1000) };
  }

  /** The password was right: the name's count starts again, and this attempt no longer counts for the address. */
  async succeeded(user: string, address: string): Promise<void> {
    await this.redis.eval(SUCCEEDED_LUA, 2, ...this.keys(user, address));
  }
}
