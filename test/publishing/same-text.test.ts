import { afterEach, describe, expect, it } from 'vitest';
import { nextEntry } from '../../src/publishing/log-entries.ts';
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

/**
 * A world (kept in `world` for cleanup) where a first post with TEXT went out on `channel`, and a
 * second post with the same words, planned but not scheduled.
 */
async function firstPublished(channel: string, options: { refuseDuplicates?: boolean } = {}) {
  const w = await startWorld();
  world = w;
  if (options.refuseDuplicates === false) w.sandboxes.facebook.refuseDuplicates = false;
  const first = plannedPost(channel, { text: TEXT });
  const second = plannedPost(channel, { text: TEXT });
  await w.app.scheduler.schedule(plan(first), 'test');
  return { w, second, published: await waitForState(w.app, first.postId, 'published') };
}

/**
 * A world (kept in `world`) where a first X post with TEXT is mid-publish: claimed, its tweet live,
 * but its success not yet in the log (its worker has not written `published`).
 */
async function firstMidPublish(options: { after?: 'scheduled' | 'unconfirmed' } = {}) {
  const w = await startWorld();
  world = w;
  const first = plannedPost('x-secon', { text: TEXT, at: new Date(Date.now() + 3 * 86_400_000) });
  await w.app.scheduler.schedule(plan(first), 'test');
  const log = w.app.publishingLog;
  const claimed = await log.transition(
    nextEntry((await log.get(first.postId))!, 'publishing', new Date(), { actor: 'test', attempt: 1 }),
    ['scheduled'],
  );
  const live = await w.app.adapterFor('x-secon').publish({ postId: first.postId, text: TEXT, images: [] });
  // Its answer said nothing (a 5xx after the tweet landed): back to `scheduled`, to be asked about
  // next time; or its answer never came and its tries ran out: `unconfirmed`, for a person.
  if (options.after)
    await log.transition(nextEntry(claimed.record!, options.after, new Date(), { actor: 'test', attempt: 1 }), [
      'publishing',
    ]);
  return { w, first, log, claimed, live };
}

describe('two posts with the same words on one channel', () => {
  it('the second, refused by X as a duplicate, fails with the reason; corrected and retried, it goes out', async () => {
    const { w, second, published } = await firstPublished('x-secon');
    await w.app.scheduler.schedule(plan(second), 'test');
    const failed = await waitForState(w.app, second.postId, 'failed');
    expect(failed).toMatchObject({ errorKind: 'duplicate', note: DUPLICATE_NOT_OURS_NOTE });
    expect(failed.platformPostId).toBeUndefined();
    expect(w.sandboxes.twitter.posts()).toHaveLength(1);

    // Nothing of it is live: its words can be changed before the retry.
    await w.app.postActions.editText(second.postId, `${TEXT}, day two`, 'web:maria', { mayApprove: true });
    await w.app.postActions.retry(second.postId, 'web:nikos');
    const retried = await waitForState(w.app, second.postId, 'published');
    expect(retried.platformPostId).not.toBe(published.platformPostId);
    expect(w.sandboxes.twitter.posts().map((p) => p.text)).toEqual([TEXT, `${TEXT}, day two`]);
  });

  it("after an interrupted attempt, the first's post is not taken for the second's: a person decides, nothing posted twice", async () => {
    const { w, second } = await firstPublished('x-secon');
    // The second's call is answered (a duplicate) but the answer is lost: its outcome is unknown.
    w.sandboxes.twitter.cutNext(1, { method: 'POST', path: '/2/tweets' });
    await w.app.scheduler.schedule(plan(second), 'test');
    const record = await waitForState(w.app, second.postId, 'unconfirmed');
    expect(record.platformPostId).toBeUndefined();
    expect(w.sandboxes.twitter.posts()).toHaveLength(1);
  });

  it.each([
    ['mid-publish', undefined],
    ['scheduled again after an answer that said nothing', 'scheduled'],
    ['unconfirmed: its answer never came', 'unconfirmed'],
  ] as const)(
    "while the first is %s (live, its success not logged), the second's search does not take its post",
    async (_, after) => {
      const { w, first, log, live } = await firstMidPublish(after ? { after } : {});
      // The second, with the same words: X refuses it as a duplicate, and the search finds the first's tweet.
      const second = plannedPost('x-secon', { text: TEXT });
      await w.app.scheduler.schedule(plan(second), 'test');
      const record = await waitForState(w.app, second.postId, 'unconfirmed', 20_000);
      expect(record.platformPostId).toBeUndefined();
      const timeline = await log.timeline(second.postId);
      expect(
        timeline.some((e) => e.errorMessage?.includes(`${first.postId} has the same words and is being published`)),
      ).toBe(true);
      expect(timeline.every((e) => e.platformPostId !== live.platformPostId)).toBe(true);
      expect(w.sandboxes.twitter.posts()).toHaveLength(1);
    },
  );

  it("the first's success logged during the second's search: the post found is the first's, not taken", async () => {
    const { w, first, log, claimed, live } = await firstMidPublish();
    const adapter = w.app.adapterFor('x-secon');
    // The first's worker logs its success while the second's search is on the way (after the skip
    // set was read, before the search answers).
    const find = adapter.findRecent.bind(adapter);
    adapter.findRecent = async (query) => {
      const answer = await find(query);
      const current = (await log.get(first.postId))!;
      if (current.state === 'publishing')
        await log.transition(
          nextEntry(claimed.record!, 'published', new Date(), {
            actor: 'test',
            attempt: 1,
            platformPostId: live.platformPostId,
          }),
          ['publishing'],
        );
      return answer;
    };
    const second = plannedPost('x-secon', { text: TEXT });
    await w.app.scheduler.schedule(plan(second), 'test');
    const failed = await waitForState(w.app, second.postId, 'failed');
    expect(failed).toMatchObject({ errorKind: 'duplicate', note: DUPLICATE_NOT_OURS_NOTE });
    expect(failed.platformPostId).toBeUndefined();
    expect(w.sandboxes.twitter.posts()).toHaveLength(1);
  });

  it('a post whose interrupted attempt landed finds its own post, not the earlier one with the same words', async () => {
    // Facebook's duplicate check is its own to apply (the sandbox refuses every repeat): here it lets one through.
    const { w, second, published } = await firstPublished('facebook-secon', { refuseDuplicates: false });
    w.sandboxes.facebook.cutNext(1, { method: 'POST' });
    await w.app.scheduler.schedule(plan(second), 'test');
    const record = await waitForState(w.app, second.postId, 'published');
    const posts = w.sandboxes.facebook.posts();
    expect(posts).toHaveLength(2);
    expect(record.platformPostId).not.toBe(published.platformPostId);
    expect(posts.map((p) => p.id)).toContain(record.platformPostId);
  });
});
