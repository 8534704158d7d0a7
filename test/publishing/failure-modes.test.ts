import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { jobIdFor } from '../../queues/publish-job-id.ts';
import { InputError } from '../../src/input-error.ts';
import { captureLogger } from '../helpers/fleet.ts';
import { plannedPost, startWorld, states, type World, waitFor, waitForState } from '../helpers/world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const plan = (...posts: ReturnType<typeof plannedPost>[]) => ({ newsId: posts[0]!.newsId, posts, skipped: [] });

describe('approval, pause and resume', () => {
  it('holds a post awaiting approval until it is approved', async () => {
    world = await startWorld();
    const post = plannedPost('linkedin-secon', { state: 'awaiting-approval' });
    await world.app.scheduler.schedule(plan(post), 'test');
    expect(await world.app.queue.jobState(post.postId, 'linkedin')).toBe('none');
    // Even an attempt that found a job for it (a stale one, say) does nothing before approval.
    expect(await world.app.publisher.publish(post.postId, 1)).toMatchObject({
      kind: 'done',
      state: 'awaiting-approval',
    });
    expect(world.sandboxes.linkedin.posts()).toHaveLength(0);
    expect((await world.app.publishingLog.get(post.postId))?.state).toBe('awaiting-approval');
    await world.app.postActions.approve(post.postId, 'test');
    await waitForState(world.app, post.postId, 'published');
    expect(world.sandboxes.linkedin.posts()).toHaveLength(1);
    expect(await states(world.app, post.postId)).toEqual(['awaiting-approval', 'scheduled', 'publishing', 'published']);
    await expect(world.app.postActions.approve(post.postId, 'test')).rejects.toThrow(
      /cannot approve post .* it is published; approve works on awaiting-approval, draft posts/,
    );
  });

  it('a paused channel keeps its posts waiting; resume publishes them', async () => {
    world = await startWorld();
    await world.app.postActions.pause('facebook-secon', 'page under review', 'test');
    const post = plannedPost('facebook-secon');
    const other = plannedPost('x-secon');
    await world.app.scheduler.schedule(plan(post), 'test');
    await world.app.scheduler.schedule(plan(other), 'test');
    await waitForState(world.app, other.postId, 'published');
    // The worker took the paused channel's job up and put it back to wait.
    await waitFor(
      async () => {
        const job = await world!.app.queue.queue('facebook').getJob(jobIdFor(post.postId));
        return job?.processedOn !== undefined && (await job.getState()) === 'delayed';
      },
      5000,
      'the job to be tried and put back',
    );
    expect(world.sandboxes.facebook.posts()).toHaveLength(0);
    expect((await world.app.publishingLog.get(post.postId))?.state).toBe('scheduled');
    expect(await world.app.queue.jobState(post.postId, 'facebook')).toBe('delayed');
    const resumed = await world.app.postActions.resume('facebook-secon', 'web:ada');
    expect(resumed.pause?.reason).toBe('page under review');
    // Who lifted the pause stays with the channel, with the pause it lifted.
    expect(await world.app.channels.lastResume('facebook-secon')).toMatchObject({
      by: 'web:ada',
      pause: { reason: 'page under review' },
    });
    // Resuming a running channel lifts nothing and leaves that record as it was.
    expect((await world.app.postActions.resume('facebook-secon', 'web:ed')).pause).toBeNull();
    expect((await world.app.channels.lastResume('facebook-secon'))?.by).toBe('web:ada');
    await waitForState(world.app, post.postId, 'published');
    expect(world.sandboxes.facebook.posts()).toHaveLength(1);
    await expect(world.app.postActions.pause('nope', 'x', 'test')).rejects.toBeInstanceOf(InputError);
  });

  it('an auth failure pauses the channel, records why, alerts, and loses nothing', async () => {
    world = await startWorld();
    world.sandboxes.facebook.failNext(
      1,
      {
        status: 400,
        body: {
          error: {
            message: 'Error validating access token: Session has expired',
            type: 'OAuthException',
            code: 190,
            error_subcode: 463,
            fbtrace_id: 'A1',
          },
        },
      },
      { method: 'POST' },
    );
    const post = plannedPost('facebook-secon');
    await world.app.scheduler.schedule(plan(post), 'test');
    const pause = await waitFor(() => world!.app.channels.get('facebook-secon'), 10_000, 'the channel to pause');
    expect(pause.reason).toMatch(/Session has expired/);
    await waitFor(() => world!.alerts.find((a) => a.kind === 'channel-paused'), 5000, 'an alert');
    const record = await waitFor(async () => {
      const r = await world!.app.publishingLog.get(post.postId);
      return r?.state === 'scheduled' && r.errorKind === 'auth' ? r : undefined;
    });
    expect(record.note).toMatch(/paused/);
    // The job waits for the pause to lift (delayed), and nothing reached the page meanwhile.
    await waitFor(
      async () => (await world!.app.queue.jobState(post.postId, 'facebook')) === 'delayed',
      5000,
      'the job to wait',
    );
    expect(world.sandboxes.facebook.posts()).toHaveLength(0);
    await world.app.postActions.resume('facebook-secon', 'test');
    await waitForState(world.app, post.postId, 'published');
    expect(world.sandboxes.facebook.posts()).toHaveLength(1);
  });
});

