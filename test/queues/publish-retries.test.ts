import { afterEach, describe, expect, it } from 'vitest';
import { jobIdFor } from '../../queues/publish-job-id.ts';
import { BACKOFF_JITTER, retryDelayMs } from '../../queues/retry-delay.ts';
import type { PlannedPost } from '../../src/posts/post.ts';
import { plannedPost, startWorld, type World, waitForState } from '../helpers/world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const plan = (post: PlannedPost) => ({ newsId: post.newsId, posts: [post], skipped: [] });

describe('job ids and retry delays', () => {
  it('a job id is a short, stable digest of the post id, legal in a Redis key and a BullMQ id', () => {
    const id = jobIdFor('haskovo-workshop-2023-recap.linkedin-secon.bg.recap');
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(jobIdFor('haskovo-workshop-2023-recap.linkedin-secon.bg.recap')).toBe(id);
    expect(jobIdFor('haskovo-workshop-2023-recap.linkedin-secon.de.recap')).not.toBe(id);
  });

  it('the delay doubles with every attempt and the jitter only shortens it, by at most half', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, 1000, BACKOFF_JITTER, () => 0))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(3, 1000, BACKOFF_JITTER, () => 0.999_999)).toBe(2000);
    for (let i = 0; i < 200; i++) {
      const delay = retryDelayMs(2, 30_000);
      expect(delay).toBeGreaterThanOrEqual(30_000);
      expect(delay).toBeLessThanOrEqual(60_000);
    }
  });
});

describe('publish jobs in Redis', () => {
  it('the job of a post waiting to go out is a compact hash (listpack)', async () => {
    world = await startWorld({ worker: false });
    // A post id as long as real ones (43 characters): as the job id it would not fit.
    const post = plannedPost('x-secon', {
      at: new Date(Date.now() + 86_400_000),
      newsId: 'haskovo-workshop-2023-recap',
    });
    await world.app.scheduler.schedule(plan(post), 'test');
    const key = world.app.queue.queue('twitter').toKey(jobIdFor(post.postId));
    expect(await world.redis.call('OBJECT', 'ENCODING', key)).toBe('listpack');
    expect(await world.app.queue.jobState(post.postId, 'twitter')).toBe('delayed');
  });

  it('a new post’s job is added without a lookup; adding it again changes nothing', async () => {
    world = await startWorld({ worker: false });
    const { queue } = world.app;
    const postId = 'new-item.x-secon.en.news';
    await queue.enqueueNew([{ postId, platform: 'twitter', runAt: new Date(Date.now() + 60_000) }]);
    await queue.enqueueNew([{ postId, platform: 'twitter', runAt: new Date(Date.now() + 600_000) }]);
    expect(await queue.queue('twitter').getJobCountByTypes('delayed', 'waiting')).toBe(1);
    expect((await queue.queue('twitter').getJob(jobIdFor(postId)))!.delay).toBeLessThan(100_000);
  });

  it('a job queued under the post id itself (before job ids were digests) is found, moved and removed', async () => {
    world = await startWorld({ worker: false });
    const { queue } = world.app;
    const postId = 'earlier-item.x-secon.en.news';
    await queue.queue('twitter').add('publish', { postId }, { jobId: postId, delay: 60_000 });
    expect(await queue.jobState(postId, 'twitter')).toBe('delayed');
    await queue.enqueue(postId, 'twitter', new Date(Date.now() + 120_000));
    expect(await queue.queue('twitter').getJobCountByTypes('delayed', 'waiting')).toBe(1);
    expect((await queue.queue('twitter').getJob(postId))!.delay).toBeGreaterThan(100_000);
    await queue.remove(postId, 'twitter');
    expect(await queue.jobState(postId, 'twitter')).toBe('none');
  });
});

describe('retries, counted by the worker', () => {
  it('a platform failing every time: each attempt waits longer, the last one records the post failed, nothing posted', async () => {
    world = await startWorld();
    world.sandboxes.twitter.failNext(
      10,
      { status: 503, body: { title: 'Service Unavailable', status: 503 } },
      { method: 'POST', path: '/2/tweets' },
    );
    const post = plannedPost('x-secon');
    await world.app.scheduler.schedule(plan(post), 'test');
    const record = await waitForState(world.app, post.postId, 'failed', 20_000);
    const attempts = world.config.publishing.attempts;
    expect(record.note).toMatch(new RegExp(`gave up after ${attempts} attempts`));
    expect(world.sandboxes.twitter.posts()).toHaveLength(0);
    const job = await world.app.queue.queue('twitter').getJob(jobIdFor(post.postId));
    expect(job?.data).toEqual({ postId: post.postId, attempt: attempts - 1 });
    // Each claim (`publishing`) names its attempt; the gap before attempt n+1 is at least the
    // jitter's floor of attempt n's delay.
    const claims = (await world.app.publishingLog.timeline(post.postId)).filter((e) => e.state === 'publishing');
    expect(claims.map((e) => e.attempt)).toEqual(Array.from({ length: attempts }, (_, i) => i + 1));
    const { backoffMs } = world.config.publishing;
    for (let n = 1; n < attempts; n++) {
      const gap = Date.parse(claims[n]!.at) - Date.parse(claims[n - 1]!.at);
      expect(gap, `before attempt ${n + 1}`).toBeGreaterThanOrEqual(2 ** (n - 1) * backoffMs * (1 - BACKOFF_JITTER));
    }
  });
});

describe('the last attempt', () => {
  it('a 5xx at the last attempt after the post landed: the platform is asked, and the post is recorded published, not failed', async () => {
    world = await startWorld();
    const attempts = world.config.publishing.attempts;
    const unavailable = { status: 503, body: { title: 'Service Unavailable', status: 503 } };
    const create = { method: 'POST', path: '/2/tweets' };
    world.sandboxes.twitter.failNext(attempts - 1, unavailable, create);
    // The last attempt's create is stored by the platform, which still answers 503.
    world.sandboxes.twitter.failNext(1, { ...unavailable, landed: true }, create);
    const post = plannedPost('x-secon');
    await world.app.scheduler.schedule(plan(post), 'test');
    const record = await waitForState(world.app, post.postId, 'published', 20_000);
    const live = world.sandboxes.twitter.posts();
    expect(live).toHaveLength(1);
    expect(record.platformPostId).toBe(live[0]!.id);
    expect(record.attempt).toBe(attempts);
  });
});
