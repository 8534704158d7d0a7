import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../app/create-app.ts';
import { RedisServerProcess } from '../../dev/redis-server-process.ts';
import { sandboxConfig, sandboxEnv, startSandboxes } from '../../sandbox/index.ts';
import type { Alert } from '../../src/alerts/alert.ts';
import type { Config } from '../../src/config/config-schema.ts';
import { parseConfig } from '../../src/config/load-config.ts';
import type { PlannedPost } from '../../src/posts/post.ts';
import { DurableClaim, waitAofUnsupported } from '../../src/publishing/durable-claim.ts';
import { CHANNEL_DISABLED_NOTE, PAUSED_NOTE } from '../../src/publishing/publisher.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { worldConfigYaml } from '../helpers/config.ts';
import { uniquePrefix } from '../helpers/redis.ts';
import { plannedPost, startWorld, states, type World, waitForState } from '../helpers/world.ts';

let world: World | undefined;
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await world?.stop();
  world = undefined;
});

const plan = (...posts: PlannedPost[]) => ({ newsId: posts[0]!.newsId, posts, skipped: [] });

/** A logger that keeps every line (JSON objects). */
function captureLogger(level = 'info') {
  const lines: Array<{ level: number; msg: string; [key: string]: unknown }> = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** A second app on the world's Redis and sandboxes, with its own config, env and logger. */
function appWith(
  w: World,
  config: Config,
  env: Record<string, string | undefined>,
  alerts: Alert[],
  logger = pino({ level: 'silent' }),
): App {
  const app = createApp({
    config,
    redis: w.redis,
    env,
    logger,
    alerts: { send: async (a) => void alerts.push(a) },
    publisher: { pausedRecheckMs: 300 },
  });
  cleanups.push(() => app.close());
  return app;
}

describe('B8: errors before the claim', () => {
  it('a missing credential variable pauses the channel with the reason, alerts, and the post waits', async () => {
    world = await startWorld({ worker: false });
    const alerts: Alert[] = [];
    const app = appWith(world, world.config, { ...world.env, W_FACEBOOK_TOKEN: undefined }, alerts);
    const post = plannedPost('facebook-secon');
    await app.scheduler.schedule(plan(post), 'test');
    const outcome = await app.publisher.publish(post.postId, 1);
    expect(outcome.kind).toBe('wait');
    const pause = await app.channels.get('facebook-secon');
    expect(pause?.reason).toMatch(/W_FACEBOOK_TOKEN not set/);
    expect(alerts.find((a) => a.kind === 'channel-paused')?.message).toMatch(
      /Channel facebook-secon paused: .*W_FACEBOOK_TOKEN.*secon-bot resume facebook-secon/,
    );
    const record = await app.publishingLog.get(post.postId);
    expect(record).toMatchObject({ state: 'scheduled', note: PAUSED_NOTE });
    expect(record?.errorMessage).toMatch(/W_FACEBOOK_TOKEN/);
    // The next attempt sees the pause and waits, without a new entry; nothing was sent.
    expect((await app.publisher.publish(post.postId, 1)).kind).toBe('wait');
    expect(await states(app, post.postId)).toEqual(['scheduled', 'scheduled']);
    expect(world.sandboxes.facebook.posts()).toHaveLength(0);
    // Fixed and resumed: the world's app (credentials set) publishes it.
    await world.app.postActions.resume('facebook-secon', 'test');
    expect(await world.app.publisher.publish(post.postId, 1)).toMatchObject({ kind: 'done', state: 'published' });
  });

  it('a post of a disabled channel waits with a note (written once), and is not published', async () => {
    world = await startWorld({ worker: false });
    const config: Config = {
      ...world.config,
      channels: world.config.channels.map((c) => (c.id === 'facebook-secon' ? { ...c, enabled: false } : c)),
    };
    const app = appWith(world, config, world.env, []);
    const post = plannedPost('facebook-secon');
    await app.scheduler.schedule(plan(post), 'test');
    expect((await app.publisher.publish(post.postId, 1)).kind).toBe('wait');
    expect((await app.publisher.publish(post.postId, 1)).kind).toBe('wait');
    expect(await app.publishingLog.get(post.postId)).toMatchObject({ state: 'scheduled', note: CHANNEL_DISABLED_NOTE });
    expect(await states(app, post.postId)).toEqual(['scheduled', 'scheduled']);
    expect(world.sandboxes.facebook.posts()).toHaveLength(0);
  });

  it('failed publish attempts are logged at warn, with when the retry comes', async () => {
    const { logger, lines } = captureLogger('info');
    world = await startWorld({ runtime: { logger } });
    world.sandboxes.twitter.failNext(
      1,
      { status: 500, body: { title: 'Internal Error', status: 500 } },
      { method: 'POST', path: '/2/tweets' },
    );
    const post = plannedPost('x-secon');
    await world.app.scheduler.schedule(plan(post), 'test');
    await waitForState(world.app, post.postId, 'published');
    const failed = lines.filter((l) => l.msg === 'publish attempt failed; retrying');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 40, postId: post.postId, platform: 'twitter', attempt: 1 });
    expect(Date.parse(String(failed[0]!.retryAt))).toBeGreaterThan(new Date(failed[0]!.time as number).getTime());
  });
});

