import { describe, expect, it } from 'vitest';
import { DEMO_KEY_PREFIX, runDemo } from '../../dev/demo/demo-runner.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { keyPattern, redisKeys } from '../../src/redis/redis-keys.ts';
import { runCli } from '../helpers/cli.ts';
import { deletePrefix, testRedis, testRedisUrl, uniquePrefix } from '../helpers/redis.ts';

describe('demo', () => {
  it('publishes every planned post of the sample news exactly once and logs it, under its own key prefix', async () => {
    // The configured prefix stands for the production log's: the demo must leave it untouched.
    const configured = uniquePrefix('demo-configured');
    const prefix = DEMO_KEY_PREFIX;
    const base = loadConfig('secon-bot.yaml');
    const config = { ...base, redis: { keyPrefix: configured } };
    const redis = testRedis();
    await deletePrefix(redis, prefix);
    const lines: string[] = [];
    const result = await runDemo({
      config,
      redisUrl: testRedisUrl(),
      stepSeconds: 1,
      timeoutMs: 60_000,
      out: (l) => lines.push(l),
    });

    expect(result.unsettled).toEqual([]);
    expect(result.posts.length).toBeGreaterThanOrEqual(30);
    expect(result.records).toHaveLength(result.posts.length);
    expect(result.records.filter((r) => r.state !== 'published' || !r.url)).toEqual([]);
    // Every platform got its share, and X posts in English only (the channel's language).
    const xPosts = result.records.filter((r) => r.platform === 'twitter');
    expect(xPosts.map((r) => r.kind).sort()).toEqual(['announcement', 'event-day', 'recap', 'reminder']);
    expect(new Set(result.records.map((r) => r.platform))).toEqual(new Set(['twitter', 'linkedin', 'facebook']));

    // The log in Redis holds the same rows `secon-bot history` reads, under the demo's prefix.
    try {
      expect(lines).toContain(
        `redis       ${testRedisUrl()}, key prefix "secon-demo" (the demo's own, not redis.keyPrefix "${configured}")`,
      );
      expect(await redis.keys(keyPattern(configured))).toEqual([]);
      const log = new RedisPublishingLog(redis, redisKeys(prefix));
      const logged = await log.query({ platform: ['twitter'] });
      expect(logged.map((r) => r.url).sort()).toEqual(xPosts.map((r) => r.url).sort());
      const timeline = await log.timeline(xPosts[0]!.postId);
      expect(timeline.map((e) => e.state)).toEqual(['scheduled', 'publishing', 'published']);
    } finally {
      await deletePrefix(redis, prefix);
      redis.disconnect();
    }
    expect(lines.join('\n')).toContain('history');
  });

  it('a second run on the same Redis publishes nothing again', async () => {
    const prefix = uniquePrefix('demo2');
    const config = loadConfig('secon-bot.yaml');
    const first = await runDemo({
      config,
      redisUrl: testRedisUrl(),
      keyPrefix: prefix,
      stepSeconds: 1,
      timeoutMs: 60_000,
      out: () => undefined,
    });
    const lines: string[] = [];
    const second = await runDemo({
      config,
      redisUrl: testRedisUrl(),
      keyPrefix: prefix,
      stepSeconds: 1,
      timeoutMs: 60_000,
      out: (l) => lines.push(l),
    });
    expect(second.records.map((r) => [r.postId, r.url])).toEqual(first.records.map((r) => [r.postId, r.url]));
    expect(lines.filter((l) => l.includes('not published again'))).toHaveLength(first.posts.length);
    const redis = testRedis();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('runs as `secon-bot demo` with a throwaway redis-server when REDIS_URL is not set', async () => {
    const result = await runCli(['demo', '--step', '1'], { env: { REDIS_URL: '' }, timeoutMs: 90_000 });
    expect(result.stderr).not.toMatch(/"level":(50|60)/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/throwaway redis-server at \S+, key prefix "secon-demo"/);
    expect(result.stdout).toMatch(/review desk http:\/\/127\.0\.0\.1:\d+\/ {3}user "demo", password "[\w-]+"/);
    expect(result.stdout).toMatch(/https:\/\/x\.com\/SeconProject_eu\/status\/\d+/);
    expect(result.stdout).toMatch(/\d+ published; on the sandboxes: X 4, LinkedIn 4, Facebook 29 posts/);
  }, 120_000);
});
