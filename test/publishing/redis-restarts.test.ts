import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app/create-app.ts';
import type { Alert } from '../../src/alerts/alert.ts';
import type { PlannedPost } from '../../src/posts/post.ts';
import { WorkerRuntime } from '../../worker/worker-runtime.ts';
import { captureLogger } from '../helpers/fleet.ts';
import { startPrivateRedisWorld } from '../helpers/private-redis.ts';
import { plannedPost, waitForState } from '../helpers/world.ts';

/**
 * Issue 12, "at worker start, reconcile the recent past": a post that went out under a claim the
 * Redis restart lost shows as a plain `scheduled` post. After a restart (a new run id), every due
 * post asks the platform before it may be published. The sandboxes accept repeats here, so a
 * second post would show as a second copy.
 */
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const { server, sandboxes, config, env, redis } = await startPrivateRedisWorld(cleanups, {
    acceptRepeats: true,
    label: 'rst',
  });
  // The app of a worker that ran before (it recorded the server's run id) and of the test.
  const app = createApp({
    config,
    redis,
    env,
    logger: pino({ level: 'silent' }),
    alerts: { send: async () => undefined },
  });
  cleanups.push(() => app.close());
  await app.restarts.check();
  const alerts: Alert[] = [];
  const { logger, lines } = captureLogger('info');
  const startWorker = async () => {
    const runtime = await WorkerRuntime.start({
      config,
      env,
      logger,
      redisUrl: server.url,
      port: null,
      workers: { lockDurationMs: 2000, stalledIntervalMs: 500 },
      app: { alerts: { send: async (a) => void alerts.push(a) }, leaseTtlMs: 1500 },
    });
    cleanups.push(() => runtime.stop());
    return runtime;
  };
  /** A post due now, already live on its platform from an attempt whose claim Redis lost. */
  const liveButUnclaimed = async (at = new Date()): Promise<PlannedPost> => {
    const post = plannedPost('linkedin-secon', { state: 'scheduled', at });
    await app.scheduler.schedule({ newsId: post.newsId, posts: [post], skipped: [] }, 'test');
    await app.adapterFor('linkedin-secon').publish({ postId: post.postId, text: post.rendered.text, images: [] });
    return post;
  };
  return { server, sandboxes, app, alerts, lines, startWorker, liveButUnclaimed };
}

describe('after a Redis restart, due posts reconcile before they may be published', () => {
  it('at worker start: the restart is found, the post is found live and recorded, not posted again', async () => {
    const s = await setup();
    const post = await s.liveButUnclaimed();
    await s.server.kill();
    await s.server.start();

    const runtime = await s.startWorker();
    await waitForState(runtime.app, post.postId, 'published');
    expect(s.sandboxes.linkedin.posts()).toHaveLength(1);
    expect(await runtime.app.publishingLog.get(post.postId)).toMatchObject({
      platformPostId: s.sandboxes.linkedin.posts()[0]!.id,
      note: 'found live on the platform after an interrupted attempt',
    });
    const said = s.lines.find((l) => /^Redis restarted/.test(l.msg));
    expect(said).toMatchObject({ level: 40, marked: 1 });
    expect(said!.msg).toMatch(/1 due post and every post in `publishing` are checked against their platform/);
    expect(s.alerts.filter((a) => a.kind === 'redis-restarted')).toHaveLength(1);
  });

  it('control: the same post without a restart is published again (what the restart check prevents)', async () => {
    const s = await setup();
    const post = await s.liveButUnclaimed();
    const runtime = await s.startWorker();
    await waitForState(runtime.app, post.postId, 'published');
    expect(s.sandboxes.linkedin.posts()).toHaveLength(2);
    expect(s.lines.find((l) => /^Redis restarted/.test(l.msg))).toBeUndefined();
  });

  it('under a running worker: the next attempt after the reconnect finds the restart and reconciles', async () => {
    const s = await setup();
    const runtime = await s.startWorker();
    const post = await s.liveButUnclaimed(new Date(Date.now() + 1500));
    await s.server.kill();
    await s.server.start();
    await waitForState(runtime.app, post.postId, 'published', 15_000);
    expect(s.sandboxes.linkedin.posts()).toHaveLength(1);
    expect((await runtime.app.publishingLog.get(post.postId))?.note).toBe(
      'found live on the platform after an interrupted attempt',
    );
    expect(s.alerts.filter((a) => a.kind === 'redis-restarted')).toHaveLength(1);
  });
});
