import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { X_DUPLICATE_DETAIL } from '../../sandbox/x-sandbox.ts';
import type { PlannedPost } from '../../src/posts/post.ts';
import { ClaimLeases } from '../../src/publishing/claim-leases.ts';
import { Publisher } from '../../src/publishing/publisher.ts';
import { Reconciler } from '../../src/publishing/reconciler.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { testRedisUrl } from '../helpers/redis.ts';
import { plannedPost, startWorld, type World, waitFor, waitForState } from '../helpers/world.ts';

let world: World | undefined;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await world?.stop();
  world = undefined;
});

const plan = (...posts: PlannedPost[]) => ({ newsId: posts[0]!.newsId, posts, skipped: [] });
const threadOf = (tag: string) => [
  `1/3 SECON thread ${tag}: what the partners learnt`,
  `2/3 Regions buy from social enterprises ${tag}`,
  `3/3 More on the project site ${tag}`,
];
const WORKSHOP_PNG = fileURLToPath(new URL('../fixtures/news/images/workshop.png', import.meta.url));

describe('A3: X threads answered duplicate or rejected on a later part', () => {
  it('a duplicate on part 2 ends unconfirmed naming the live part, never published, nothing re-sent', async () => {
    world = await startWorld();
    const tag = Math.random().toString(36).slice(2, 8);
    world.sandboxes.twitter.failNext(
      1,
      { status: 403, body: { title: 'Forbidden', detail: X_DUPLICATE_DETAIL, type: 'about:blank', status: 403 } },
      { method: 'POST', path: '/2/tweets', skip: 1 },
    );
    const post = plannedPost('x-secon', { thread: threadOf(tag) });
    await world.app.scheduler.schedule(plan(post), 'test');
    const record = await waitForState(world.app, post.postId, 'unconfirmed');
    const live = world.sandboxes.twitter.posts();
    expect(live.map((p) => p.text)).toEqual([threadOf(tag)[0]]);
    expect(record.errorKind).toBe('duplicate');
    expect(record.note).toContain(`thread parts 1–1 of 3 are live (ids ${live[0]!.id})`);
    expect(record.note).toMatch(/part 2 was reported as a duplicate/);
    expect((await world.app.store.get(post.postId))?.postedParts).toEqual([live[0]!.id]);
    // The job is finished with the post unconfirmed: nothing else will be sent for it.
    await waitFor(
      async () => (await world!.app.queue.jobState(post.postId, 'twitter')) === 'completed',
      5000,
      'the job',
    );
    expect(world.sandboxes.twitter.posts()).toHaveLength(1);
    expect(world.alerts.some((a) => a.kind === 'post-unconfirmed' && a.postId === post.postId)).toBe(true);
  });

  it('a rejection on part 3 ends failed with a note naming the two live parts', async () => {
    world = await startWorld();
    const tag = Math.random().toString(36).slice(2, 8);
    world.sandboxes.twitter.failNext(
      1,
      {
        status: 400,
        body: {
          title: 'Invalid Request',
          detail: 'One or more parameters to your request was invalid.',
          errors: [{ message: 'reply not allowed', parameters: { reply: ['x'] } }],
        },
      },
      { method: 'POST', path: '/2/tweets', skip: 2 },
    );
    const post = plannedPost('x-secon', { thread: threadOf(tag) });
    await world.app.scheduler.schedule(plan(post), 'test');
    const record = await waitForState(world.app, post.postId, 'failed');
    const ids = world.sandboxes.twitter.posts().map((p) => p.id);
    expect(ids).toHaveLength(2);
    expect(record.errorKind).toBe('rejected');
    expect(record.note).toContain(`thread parts 1–2 of 3 are live (ids ${ids.join(', ')})`);
    expect(record.note).toMatch(/part 3 was rejected/);
  });
});

/** A local image server whose first answer takes `delayMs` (a slow upload source). */
async function slowImageServer(delayMs: number): Promise<{ url: string; requested: () => number; server: Server }> {
  const png = readFileSync(WORKSHOP_PNG);
  let count = 0;
  const server = createServer((_req, res) => {
    count += 1;
    const wait = count === 1 ? delayMs : 0;
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) });
      res.end(png);
    }, wait);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/workshop.png`,
    requested: () => count,
    server,
  };
}

describe('A5: the lease outlives a slow platform call', () => {
  it('an attempt whose lease renewals fail mid-call keeps the post: a second attempt waits instead of posting again', async () => {
    world = await startWorld({
      worker: false,
      configExtra: 'ingest:\n  allowPrivateNetworks: true\n  timeoutMs: 5000\n',
    });
    const { app, config, prefix } = world;
    const image = await slowImageServer(2500);
    cleanups.push(() => new Promise<void>((resolve) => image.server.close(() => resolve())));
    const post = plannedPost('facebook-secon');
    post.rendered.images = [{ src: image.url, alt: 'Partners at the SECON workshop' }];
    await app.scheduler.schedule(plan(post), 'test');

    // Attempt A: its leases live on their own connection, which the test cuts while the call
    // waits for the image (Redis unreachable for A alone: no renewal can succeed).
    const leaseConnection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    leaseConnection.on('error', () => undefined);
    cleanups.push(() => leaseConnection.disconnect());
    const parts = {
      config,
      publishingLog: app.publishingLog,
      store: app.store,
      channels: app.channels,
      reconciler: new Reconciler(),
      adapterFor: app.adapterFor,
      alerts: app.alerts,
    };
    const a = new Publisher({
      ...parts,
      leases: new ClaimLeases(leaseConnection, redisKeys(prefix), { ttlMs: 1000 }),
      requestTimeoutMs: 3000,
      leaseMarginMs: 1000,
      workerId: 'worker:a',
    });
    const b = new Publisher({
      ...parts,
      leases: new ClaimLeases(world.redis, redisKeys(prefix), { ttlMs: 1000 }),
      requestTimeoutMs: 3000,
      leaseMarginMs: 1000,
      workerId: 'worker:b',
    });

    const first = a.publish(post.postId, 1);
    await waitFor(() => image.requested() > 0, 5000, 'attempt A to fetch the image');
    leaseConnection.disconnect();
    // A marker with the lease's own 1 s life, set as A's renewals stop: once Redis has expired it, a
    // lease that was only renewed would have lapsed too (Redis's clock, not the test's).
    const marker = `${redisKeys(prefix).lease(post.postId)}:marker`;
    await world.redis.set(marker, '1', 'PX', 1000);
    await waitFor(async () => (await world!.redis.exists(marker)) === 0, 5000, 'a 1 s lease to lapse');
    const second = await b.publish(post.postId, 2);
    expect(second.kind).toBe('wait');
    if (second.kind === 'wait') expect(second.until.getTime() - Date.now()).toBeGreaterThan(4000);

    expect(await first).toMatchObject({ kind: 'done', state: 'published' });
    expect(world.sandboxes.facebook.posts()).toHaveLength(1);
    expect(image.requested()).toBe(1);
  });
});
