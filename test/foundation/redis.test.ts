import { describe, expect, it } from 'vitest';
import { freePort } from '../../dev/redis-server-process.ts';
import { connectRedis } from '../../src/redis/connect-redis.ts';
import { RedisUnavailableError } from '../../src/redis/redis-unavailable-error.ts';
import { runCli } from '../helpers/cli.ts';
import { testRedisUrl } from '../helpers/redis.ts';

describe('Redis connection', () => {
  it('connects to the private test server', async () => {
    const redis = await connectRedis(testRedisUrl());
    expect(await redis.ping()).toBe('PONG');
    redis.disconnect();
  });

  it('fails fast with a clear message when Redis cannot be reached', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await connectRedis(`redis://127.0.0.1:${port}`, 1000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as Error).message).toContain('REDIS_URL');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('hides the password of a Redis URL in the message', async () => {
    const port = await freePort();
    const error = (await connectRedis(`redis://:hunter2secret@127.0.0.1:${port}`, 500).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).not.toContain('hunter2secret');
  });

  it('never shows a password written as a query parameter, and scrubs it from all output', async () => {
    const { redisUrl, safeRedisUrl } = await import('../../src/redis/connect-redis.ts');
    const { scrubSecrets } = await import('../../src/config/secrets.ts');
    const url = 'redis://127.0.0.1:6380/0?password=qu3ry-secret-pw&db=0';
    expect(safeRedisUrl(url)).toBe('redis://127.0.0.1:6380/0?password=***&db=0');
    expect(redisUrl({ REDIS_URL: 'redis://:url-secret-pw@10.0.0.1:6379' })).toContain('url-secret-pw');
    expect(scrubSecrets('auth failed for url-secret-pw')).toBe('auth failed for [REDACTED]');
  });

  it('a command that needs Redis exits 1 when it is down', async () => {
    const port = await freePort();
    const result = await runCli(['history'], { env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot reach Redis');
    // The README's way to start one: a bare redis-server (Debian's 7.0, no AOF) would not do.
    expect(result.stderr).toContain('`valkey-server --appendonly yes --appendfsync always`: Redis ≥ 7.2 or Valkey');
    expect(result.stderr).not.toContain('`redis-server`');
  });

  it('refuses a REDIS_URL that is not a redis:// URL, naming it and what was expected (exit 2), instead of "cannot reach"', async () => {
    // ioredis reads "http://host:port" as a Unix socket path and fails with ENOENT: nothing points at the scheme.
    const result = await runCli(['history'], { env: { REDIS_URL: 'http://127.0.0.1:6379' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('REDIS_URL');
    expect(result.stderr).toContain('redis://');
    expect(result.stderr).not.toContain('cannot reach');
  });
});
