import { afterEach, describe, expect, it } from 'vitest';
import { jobIdFor } from '../../queues/publish-job-id.ts';
import { PUBLISH_QUEUE_NAMES, QUEUE_EVENTS_KEPT } from '../../queues/publish-queue.ts';
import { firstEntry, nextEntry } from '../../src/publishing/log-entries.ts';
import { queueKeyPattern, redisKeys } from '../../src/redis/redis-keys.ts';
import { plannedPost, startWorld, type World, waitForState } from '../helpers/world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe('publish queue and sweep', () => {
  it('enqueue moves a delayed job, replaces a finished one, and never makes a second job', async () => {
    world = await startWorld({ worker: false });
    const { queue } = world.app;
    await queue.enqueue('a.x-secon.en.news', 'twitter', new Date(Date.now() + 60_000));
    await queue.enqueue('a.x-secon.en.news', 'twitter', new Date(Date.now() + 120_000));
    const job = await queue.queue('twitter').getJob(jobIdFor('a.x-secon.en.news'));
    expect(await job?.getState()).toBe('delayed');
    expect(job!.delay).toBeGreaterThan(100_000);
    expect(await queue.queue('twitter').getJobCountByTypes('delayed', 'waiting')).toBe(1);
    await queue.remove('a.x-secon.en.news', 'twitter');
    expect(await queue.jobState('a.x-secon.en.news', 'twitter')).toBe('none');
    // Jobs live under the configured key prefix, in a queue per platform.
    expect((await world.redis.keys(queueKeyPattern(world.prefix, PUBLISH_QUEUE_NAMES.twitter))).length).toBeGreaterThan(
      0,
    );
  });

  it('keeps the queue event stream short (BullMQ keeps 10,000 events per queue by default)', async () => {
    world = await startWorld({ worker: false });
    const { queue } = world.app;
    const later = new Date(Date.now() + 3_600_000);
    const posts = Array.from({ length: QUEUE_EVENTS_KEPT + 500 }, (_, i) => `e${i}.x-secon.en.news`);
    for (let i = 0; i < posts.length; i += 100)
      await Promise.all(posts.slice(i, i + 100).map((postId) => queue.enqueue(postId, 'twitter', later)));
    expect(await queue.queue('twitter').getJobCountByTypes('delayed')).toBe(posts.length);
    const events = await world.redis.xlen(`${redisKeys(world.prefix).prefix}:${PUBLISH_QUEUE_NAMES.twitter}:events`);
    // XADD MAXLEN ~ trims whole stream nodes (100 entries each), so a few more than the limit may stay.
    expect(events).toBeGreaterThan(QUEUE_EVENTS_KEPT / 2);
    expect(events).toBeLessThanOrEqual(QUEUE_EVENTS_KEPT + 200);
  });

  it('the sweep queues a scheduled post that lost its job, and reconciles a publishing one whose worker died', async () => {
    world = await startWorld({ runtime: { sweepSchedule: '0 0 1 1 *' } });
    const { app } = world;
    // A post logged but never queued (crash between the log write and the queue add).
    const lost = plannedPost('x-secon');
    await app.publishingLog.transition(firstEntry(lost, 'scheduled', new Date()), [null], { payload: lost });
    // A post whose worker died after the platform stored it: `publishing`, no job, live on the platform.
    const orphan = plannedPost('facebook-secon');
    const created = await app.publishingLog.transition(firstEntry(orphan, 'scheduled', new Date()), [null], {
      payload: orphan,
    });
    await app.publishingLog.transition(nextEntry(created.record!, 'publishing', new Date(), { attempt: 1 }), [
      'scheduled',
    ]);
    await app.store.markClaimed(orphan.postId, new Date());
    await app.adapterFor('facebook-secon').publish({ postId: orphan.postId, text: orphan.rendered.text, images: [] });

    const report = await world.runtime!.sweep();
    expect(report.requeued.map((r) => r.postId).sort()).toEqual([lost.postId, orphan.postId].sort());
    await waitForState(app, lost.postId, 'published');
    const record = await waitForState(app, orphan.postId, 'published');
    expect(record.note).toMatch(/found live/);
    expect(world.sandboxes.facebook.posts()).toHaveLength(1);
    expect(world.sandboxes.twitter.posts()).toHaveLength(1);
    expect((await world.runtime!.sweep()).requeued).toEqual([]);
  });

  it('the sweep reads job states a batch at a time and requeues exactly the posts without a live job', async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const later = new Date(Date.now() + 3_600_000);
    // More posts than one batch (SWEEP_BATCH = 500), on all three queues.
    const channels = ['x-secon', 'linkedin-secon', 'facebook-secon'];
    const posts = Array.from({ length: 1_203 }, (_, i) => plannedPost(channels[i % 3]!, { at: later }));
    await app.scheduler.schedule({ newsId: 'sweep-batches', posts, skipped: [] }, 'test');
    // Three lose their job (one in each batch), on three platforms.
    const lost = [posts[7]!, posts[611]!, posts[1_202]!];
    for (const post of lost) await app.queue.remove(post.postId, post.platform);
    const report = await app.sweeper.sweep();
    expect(report.checked).toBe(posts.length);
    expect(report.requeued.map((r) => r.postId).sort()).toEqual(lost.map((p) => p.postId).sort());
    expect(report.requeued.map((r) => r.job)).toEqual(['none', 'none', 'none']);
    for (const post of lost) expect(await app.queue.jobState(post.postId, post.platform)).toBe('delayed');
    expect((await app.sweeper.sweep()).requeued).toEqual([]);
  });

  it('a post held by a live attempt (its lease) is not taken over', async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const post = plannedPost('x-secon');
    const created = await app.publishingLog.transition(firstEntry(post, 'scheduled', new Date()), [null], {
      payload: post,
    });
    await app.publishingLog.transition(nextEntry(created.record!, 'publishing', new Date(), { attempt: 1 }), [
      'scheduled',
    ]);
    const lease = await app.leases.acquire(post.postId);
    const outcome = await app.publisher.publish(post.postId, 2);
    expect(outcome).toMatchObject({ kind: 'wait', reason: 'another attempt holds the post' });
    expect(world.sandboxes.twitter.requests().filter((r) => r.method === 'POST')).toHaveLength(0);
    await lease!.release();
    expect((await app.publisher.publish(post.postId, 2)).kind).toBe('done');
    expect(world.sandboxes.twitter.posts()).toHaveLength(1);
  });
});