describe('throttling and retries', () => {
  it('a 429 with a reset 2 s ahead delays only that platform; the worker logs the hold and its release', async () => {
    const { logger, lines } = captureLogger('info');
    world = await startWorld({ runtime: { logger } });
    const reset = Math.ceil(Date.now() / 1000) + 2;
    world.sandboxes.twitter.failNext(
      1,
      {
        status: 429,
        body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
        headers: { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) },
      },
      { method: 'POST', path: '/2/tweets' },
    );
    const x1 = plannedPost('x-secon');
    const x2 = plannedPost('x-secon');
    const fb = plannedPost('facebook-secon');
    const li = plannedPost('linkedin-secon');
    await world.app.scheduler.schedule(plan(x1), 'test');
    await waitFor(
      async () => (await world!.app.publishingLog.get(x1.postId))?.errorKind === 'rate-limited',
      5000,
      'the 429',
    );
    await world.app.scheduler.schedule(plan(x2), 'test');
    await world.app.scheduler.schedule(plan(fb), 'test');
    await world.app.scheduler.schedule(plan(li), 'test');
    // The other platforms go out at once, while X waits for its reset. Compared by the sandboxes'
    // own clocks (not the test's), so a slow machine cannot make this pass or fail by chance.
    await waitForState(world.app, fb.postId, 'published');
    await waitForState(world.app, li.postId, 'published');
    await waitForState(world.app, x1.postId, 'published');
    await waitForState(world.app, x2.postId, 'published');
    const xTimes = world.sandboxes.twitter.posts().map((p) => Date.parse(p.createdAt));
    const others = [...world.sandboxes.facebook.posts(), ...world.sandboxes.linkedin.posts()].map((p) =>
      Date.parse(p.createdAt),
    );
    expect(Math.min(...xTimes)).toBeGreaterThanOrEqual(reset * 1000 - 50);
    expect(Math.max(...others)).toBeLessThan(Math.min(...xTimes));
    // Waiting for the reset did not use up an attempt: the publish after it is still attempt 1.
    const timeline = await world.app.publishingLog.timeline(x1.postId);
    expect(timeline.map((e) => [e.state, e.attempt, e.errorKind])).toEqual([
      ['scheduled', 0, undefined],
      ['publishing', 1, undefined],
      ['scheduled', 1, 'rate-limited'],
      ['publishing', 1, undefined],
      ['published', 1, undefined],
    ]);
    expect(world.sandboxes.twitter.posts()).toHaveLength(2);
    // "twitter held until HH:MM:SS (rate limit)" in the project's zone, then its release.
    const shown = DateTime.fromMillis(reset * 1000)
      .setZone(world.config.project.timezone)
      .toFormat('HH:mm:ss');
    const holds = lines.filter((l) => /held until/.test(l.msg));
    expect(holds.map((l) => [l.level, l.msg, l.platform])).toEqual([
      [40, `twitter held until ${shown} (rate limit)`, 'twitter'],
    ]);
    await waitFor(() => lines.find((l) => l.msg === 'twitter released (rate limit over)'), 5000, 'the release');
    expect(lines.filter((l) => /released/.test(l.msg)).map((l) => l.platform)).toEqual(['twitter']);
  });

  it('retries with exponential backoff after two 500s, then publishes; the log shows every transition', async () => {
    world = await startWorld();
    world.sandboxes.twitter.failNext(
      2,
      { status: 500, body: { title: 'Internal Error', status: 500 } },
      { method: 'POST', path: '/2/tweets' },
    );
    const post = plannedPost('x-secon');
    await world.app.scheduler.schedule(plan(post), 'test');
    await waitForState(world.app, post.postId, 'published');
    const timeline = await world.app.publishingLog.timeline(post.postId);
    expect(timeline.map((e) => e.state)).toEqual([
      'scheduled',
      'publishing',
      'scheduled',
      'publishing',
      'scheduled',
      'publishing',
      'published',
    ]);
    expect(timeline.filter((e) => e.errorKind === 'transient')).toHaveLength(2);
    expect(timeline.map((e) => e.attempt)).toEqual([0, 1, 1, 2, 2, 3, 3]);
    // Backoff 150 ms × 2^(n-1), jitter down to half: at least 75 + 150 ms between the attempts.
    const t = timeline.map((e) => Date.parse(e.at));
    expect(t[3]! - t[2]!).toBeGreaterThanOrEqual(70);
    expect(t[5]! - t[4]!).toBeGreaterThanOrEqual(145);
    expect(world.sandboxes.twitter.posts()).toHaveLength(1);
  });

  it('gives up after the configured attempts: failed, with the platform message and an alert', async () => {
    world = await startWorld();
    world.sandboxes.facebook.failNext(
      5,
      {
        status: 500,
        body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1, fbtrace_id: 'B' } },
      },
      { method: 'POST' },
    );
    const post = plannedPost('facebook-secon');
    await world.app.scheduler.schedule(plan(post), 'test');
    const record = await waitForState(world.app, post.postId, 'failed', 15_000);
    expect(record.errorKind).toBe('transient');
    expect(record.errorMessage).toMatch(/unknown error/);
    expect(world.alerts.some((a) => a.kind === 'post-failed' && a.postId === post.postId)).toBe(true);
    expect(world.sandboxes.facebook.posts()).toHaveLength(0);
  });

  it("a rejected post fails at once with the platform's reason; retry publishes it", async () => {
    world = await startWorld();
    world.sandboxes.twitter.failNext(
      1,
      {
        status: 400,
        body: {
          title: 'Invalid Request',
          detail: 'One or more parameters to your request was invalid.',
          errors: [{ message: 'text is too long', parameters: { text: ['x'] } }],
        },
      },
      { method: 'POST', path: '/2/tweets' },
    );
    const post = plannedPost('x-secon');
    await world.app.scheduler.schedule(plan(post), 'test');
    const record = await waitForState(world.app, post.postId, 'failed');
    expect(record.errorKind).toBe('rejected');
    expect(await states(world.app, post.postId)).toEqual(['scheduled', 'publishing', 'failed']);
    await world.app.postActions.retry(post.postId, 'test');
    await waitForState(world.app, post.postId, 'published');
    expect(world.sandboxes.twitter.posts()).toHaveLength(1);
  });
});

