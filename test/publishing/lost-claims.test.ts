import { statSync, truncateSync } from 'node:fs';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, type CreateAppOptions, createApp } from '../../app/create-app.ts';
import type { RedisServerProcess } from '../../dev/redis-server-process.ts';
import type { SandboxSet } from '../../sandbox/index.ts';
import type { Alert } from '../../src/alerts/alert.ts';
import type { PlannedPost } from '../../src/posts/post.ts';
import { nextEntry } from '../../src/publishing/log-entries.ts';
import { startPrivateRedisWorld } from '../helpers/private-redis.ts';
import { plannedPost } from '../helpers/world.ts';

/**
 * Issue 12, "never act on a lost claim by publishing": Redis loses writes under a publish attempt
 * (simulated faithfully: the server is SIGKILLed, its append-only file cut back to an earlier
 * size, and started again, so every key is as it was then). The sandboxes accept repeats here,
 * as LinkedIn may: a second post would show as a second copy instead of being refused.
 */
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Bench {
  server: RedisServerProcess;
  sandboxes: SandboxSet;
  redis: Redis;
  app: App;
  alerts: Alert[];
  /** The append-only file's size now: cut back to it later, Redis forgets everything after. */
  mark(): Promise<number>;
  /** SIGKILL Redis, cut its append-only file back to `size`, start it again. */
  loseWritesAfter(size: number): Promise<void>;
}

async function bench(publisher: CreateAppOptions['publisher'] = {}): Promise<Bench> {
  const { server, sandboxes, config, env, redis } = await startPrivateRedisWorld(cleanups, {
    acceptRepeats: true,
    label: 'lost',
  });
  const alerts: Alert[] = [];
  const app = createApp({
    config,
    redis,
    env,
    logger: pino({ level: 'silent' }),
    alerts: { send: async (a) => void alerts.push(a) },
    publisher,
  });
  cleanups.push(() => app.close());
  const aof = () => server.aofIncrFile()!;
  return {
    server,
    sandboxes,
    redis,
    app,
    alerts,
    mark: async () => {
      // Under load Redis may write its append-only file a little after it answered: wait until
      // everything this connection wrote is in the file (and on disk) before taking its size.
      await redis.call('WAITAOF', '1', '0', '2000');
      return statSync(aof()).size;
    },
    loseWritesAfter: async (size) => {
      await server.kill();
      truncateSync(aof(), size);
      await server.start();
    },
  };
}

const plan = (...posts: PlannedPost[]) => ({ newsId: posts[0]!.newsId, posts, skipped: [] });
const creates = (b: Bench) =>
  b.sandboxes.linkedin.requests().filter((r) => r.method === 'POST' && r.path === '/rest/posts');

