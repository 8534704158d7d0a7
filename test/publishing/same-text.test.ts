import { afterEach, describe, expect, it } from 'vitest';
import { DUPLICATE_NOT_OURS_NOTE } from '../../src/publishing/publisher.ts';
import { plannedPost, startWorld, type World, waitForState } from '../helpers/world.ts';

/**
 * Two posts with the same words on one channel (a news item taken twice under two ids, a text
 * pasted into a second post) are two posts. A search for the second must never take the first's
 * live post as its own: the log would say the second went out, with the first's link, when the
 * platform refused it.
 */

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const plan = (post: ReturnType<typeof plannedPost>) => ({ newsId: post.newsId, posts: [post], skipped: [] });
const TEXT = `SECON partners visit the social market in Valencia ${Math.random().toString(36).slice(2, 8)}`;

describe('two posts with the same words on one channel', () => {
  it('the second, refused by X as a duplicate, fails with the reason; corrected and retried, it goes out', async () => {
    world = await startWorld();
    const first = plannedPost('x-secon', { text: TEXT });
    const second = plannedPost('x-secon', { text: TEXT });
    await world.app.scheduler.schedule(plan(first), 'test');
    const published = await waitForState(world.app, first.postId, 'published');
    await world.app.scheduler.schedule(plan(second), 'test');
    const failed = await waitForState(world.app, second.postId, 'failed');
    expect(failed).toMatchObject({ errorKind: 'duplicate', note: DUPLICATE_NOT_OURS_NOTE });
    expect(failed.platformPostId).toBeUndefined();
    expect(world.sandboxes.twitter.posts()).toHaveLength(1);

    // Nothing of it is live: its words can be changed before the retry.
    await world.app.postActions.editText(second.postId, `${TEXT}, day two`, 'web:maria', { mayApprove: true });
    await world.app.postActions.retry(second.postId, 'web:nikos');
    const retried = await waitForState(world.app, second.postId, 'published');
    expect(retried.platformPostId).not.toBe(published.platformPostId);
    expect(world.sandboxes.twitter.posts().map((p) => p.text)).toEqual([TEXT, `${TEXT}, day two`]);
  });

  it("after an interrupted attempt, the first's post is not taken for the second's: a person decides, nothing posted twice", async () => {
    world = await startWorld();
    const first = plannedPost('x-secon', { text: TEXT });
    const second = plannedPost('x-secon', { text: TEXT });
    await world.app.scheduler.schedule(plan(first), 'test');
    const published = await waitForState(world.app, first.postId, 'published');
    // The second's call is answered (a duplicate) but the answer is lost: its outcome is unknown.
    world.sandboxes.twitter.cutNext(1, { method: 'POST', path: '/2/tweets' });
    await world.app.scheduler.schedule(plan(second), 'test');
    const record = await waitForState(world.app, second.postId, 'unconfirmed');
    expect(record.platformPostId).toBeUndefined();
    expect(record.platformPostId).not.toBe(published.platformPostId);
    expect(world.sandboxes.twitter.posts()).toHaveLength(1);
  });

  it('a post whose interrupted attempt landed finds its own post, not the earlier one with the same words', async () => {
    world = await startWorld();
    // Facebook's duplicate check is its own to apply (the sandbox refuses every repeat): here it lets one through.
    world.sandboxes.facebook.refuseDuplicates = false;
    const first = plannedPost('facebook-secon', { text: TEXT });
    const second = plannedPost('facebook-secon', { text: TEXT });
    await world.app.scheduler.schedule(plan(first), 'test');
    const published = await waitForState(world.app, first.postId, 'published');
    world.sandboxes.facebook.cutNext(1, { method: 'POST' });
    await world.app.scheduler.schedule(plan(second), 'test');
    const record = await waitForState(world.app, second.postId, 'published');
    const posts = world.sandboxes.facebook.posts();
    expect(posts).toHaveLength(2);
    expect(record.platformPostId).not.toBe(published.platformPostId);
    expect(posts.map((p) => p.id)).toContain(record.platformPostId);
  });
});
