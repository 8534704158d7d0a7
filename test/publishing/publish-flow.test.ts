import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { EARLY_TOLERANCE_MS } from '../../src/planning/publish-window.ts';
import { plannedPost, startWorld, states, type World, waitFor, waitForState } from '../helpers/world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe('publishing through the worker and the sandboxes', () => {
  it('publishes a due post once on each platform and logs every transition', async () => {
    world = await startWorld();
    const posts = [plannedPost('x-secon'), plannedPost('linkedin-secon'), plannedPost('facebook-secon')];
    const report = await world.app.scheduler.schedule({ newsId: 'n', posts, skipped: [] }, 'test');
    expect(report.map((r) => r.action)).toEqual(['created', 'created', 'created']);
    for (const post of posts) {
      const record = await waitForState(world.app, post.postId, 'published');
      expect(record.platformPostId).toBeTruthy();
      expect(await states(world.app, post.postId)).toEqual(['scheduled', 'publishing', 'published']);
    }
    expect(world.sandboxes.twitter.posts().map((p) => p.text)).toEqual([posts[0]!.rendered.text]);
    expect(world.sandboxes.linkedin.posts().map((p) => p.text)).toEqual([posts[1]!.rendered.text]);
    expect(world.sandboxes.facebook.posts().map((p) => p.text)).toEqual([posts[2]!.rendered.text]);
    const xRecord = await world.app.publishingLog.get(posts[0]!.postId);
    expect(xRecord?.platformPostId).toBe(world.sandboxes.twitter.posts()[0]!.id);
    // The worker's entries name the machine and the process: with workers on several hosts, an
    // audit can tell which one made a claim (a process id alone repeats across hosts).
    expect(xRecord?.actor).toBe(`worker:${hostname()}:${process.pid}`);
  });

  it('the worker runs the queues on a connection of their own; the domain one carries only its own scripts, and a published post leaves no lease', async () => {
    world = await startWorld();
    const { app } = world;
    const scriptsOf = (client: unknown) => Object.keys((client as { scriptsSet: object }).scriptsSet);
    const queueClient = await app.queue.queue('twitter').backend.client;
    expect(queueClient).not.toBe(app.redis);
    // BullMQ defines its scripts on the client it is given; ioredis copies each one onto every
    // pipeline made on that client (the publish attempt's first round trip is one).
    expect(scriptsOf(queueClient).length).toBeGreaterThan(20);
    expect(scriptsOf(app.redis).length).toBeLessThan(8);
    const post = plannedPost('x-secon');
    await app.scheduler.schedule({ newsId: post.newsId, posts: [post], skipped: [] }, 'test');
    await waitForState(app, post.postId, 'published');
    // No lease is left behind (the `published` write releases it; the log's tests check how).
    expect(await world.redis.exists(app.keys.lease(post.postId))).toBe(0);
  });

  it('a delayed post fires at its planned time, not before', async () => {
    world = await startWorld();
    const at = new Date(Date.now() + 1500);
    const post = plannedPost('facebook-secon', { at });
    await world.app.scheduler.schedule({ newsId: post.newsId, posts: [post], skipped: [] }, 'test');
    expect(await world.app.queue.jobState(post.postId, 'facebook')).toBe('delayed');
    await waitForState(world.app, post.postId, 'published');
    // Not before its time: the claim (the moment the worker took it up) and the platform's own clock
    // both say so, within the early tolerance.
    const claim = (await world.app.publishingLog.timeline(post.postId)).find((e) => e.state === 'publishing');
    expect(Date.parse(claim!.at)).toBeGreaterThanOrEqual(at.getTime() - EARLY_TOLERANCE_MS);
    const created = Date.parse(world.sandboxes.facebook.posts()[0]!.createdAt);
    expect(created).toBeGreaterThanOrEqual(at.getTime() - EARLY_TOLERANCE_MS);
  });

  it('planning the same item twice gives one job and one post', async () => {
    world = await startWorld();
    const post = plannedPost('x-secon', { at: new Date(Date.now() + 800) });
    const first = await world.app.scheduler.schedule({ newsId: post.newsId, posts: [post], skipped: [] }, 'test');
    const second = await world.app.scheduler.schedule({ newsId: post.newsId, posts: [post], skipped: [] }, 'test');
    expect(first[0]!.action).toBe('created');
    expect(second[0]!.action).toBe('unchanged');
    const counts = await world.app.queue.queue('twitter').getJobCounts('delayed', 'waiting', 'active');
    expect((counts.delayed ?? 0) + (counts.waiting ?? 0) + (counts.active ?? 0)).toBe(1);
    await waitForState(world.app, post.postId, 'published');
    const third = await world.app.scheduler.schedule({ newsId: post.newsId, posts: [post], skipped: [] }, 'test');
    expect(third[0]).toMatchObject({ action: 'kept', note: 'already published' });
    // The item edited after it went out (the event moved a day): the post is kept, not posted
    // again, and the note says the live post may be out of date, with where it is.
    const moved = plannedPost('x-secon', {
      newsId: post.newsId,
      at: new Date(post.plannedAt),
      text: 'Moved: now on Friday',
    });
    const [edited] = await world.app.scheduler.schedule({ newsId: post.newsId, posts: [moved], skipped: [] }, 'test');
    const live = await world.app.publishingLog.get(post.postId);
    expect(edited).toMatchObject({ action: 'kept', state: 'published' });
    expect(edited!.note).toBe(
      `already published; the edited item now gives it other words, so the live post may be out of date (a date, a place?): check ${live!.url} and correct it there if need be`,
    );
    // Once the queue holds nothing more for the post, the platform has it exactly once.
    await waitFor(
      async () => (await world!.app.queue.jobState(post.postId, 'twitter')) === 'completed',
      5000,
      'the job',
    );
    expect(world.sandboxes.twitter.posts()).toHaveLength(1);
    expect(await states(world.app, post.postId)).toEqual(['scheduled', 'publishing', 'published']);
  });
});
