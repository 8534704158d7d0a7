import { Redis } from 'ioredis';
import { registerSecret } from '../config/secrets.ts';
import { withTimeout } from '../net/with-timeout.ts';
import { RedisUnavailableError } from './redis-unavailable-error.ts';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Where Redis is: `REDIS_URL` or the default local server. A password in it is scrubbed from all output. */
export function redisUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.REDIS_URL || DEFAULT_REDIS_URL;
  const password = redisPassword(url);
  if (password) registerSecret(password);
  return url;
}

/** The password of a Redis URL (`redis://user:pw@host` or `?password=pw`), if any. */
export function redisPassword(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return decodeURIComponent(parsed.password) || parsed.searchParams.get('password') || undefined;
  } catch {
    return undefined;
  }
}

/** Hides a password in a Redis URL before it is shown to anyone. */
export function safeRedisUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@').replace(/([?&]password=)[^&]*/i, '$1***');
}

/**
 * Connects and checks with PING, failing fast (default 3 s) with a message that says where it
 * tried, instead of ioredis's endless reconnect loop. The returned client suits BullMQ
 * (`maxRetriesPerRequest: null`) and keeps reconnecting after a successful start.
 */
export async function connectRedis(url = redisUrl(), timeoutMs = 3000): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    connectTimeout: timeoutMs,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let lastError: Error | undefined;
  client.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await withTimeout(
      client.connect().then(() => client.ping()),
      timeoutMs,
    );
    return client;
  } catch (error) {
    client.disconnect();
    const reason = (lastError ?? (error as Error)).message;
    throw new RedisUnavailableError(
      `cannot reach Redis at ${safeRedisUrl(url)} (${reason}). Start one (\`docker compose up -d redis\` or \`redis-server\`) or set REDIS_URL.`,
    );
  }
}
