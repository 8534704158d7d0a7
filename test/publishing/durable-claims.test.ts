import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createApp } from '../../app/create-app.ts';
import { findRedisServer, type RedisServerOptions, serverVersion } from '../../dev/redis-server-process.ts';
import { UndurableClaimsError } from '../../src/publishing/undurable-claims-error.ts';
import { WorkerRuntime } from '../../worker/worker-runtime.ts';
import { runCli } from '../helpers/cli.ts';
import { captureLogger } from '../helpers/fleet.ts';
import { startPrivateRedisWorld } from '../helpers/private-redis.ts';
import { plannedPost, waitForState } from '../helpers/world.ts';

/**
 * Issue 12: the worker never publishes on a Redis that cannot confirm a claim is on disk, unless
 * a person accepted the risk with --allow-undurable-claims; and says so.
 */
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Debian bookworm's redis-server is 7.0: no WAITAOF. */
const oldRedis = findRedisServer('redis-server') && /^7\.[01]\./.test(serverVersion('redis-server') ?? '');

async function setup(server: RedisServerOptions) {
  const world = await startPrivateRedisWorld(cleanups, { server, label: 'dur' });
  return { ...world, redisServer: world.server };
}

async function start(s: Awaited<ReturnType<typeof setup>>, allowUndurableClaims?: boolean) {
  const { logger, lines } = captureLogger('info');
  const runtime = WorkerRuntime.start({
    config: s.config,
    redisUrl: s.redisServer.url,
    env: s.env,
    logger,
    port: null,
    allowUndurableClaims,
    app: { alerts: { send: async () => undefined } },
  });
  runtime.then((r) => cleanups.push(() => r.stop())).catch(() => undefined);
  return { runtime, lines };
}

const plan = (post: ReturnType<typeof plannedPost>) => ({ newsId: post.newsId, posts: [post], skipped: [] });

describe('the worker and the Redis it runs on', () => {
  it('on the supported server (Valkey or Redis 7.2+, appendonly yes) it starts and says claims are durable', async () => {
    const s = await setup({ appendOnly: true });
    const { runtime, lines } = await start(s);
    const worker = await runtime;
    const said = lines.find((l) => /publish claims are durable/.test(l.msg));
    expect(said).toMatchObject({ level: 30, durableClaims: true, appendonly: true, appendfsync: 'everysec' });
    // Valkey under everysec answers WAITAOF before the fsync: the worker says what that leaves open.
    expect(said).toMatchObject({ survivesPowerCut: false });
    const risk = lines.find((l) => l.level === 40 && l.survivesPowerCut === false);
    expect(risk).toMatchObject({ appendfsync: 'everysec' });
    expect(risk!.msg).toMatch(
      /^Valkey \d+\.\d+\.\d+ with appendfsync everysec confirms a WAITAOF .*before it is fsynced/,
    );
    expect(risk!.msg).toContain('For power cuts too: set `appendfsync always`');
    const post = plannedPost('x-secon');
    await worker.app.scheduler.schedule(plan(post), 'test');
    await waitForState(worker.app, post.postId, 'published');
    expect(s.sandboxes.twitter.posts()).toHaveLength(1);
  });

  it.skipIf(!oldRedis)(
    'on redis-server 7.0 it refuses to start, naming the reason, the risk and the flag; allowed, it starts with a WARNING',
    async () => {
      const s = await setup({ binary: 'redis-server', appendOnly: true });
      const refused = await (await start(s)).runtime.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(UndurableClaimsError);
      const message = (refused as Error).message;
      expect(message).toMatch(/^Redis 7\.[01]\.\d+ at redis:\/\/127\.0\.0\.1:\d+ cannot make a publish claim durable/);
      expect(message).toContain('has no WAITAOF (it needs Redis 7.2 or later, or Valkey)');
      expect(message).toContain('may be published a second time');
      expect(message).toContain('apt-get install -t bookworm-backports valkey-server');
      expect(message).toContain('--allow-undurable-claims');

      const { runtime, lines } = await start(s, true);
      const worker = await runtime;
      const warning = lines.find((l) => /publish claims are NOT durable/.test(l.msg));
      expect(warning).toMatchObject({ level: 40, durableClaims: false });
      expect(warning!.msg).toMatch(/^WARNING: /);
      const post = plannedPost('facebook-secon');
      await worker.app.scheduler.schedule(plan(post), 'test');
      await waitForState(worker.app, post.postId, 'published');
      expect(s.sandboxes.facebook.posts()).toHaveLength(1);
    },
  );

  it('with appendonly off it refuses to start as well', async () => {
    const s = await setup({ appendOnly: false });
    const refused = await (await start(s)).runtime.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(UndurableClaimsError);
    expect((refused as Error).message).toContain('appendonly is off');
  });

  it.skipIf(!oldRedis)(
    'without the worker (an app on its own), a claim Redis cannot confirm is never followed by a platform call',
    async () => {
      const s = await setup({ binary: 'redis-server', appendOnly: true });
      const app = createApp({
        config: s.config,
        redis: s.redis,
        env: s.env,
        logger: pino({ level: 'silent' }),
        alerts: { send: async () => undefined },
      });
      cleanups.push(() => app.close());
      const post = plannedPost('linkedin-secon');
      await app.scheduler.schedule(plan({ ...post, state: 'scheduled' }), 'test');
      const outcome = await app.publisher.publish(post.postId, 1);
      expect(outcome).toMatchObject({ kind: 'wait' });
      expect(s.sandboxes.linkedin.posts()).toHaveLength(0);
      expect(await app.publishingLog.get(post.postId)).toMatchObject({ state: 'scheduled' });
      expect((await app.publishingLog.get(post.postId))?.note).toMatch(/--allow-undurable-claims/);
    },
  );

  it.skipIf(!oldRedis)(
    'the CLI: `worker --help` explains the flag and its risk; `worker` on redis-server 7.0 exits 1 with the refusal',
    async () => {
      const s = await setup({ binary: 'redis-server', appendOnly: true });
      const help = await runCli(['worker', '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout.replace(/\s+/g, ' ')).toMatch(/--allow-undurable-claims start even on a Redis that cannot/);
      expect(help.stdout.replace(/\s+/g, ' ')).toContain('may be published a second time');
      const file = join(mkdtempSync(join(tmpdir(), 'secon-dur-')), 'secon-bot.yaml');
      writeFileSync(file, stringify(s.config));
      const run = await runCli(['--config', file, 'worker', '--port', '0'], {
        env: { ...s.env, REDIS_URL: s.redisServer.url },
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/secon-bot: Redis 7\.[01]\.\d+ at .* cannot make a publish claim durable/);
      expect(run.stderr).toContain('--allow-undurable-claims');
    },
    60_000,
  );
});