describe('exactly once: reconciliation', () => {
  it('a connection cut after the post landed: the next attempt finds it and marks it published, once', async () => {
    world = await startWorld();
    world.sandboxes.twitter.cutNext(1, { method: 'POST', path: '/2/tweets' });
    const post = plannedPost('x-secon');
    await world.app.scheduler.schedule(plan(post), 'test');
    const record = await waitForState(world.app, post.postId, 'published');
    expect(world.sandboxes.twitter.posts()).toHaveLength(1);
    expect(record.platformPostId).toBe(world.sandboxes.twitter.posts()[0]!.id);
    const timeline = await world.app.publishingLog.timeline(post.postId);
    expect(timeline.map((e) => e.state)).toEqual(['scheduled', 'publishing', 'publishing', 'publishing', 'published']);
    expect(timeline[2]!.errorKind).toBe('unknown-outcome');
    expect(timeline[4]!.note).toMatch(/found live/);
  });

  it('a cut in the middle of an X thread resumes after the parts already posted', async () => {
    world = await startWorld();
    const tag = Math.random().toString(36).slice(2, 8);
    const thread = [
      `1/3 SECON thread ${tag}: what partners learnt`,
      `2/3 Regional policies for social enterprises ${tag}`,
      `3/3 Read more on the project site ${tag}`,
    ];
    world.sandboxes.twitter.cutNext(1, { method: 'POST', path: '/2/tweets', skip: 1 });
    const post = plannedPost('x-secon', { thread });
    await world.app.scheduler.schedule(plan(post), 'test');
    await waitForState(world.app, post.postId, 'published');
    const texts = world.sandboxes.twitter.posts().map((p) => p.text);
    expect(texts).toEqual(thread);
    const stored = await world.app.store.get(post.postId);
    expect(stored?.postedParts).toEqual(world.sandboxes.twitter.posts().map((p) => p.id));
  });

  it('a duplicate answer for our own earlier post is reconciled as published', async () => {
    world = await startWorld();
    const post = plannedPost('facebook-secon');
    // An earlier attempt landed but its outcome was never recorded (e.g. Redis lost the write).
    await world.app.adapterFor('facebook-secon').publish({ postId: post.postId, text: post.rendered.text, images: [] });
    world.sandboxes.facebook.failNext(
      1,
      {
        status: 400,
        body: { error: { message: 'Duplicate status message', type: 'OAuthException', code: 506, fbtrace_id: 'C' } },
      },
      { method: 'POST' },
    );
    await world.app.scheduler.schedule(plan(post), 'test');
    const record = await waitForState(world.app, post.postId, 'published');
    expect(record.note).toMatch(/duplicate; the live post is ours/);
    expect(record.platformPostId).toBe(world.sandboxes.facebook.posts()[0]!.id);
    expect(world.sandboxes.facebook.posts()).toHaveLength(1);
  });

  it('a duplicate that is not ours ends the post failed with the reason', async () => {
    world = await startWorld();
    world.sandboxes.facebook.failNext(
      1,
      {
        status: 400,
        body: { error: { message: 'Duplicate status message', type: 'OAuthException', code: 506, fbtrace_id: 'D' } },
      },
      { method: 'POST' },
    );
    const post = plannedPost('facebook-secon');
    await world.app.scheduler.schedule(plan(post), 'test');
    const record = await waitForState(world.app, post.postId, 'failed');
    expect(record.errorKind).toBe('duplicate');
    expect(record.note).toMatch(/duplicate: the same text is already live, but not as this post/);
    expect(world.sandboxes.facebook.posts()).toHaveLength(0);
  });
});