describe('A4: the claim is made durable before the platform is called', () => {
  it('WAITAOF errors that mean "cannot confirm" are told apart from real failures', () => {
    expect(waitAofUnsupported("ERR unknown command 'WAITAOF', with args beginning with: '1' '0' '2000' ")).toBe(true);
    expect(waitAofUnsupported('ERR WAITAOF cannot be used when numlocal is set but appendonly is disabled.')).toBe(
      true,
    );
    expect(waitAofUnsupported("READONLY You can't write against a read only replica.")).toBe(false);
    expect(waitAofUnsupported('Connection is closed.')).toBe(false);
  });

  it('against a private server with appendonly yes (Valkey, or Redis 7.2+): publishes, each claim waited for', async () => {
    const server = new RedisServerProcess({ appendOnly: true });
    await server.start();
    cleanups.push(() => server.stop());
    const sandboxes = await startSandboxes();
    cleanups.push(() => sandboxes.stop());
    const prefix = uniquePrefix('aof');
    const config = sandboxConfig(parseConfig(worldConfigYaml(prefix), 'aof.yaml'), sandboxes.urls);
    const redis = new Redis(server.url, { maxRetriesPerRequest: null });
    cleanups.push(() => redis.quit());
    const { logger, lines } = captureLogger('info');
    const app = createApp({ config, redis, env: sandboxEnv(config), logger, alerts: { send: async () => undefined } });
    cleanups.push(() => app.close());

    const posts = [plannedPost('x-secon'), plannedPost('facebook-secon')];
    for (const post of posts) await app.scheduler.schedule(plan(post), 'test');
    for (const post of posts)
      expect(await app.publisher.publish(post.postId, 1)).toMatchObject({ kind: 'done', state: 'published' });
    expect(sandboxes.twitter.posts()).toHaveLength(1);
    expect(sandboxes.facebook.posts()).toHaveLength(1);
    // Each claim was one round of INCR + WAITAOF (the counter counts them), and nothing was skipped.
    expect(Number(await redis.get(redisKeys(prefix).durableClaim))).toBeGreaterThanOrEqual(2);
    expect(lines.filter((l) => /WAITAOF/.test(l.msg))).toEqual([]);
    const probe = new DurableClaim(redis, redisKeys(prefix));
    expect(await probe.sync(2000)).toBe('durable');
    expect(await probe.probe(2000)).toEqual({ durable: true });
    probe.close();
    const off = new DurableClaim(redis, redisKeys(prefix), { enabled: false });
    expect(await off.sync(2000)).toBe('skipped');
    expect(off.skipReason).toMatch(/durableClaim is off/);
  });

  it('a round that waits while Redis is away queues no wake-up reads on the way', async () => {
    // A port nothing listens on: the client keeps reconnecting, its commands wait in its offline queue.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const redis = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: null, retryStrategy: () => 20 });
    redis.on('error', () => undefined);
    const claim = new DurableClaim(redis, redisKeys(uniquePrefix('wake')));
    // Never answered: closing a client between two reconnects leaves its queued commands unsettled.
    void claim.sync(1000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 150));
    expect((redis as unknown as { offlineQueue: { length: number } }).offlineQueue.length).toBe(0);
    claim.close();
    redis.disconnect();
  });
});