describe('a claim lost under a publish that went out', () => {
  it('the platform answered, the post went back to `scheduled` underneath: `published` with the id, one alert, no second call', async () => {
    let before = 0;
    let loseWrites: (() => Promise<void>) | undefined;
    const b = await bench({ afterPlatformAnswer: () => loseWrites?.() });
    loseWrites = () => b.loseWritesAfter(before);
    const post = plannedPost('linkedin-secon', { state: 'scheduled' });
    await b.app.scheduler.schedule(plan(post), 'test');
    before = await b.mark();

    const outcome = await b.app.publisher.publish(post.postId, 1);
    loseWrites = undefined;
    expect(outcome).toMatchObject({ kind: 'done', state: 'published' });
    const live = b.sandboxes.linkedin.posts();
    expect(live).toHaveLength(1);
    const record = await b.app.publishingLog.get(post.postId);
    expect(record).toMatchObject({ state: 'published', platformPostId: live[0]!.id, url: live[0]!.url });
    expect(record?.note).toMatch(/Redis no longer held the claim \(the log showed it `scheduled`/);
    expect(b.alerts.filter((a) => a.kind === 'claim-lost')).toHaveLength(1);
    expect(b.alerts.find((a) => a.kind === 'claim-lost')).toMatchObject({
      postId: post.postId,
      channel: 'linkedin-secon',
    });
    // The job still pending for the post (the lost writes took its completion too) finds it published.
    expect(await b.app.publisher.publish(post.postId, 2)).toMatchObject({ kind: 'done', state: 'published' });
    expect(creates(b)).toHaveLength(1);
    expect(b.sandboxes.linkedin.posts()).toHaveLength(1);
    // The history tells what happened: scheduled, then published (the claim entry is gone with the lost writes).
    expect((await b.app.publishingLog.timeline(post.postId)).map((e) => e.state)).toEqual(['scheduled', 'published']);
  });

  it('the record vanished altogether: it is written again as `published`, and nothing goes out twice', async () => {
    let before = 0;
    let loseWrites: (() => Promise<void>) | undefined;
    const b = await bench({ afterPlatformAnswer: () => loseWrites?.() });
    loseWrites = () => b.loseWritesAfter(before);
    const post = plannedPost('facebook-secon', { state: 'scheduled' });
    // The cut goes back to before the post was planned: its record and payload go together.
    before = await b.mark();
    await b.app.scheduler.schedule(plan(post), 'test');

    expect(await b.app.publisher.publish(post.postId, 1)).toMatchObject({ kind: 'done', state: 'published' });
    loseWrites = undefined;
    const record = await b.app.publishingLog.get(post.postId);
    expect(record).toMatchObject({ state: 'published', platformPostId: b.sandboxes.facebook.posts()[0]!.id });
    expect(record?.note).toMatch(/its log record was gone/);
    expect(b.alerts.map((a) => a.kind)).toEqual(['claim-lost']);
    // The payload came back with the record (the attempt had it in hand).
    expect((await b.app.store.get(post.postId))?.post).toEqual(post);
    expect(await b.app.publisher.publish(post.postId, 2)).toMatchObject({ kind: 'done', state: 'published' });
    expect(b.sandboxes.facebook.posts()).toHaveLength(1);
  });
});

describe('any later attempt on a post whose log ever held a claim reconciles first', () => {
  it.each([
    ['the history shows a claim', false],
    ['retention trimmed every entry of that claim, the record keeps it', true],
  ])('the claim mark is gone from the post store, %s: found live, not posted again', async (_, trimmed) => {
    const b = await bench();
    b.sandboxes.linkedin.cutNext(1, { method: 'POST', path: '/rest/posts' });
    const post = plannedPost('linkedin-secon', { state: 'scheduled' });
    await b.app.scheduler.schedule(plan(post), 'test');
    // The cut lands after LinkedIn stored the post: outcome unknown, the post stays `publishing`.
    expect(await b.app.publisher.publish(post.postId, 1)).toMatchObject({ kind: 'retry' });
    expect(b.sandboxes.linkedin.posts()).toHaveLength(1);
    // Settled by hand as unconfirmed, then retried by a person (attempt back to 0)...
    const record = (await b.app.publishingLog.get(post.postId))!;
    await b.app.publishingLog.transition(nextEntry(record, 'unconfirmed', new Date()), ['publishing']);
    await b.app.postActions.retry(post.postId, 'test');
    // ...and the claim mark lost with the post store's last writes.
    await b.redis.hdel(b.app.keys.post(post.postId), 'claimedAt');
    expect((await b.app.store.get(post.postId))?.claimedAt).toBeUndefined();
    expect(await b.app.publishingLog.get(post.postId)).toMatchObject({ state: 'scheduled', attempt: 0 });
    if (trimmed) {
      // `history trim` far ahead: the stream is empty, the records stay.
      await b.redis.xtrim(b.app.keys.logStream, 'MINID', `${Date.now() + 1}-0`);
      expect(await b.app.publishingLog.timeline(post.postId)).toEqual([]);
    }

    expect(await b.app.publisher.publish(post.postId, 1)).toMatchObject({ kind: 'done', state: 'published' });
    expect(b.sandboxes.linkedin.posts()).toHaveLength(1);
    expect(creates(b)).toHaveLength(1);
    expect((await b.app.publishingLog.get(post.postId))?.note).toBe(
      'found live on the platform after an interrupted attempt',
    );
  });

  it('an X thread whose first two parts are live but unrecorded: both are found, only the third is sent', async () => {
    const b = await bench();
    const thread = [
      `1/3 SECON thread ${Date.now()}`,
      `2/3 Partners compare notes ${Date.now()}`,
      `3/3 More soon ${Date.now()}`,
    ];
    const post = plannedPost('x-secon', { thread, state: 'scheduled' });
    await b.app.scheduler.schedule(plan(post), 'test');
    // An earlier attempt posted parts 1 and 2; their records (and the claim) were lost, all but the mark.
    const adapter = b.app.adapterFor('x-secon');
    const first = await adapter.publish({
      postId: post.postId,
      text: thread[0]!,
      thread: thread.slice(0, 2),
      images: [],
    });
    expect(first.parts).toHaveLength(2);
    await b.app.store.markClaimed(post.postId, new Date(Date.now() - 1000));

    expect(await b.app.publisher.publish(post.postId, 1)).toMatchObject({ kind: 'done', state: 'published' });
    const texts = b.sandboxes.twitter.posts().map((p) => p.text);
    expect(texts).toEqual(thread);
    expect((await b.app.store.get(post.postId))?.postedParts).toEqual([...first.parts!, expect.any(String)]);
  });
});