describe('overdue posts and person commands', () => {
  it('a post overdue beyond the grace, or whose event has started, is missed, not published', async () => {
    world = await startWorld();
    const late = plannedPost('x-secon', { at: new Date(Date.now() - 7 * 3_600_000) });
    const event = plannedPost('facebook-secon', {
      kind: 'reminder',
      at: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() - 1000).toISOString(),
    });
    await world.app.scheduler.schedule(plan(late), 'test');
    await world.app.scheduler.schedule(plan(event), 'test');
    // Notes are read by people: local time in the channel's zone, not UTC ISO (the entry keeps ISO).
    const local = String.raw`\w{3} \d{1,2} \w{3} \d{4} \d{2}:\d{2} Europe/\w+`;
    expect((await waitForState(world.app, late.postId, 'missed')).note).toMatch(
      new RegExp(`^overdue by 7 h \\(planned ${local}\\), more than the grace`),
    );
    expect((await waitForState(world.app, event.postId, 'missed')).note).toMatch(
      new RegExp(`^the event started at ${local}$`),
    );
    expect(world.alerts.filter((a) => a.kind === 'post-missed')).toHaveLength(2);
    expect(world.sandboxes.twitter.posts()).toHaveLength(0);
    expect(world.sandboxes.facebook.posts()).toHaveLength(0);
  });

  it('cancel, reschedule and their errors', async () => {
    world = await startWorld();
    const a = plannedPost('x-secon', { at: new Date(Date.now() + 60_000) });
    const b = plannedPost('facebook-secon', { at: new Date(Date.now() + 60_000), newsId: a.newsId });
    await world.app.scheduler.schedule({ newsId: a.newsId, posts: [a, b], skipped: [] }, 'test');
    await world.app.postActions.reschedule(b.postId, new Date(Date.now() + 300), 'test');
    await waitForState(world.app, b.postId, 'published');
    const { cancelled, kept } = await world.app.postActions.cancelNews(a.newsId, 'test');
    expect(cancelled.map((r) => r.postId)).toEqual([a.postId]);
    expect(kept.map((r) => r.state)).toEqual(['published']);
    expect(await world.app.queue.jobState(a.postId, 'twitter')).toBe('none');
    await expect(world.app.postActions.cancel('no.such.post.news', 'test')).rejects.toThrow(
      /unknown post id "no.such.post.news"/,
    );
    await expect(world.app.postActions.cancel(b.postId, 'test')).rejects.toThrow(
      /it is published; cancel works on draft, awaiting-approval, scheduled posts/,
    );
    await expect(world.app.postActions.retry(a.postId, 'test')).rejects.toThrow(
      /it is cancelled; retry works on failed, missed, unconfirmed/,
    );
    expect(world.sandboxes.twitter.posts()).toHaveLength(0);
  });
});
