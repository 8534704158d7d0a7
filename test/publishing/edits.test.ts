import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HistoryFilter } from '../../src/log/publishing-log.ts';
import type { NewsItem } from '../../src/news/news-item.ts';
import type { PlannedPost } from '../../src/posts/post.ts';
import { type IntakeResult, twinHold } from '../../src/publishing/news-intake.ts';
import { NOT_IN_PLAN_NOTE } from '../../src/publishing/scheduler.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { plannedPost, startWorld, states, type World } from '../helpers/world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const plan = (...posts: PlannedPost[]) => ({ newsId: posts[0]!.newsId, posts, skipped: [] });
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000);
const retext = (post: PlannedPost, text: string): PlannedPost => ({ ...post, rendered: { ...post.rendered, text } });
/** A hold as planning gives it (a feed's item in another language), and the post held by it. */
const hold = 'its text reads as another language';
const held = (post: PlannedPost): PlannedPost => ({
  ...post,
  state: 'awaiting-approval',
  rendered: { ...post.rendered, hold },
});

describe('editing a news item', () => {
  it('A1: a post an earlier attempt claimed keeps its text; the next attempt finds the old post instead of posting the edit', async () => {
    world = await startWorld({ worker: false });
    const { app, sandboxes } = world;
    const post = plannedPost('x-secon');
    await app.scheduler.schedule(plan(post), 'test');
    // The first attempt's post lands, but X answers 503: the attempt cannot tell, goes back to
    // `scheduled` and keeps the claim mark. (The landing is done by the adapter directly; the
    // sandbox cannot store a post and then answer 5xx.)
    await app.adapterFor('x-secon').publish({ postId: post.postId, text: post.rendered.text, images: [] });
    sandboxes.twitter.failNext(
      1,
      { status: 503, body: { title: 'Service Unavailable', status: 503 } },
      { method: 'POST', path: '/2/tweets' },
    );
    expect(await app.publisher.publish(post.postId, 1)).toMatchObject({ kind: 'retry' });
    expect((await app.store.get(post.postId))?.claimedAt).toBeTruthy();

    const edited = retext(post, `${post.rendered.text} (edited: new venue)`);
    const [report] = await app.scheduler.schedule(plan(edited), 'test');
    expect(report).toMatchObject({ postId: post.postId, action: 'kept', state: 'scheduled' });
    expect(report!.note).toMatch(/edit not applied: an attempt claimed it at .*old text may be live.*secon-bot cancel/);
    expect((await app.store.get(post.postId))?.post.rendered.text).toBe(post.rendered.text);

    const second = await app.publisher.publish(post.postId, 2);
    expect(second).toMatchObject({ kind: 'done', state: 'published' });
    expect(sandboxes.twitter.posts().map((p) => p.text)).toEqual([post.rendered.text]);
    expect((await app.publishingLog.get(post.postId))?.note).toMatch(/found live/);
  });

  it('A1: a post never claimed still takes the edited text', async () => {
    world = await startWorld({ worker: false });
    const post = plannedPost('x-secon', { at: inHours(1) });
    await world.app.scheduler.schedule(plan(post), 'test');
    const edited = retext(post, `${post.rendered.text} (edited)`);
    const [report] = await world.app.scheduler.schedule(plan(edited), 'test');
    expect(report).toMatchObject({ action: 'updated', state: 'scheduled' });
    expect((await world.app.store.get(post.postId))?.post.rendered.text).toBe(edited.rendered.text);
  });

  it('A6: posts of the item that the new plan no longer has are cancelled and reported', async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const x = plannedPost('x-secon', { at: inHours(2) });
    const fbEn = plannedPost('facebook-secon', { at: inHours(2), newsId: x.newsId });
    const fbDe = plannedPost('facebook-secon', { at: inHours(3), newsId: x.newsId, language: 'de' });
    const reminder = plannedPost('facebook-secon', { at: inHours(4), newsId: x.newsId, kind: 'reminder' });
    await app.scheduler.schedule(plan(x, fbEn, fbDe, reminder), 'test');
    expect(await app.queue.jobState(fbDe.postId, 'facebook')).toBe('delayed');

    // The edited item dropped German and its reminder (e.g. the event moved and the reminder time passed).
    const report = await app.scheduler.schedule(plan(retext(x, `${x.rendered.text} edited`), fbEn), 'test');
    const cancelled = report.filter((r) => r.action === 'cancelled');
    expect(cancelled.map((r) => r.postId).sort()).toEqual([fbDe.postId, reminder.postId].sort());
    expect(cancelled.every((r) => r.state === 'cancelled' && r.note === NOT_IN_PLAN_NOTE)).toBe(true);
    for (const post of [fbDe, reminder]) {
      const record = await app.publishingLog.get(post.postId);
      expect(record).toMatchObject({ state: 'cancelled', note: NOT_IN_PLAN_NOTE });
      expect(await app.queue.jobState(post.postId, 'facebook')).toBe('none');
    }
    expect(report.find((r) => r.postId === x.postId)?.action).toBe('updated');
    expect(report.find((r) => r.postId === fbEn.postId)?.action).toBe('unchanged');
    expect((await app.publishingLog.get(fbEn.postId))?.state).toBe('scheduled');
  });

  it("A6b: a post the plan cancelled comes back when a later plan has it again; one with a person's text waits for them", async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const x = plannedPost('x-secon', { at: inHours(2) });
    const reminder = plannedPost('facebook-secon', { at: inHours(4), newsId: x.newsId, kind: 'reminder' });
    const fbDe = plannedPost('facebook-secon', { at: inHours(3), newsId: x.newsId, language: 'de' });
    await app.scheduler.schedule(plan(x, reminder, fbDe), 'test');
    await app.postActions.editText(fbDe.postId, 'Worte von Eleni', 'web:eleni', { mayApprove: true });
    // The event moved earlier (the reminder's time passed) and German was dropped: both cancelled.
    await app.scheduler.schedule(plan(x), 'feed:mrn');
    for (const post of [reminder, fbDe]) expect((await app.publishingLog.get(post.postId))?.state).toBe('cancelled');

    // The event moved back: the reminder is back, queued, with the item's new text.
    const back = retext(reminder, `${reminder.rendered.text} (moved back)`);
    const report = await app.scheduler.schedule(plan(x, back, fbDe), 'feed:mrn');
    expect(report.find((r) => r.postId === reminder.postId)).toMatchObject({ action: 'restored', state: 'scheduled' });
    expect(await app.queue.jobState(reminder.postId, 'facebook')).toBe('delayed');
    expect((await app.store.get(reminder.postId))?.post.rendered.text).toBe(back.rendered.text);
    // Eleni's German post is back with her words, for a person to look at before it goes.
    expect(report.find((r) => r.postId === fbDe.postId)).toMatchObject({
      action: 'restored',
      state: 'awaiting-approval',
      attention: true,
    });
    const german = await app.store.get(fbDe.postId);
    expect(german?.post.rendered.text).toBe('Worte von Eleni');
    expect(german?.post.rendered.hold).toMatch(/^back in the plan .* keeps the text web:eleni wrote/);
    expect(await app.queue.jobState(fbDe.postId, 'facebook')).toBe('none');
    // Planned once more, the same: nothing changes.
    const same = await app.scheduler.schedule(plan(x, back, fbDe), 'feed:mrn');
    expect(same.filter((r) => r.action === 'restored')).toEqual([]);
  });

  it('A7: an approved post whose text changes waits for approval again; a time-only edit keeps the approval', async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const post = plannedPost('linkedin-secon', { state: 'awaiting-approval', at: inHours(2) });
    const other = plannedPost('linkedin-secon', { state: 'awaiting-approval', at: inHours(5) });
    await app.scheduler.schedule(plan(post), 'test');
    await app.scheduler.schedule(plan(other), 'test');
    await app.postActions.approve(post.postId, 'test');
    await app.postActions.approve(other.postId, 'test');
    expect(await app.queue.jobState(post.postId, 'linkedin')).toBe('delayed');

    const [report] = await app.scheduler.schedule(
      plan(retext(post, `${post.rendered.text} with a changed claim`)),
      'test',
    );
    expect(report).toMatchObject({ action: 'updated', state: 'awaiting-approval' });
    const record = await app.publishingLog.get(post.postId);
    expect(record?.state).toBe('awaiting-approval');
    expect(record?.note).toMatch(/changed the approved text; waits for approval again/);
    expect(await app.queue.jobState(post.postId, 'linkedin')).toBe('none');
    expect(await states(app, post.postId)).toEqual(['awaiting-approval', 'scheduled', 'awaiting-approval']);

    const [moved] = await app.scheduler.schedule(plan({ ...other, plannedAt: inHours(6).toISOString() }), 'test');
    expect(moved).toMatchObject({ action: 'updated', state: 'scheduled' });
    expect(await app.queue.jobState(other.postId, 'linkedin')).toBe('delayed');
  });

  it('A8: a plan that newly holds an approved post sends it back; a hold its approver already saw does not', async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const fresh = plannedPost('facebook-secon', { at: inHours(2) });
    const seen = held(plannedPost('x-secon', { at: inHours(2) }));
    await app.scheduler.schedule(plan(fresh), 'test');
    await app.scheduler.schedule(plan(seen), 'test');
    await app.postActions.approve(seen.postId, 'test');

    // Same text, a new time: the first now holds (say, the feed changed its language check), the second held before.
    const [sentBack] = await app.scheduler.schedule(
      plan(held({ ...fresh, plannedAt: inHours(3).toISOString() })),
      'test',
    );
    expect(sentBack).toMatchObject({ action: 'updated', state: 'awaiting-approval' });
    expect((await app.publishingLog.get(fresh.postId))?.note).toBe(
      `the post of the edited news item waits for a person: ${hold}`,
    );
    expect(await app.queue.jobState(fresh.postId, fresh.platform)).toBe('none');

    const [kept] = await app.scheduler.schedule(plan({ ...seen, plannedAt: inHours(4).toISOString() }), 'test');
    expect(kept).toMatchObject({ action: 'updated', state: 'scheduled' });
    expect(await app.queue.jobState(seen.postId, seen.platform)).toBe('delayed');
  });

  it('A9: a post that waited only for its hold is scheduled once the edited item no longer holds it; one that waits for approval or was edited by a person stays', async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const onlyHeld = plannedPost('facebook-secon', { at: inHours(2) });
    const approvalToo = plannedPost('x-secon', { at: inHours(2), newsId: onlyHeld.newsId });
    const personEdited = plannedPost('facebook-secon', { at: inHours(3), newsId: onlyHeld.newsId, language: 'de' });
    await app.scheduler.schedule(
      plan(held(onlyHeld), { ...approvalToo, state: 'awaiting-approval' }, held(personEdited)),
      'test',
    );
    await app.postActions.editText(personEdited.postId, 'Von einer Person neu geschrieben.', 'test', {
      mayApprove: false,
    });

    // The partner corrected the item: no hold, and no approval asked for (the feed posts without it).
    const corrected = (post: PlannedPost) => retext(post, `${post.rendered.text} (corrected)`);
    const reports = await app.scheduler.schedule(
      plan(corrected(onlyHeld), corrected(approvalToo), corrected(personEdited)),
      'test',
    );
    const released = reports.find((r) => r.postId === onlyHeld.postId)!;
    expect(released).toMatchObject({ action: 'updated', state: 'scheduled' });
    expect(released.note).toBe('updated from the edited news item, which no longer holds it for a person');
    expect(await app.queue.jobState(onlyHeld.postId, onlyHeld.platform)).toBe('delayed');
    for (const post of [approvalToo, personEdited]) {
      expect((await app.publishingLog.get(post.postId))?.state, post.postId).toBe('awaiting-approval');
      expect(await app.queue.jobState(post.postId, post.platform)).toBe('none');
    }
    expect((await app.store.get(personEdited.postId))?.post.rendered.text).toBe('Von einer Person neu geschrieben.');
  });

  it("A10: an edited item keeps a person's text: a new template text sends the post to a person, a moved time only moves it", async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const rewritten = plannedPost('facebook-secon', { at: inHours(2) });
    const sameText = plannedPost('x-secon', { at: inHours(2), newsId: rewritten.newsId });
    await app.scheduler.schedule(plan(rewritten, sameText), 'test');
    const words = { [rewritten.postId]: 'Written by Anna for our readers.', [sameText.postId]: 'Anna: see you there!' };
    for (const post of [rewritten, sameText])
      await app.postActions.editText(post.postId, words[post.postId]!, 'web:anna', { mayApprove: true });

    // The partner moved the event: Facebook's template text changes, X's stays; both move by an hour.
    const at = inHours(3).toISOString();
    const later = (post: PlannedPost, text = post.rendered.text): PlannedPost =>
      retext({ ...post, plannedAt: at }, text);
    // Its link card follows the item: no edit of the text touches it.
    const article = { source: 'secon.example', title: 'Workshop moved', description: 'Now in Plovdiv.' };
    const movedItem = later(rewritten, `${rewritten.rendered.text} (moved to Plovdiv)`);
    const reports = await app.scheduler.schedule(
      plan({ ...movedItem, rendered: { ...movedItem.rendered, article } }, later(sameText)),
      'test',
    );
    const held = reports.find((r) => r.postId === rewritten.postId)!;
    expect(held).toMatchObject({ action: 'updated', state: 'awaiting-approval', plannedAt: at, attention: true });
    expect(held.note).toMatch(/news item changed after web:anna wrote this post's text; it keeps their text/);
    const heldPost = (await app.store.get(rewritten.postId))!.post;
    expect(heldPost.rendered.text).toBe(words[rewritten.postId]);
    expect(heldPost.rendered.hold).toMatch(/web:anna wrote/);
    expect(heldPost.rendered.article).toEqual(article);
    expect(heldPost.edited).toMatchObject({ by: 'web:anna' });
    expect(await app.queue.jobState(rewritten.postId, rewritten.platform)).toBe('none');

    const moved = reports.find((r) => r.postId === sameText.postId)!;
    expect(moved).toMatchObject({ action: 'updated', state: 'scheduled', plannedAt: at });
    expect(moved.attention).toBeUndefined();
    expect(moved.note).toBe('updated from the edited news item; the text web:anna wrote is kept');
    const movedPost = (await app.store.get(sameText.postId))!.post;
    expect(movedPost.rendered.text).toBe(words[sameText.postId]);
    expect(movedPost.plannedAt).toBe(at);
    expect(await app.queue.jobState(sameText.postId, sameText.platform)).toBe('delayed');
  });
});

/** A partner story published a day before `now`. */
function story(tag: string, n: number, now = new Date()): NewsItem {
  return {
    id: `batch-${tag}-${n}`,
    kind: 'news',
    language: 'en',
    title: `SECON partner story ${n} ${tag}`,
    summary: `Partner region ${n} reports how it supports social enterprises (${tag}).`,
    body: '',
    url: 'https://www.interregeurope.eu/secon',
    published: new Date(now.getTime() - 86_400_000).toISOString(),
    hashtags: [],
    mentions: [],
    images: [],
    translations: {},
  };
}

describe('intake batches', () => {
  it('E16: reads the pending posts once per batch, and still plans each item around the ones before it', async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const tag = randomUUID().slice(0, 8);
    const items: NewsItem[] = [1, 2, 3, 4].map((n) => story(tag, n));
    const query = vi.spyOn(app.publishingLog, 'query');
    const results = await app.intake.take(
      items.map((item) => ({ item, source: `batch.json#${item.id}` })),
      { actor: 'test' },
    );
    expect(results.map((r) => r.status)).toEqual(['scheduled', 'scheduled', 'scheduled', 'scheduled']);
    const pendingQueries = query.mock.calls.filter(([filter]) => !(filter as HistoryFilter).newsId);
    expect(pendingQueries).toHaveLength(1);
    // Planned around each other: no two posts of the batch share a channel and a time.
    const slots = results.flatMap((r) => r.posts.map((p) => `${p.channel}@${p.plannedAt}`));
    expect(new Set(slots).size).toBe(slots.length);
  });

  it('a dry run plans as of the `now` it is given (schedule --dry-run --now); a real take refuses one', async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const now = new Date('2023-11-10T07:00:00Z');
    const item = story(randomUUID().slice(0, 8), 1, now);
    const source = { item, source: 'story.json' };
    const [planned] = await app.intake.take([source], { actor: 'test', dryRun: true, now });
    expect(planned!.status).toBe('planned');
    const times = planned!.posts.map((p) => Date.parse(p.plannedAt));
    expect(times.length).toBeGreaterThan(0);
    // Planned from that clock: within days of it, not of the real one.
    for (const at of times) expect(at - now.getTime()).toBeLessThan(30 * 86_400_000);
    await expect(app.intake.take([source], { actor: 'test', now })).rejects.toThrow(/for a dry run only/);
    expect(await app.publishingLog.query({ newsId: [item.id] })).toEqual([]);
  });

  it('the same news under a new id (a feed that changed its GUIDs) waits for a person instead of going out twice', async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const tag = randomUUID().slice(0, 8);
    const first = story(tag, 1);
    const [taken] = await app.intake.take([{ item: first, source: 'feed.xml item 1' }], { actor: 'test' });
    const states = (r: IntakeResult) => r.posts.map((p) => p.state);
    expect(states(taken!)).toContain('scheduled');
    // The feed moved to https: every GUID changed, titles and dates did not (spacing and case aside).
    const again = { ...first, id: `${first.id}-https`, title: `  ${first.title.toUpperCase()} ` };
    const other = { ...story(tag, 2), published: first.published };
    const [twin, fresh] = await app.intake.take(
      [again, other].map((item) => ({ item, source: 'feed.xml' })),
      { actor: 'test' },
    );
    expect(twin!.posts.length).toBeGreaterThan(0);
    for (const post of twin!.posts) {
      expect(post.state).toBe('awaiting-approval');
      expect((await app.publishingLog.get(post.postId))?.note).toBe(`waits for a person: ${twinHold(first.id)}`);
    }
    expect(states(fresh!)).toEqual(states(taken!));
    // The first item edited, under its own id, is not its own twin.
    const [edited] = await app.intake.take([{ item: { ...first, summary: `${first.summary} Edited.` }, source: 'f' }], {
      actor: 'test',
    });
    expect(states(edited!)).toEqual(states(taken!));
    // A person cancels the held copy (the right call): a third copy is still held, for the first.
    await app.postActions.cancelNews(again.id, 'test');
    const third = { ...first, id: `${first.id}-third` };
    const [held] = await app.intake.take([{ item: third, source: 'feed.xml' }], { actor: 'test' });
    expect(new Set(states(held!))).toEqual(new Set(['awaiting-approval']));
    // Once every post of the first is cancelled too (dropped, to take it under a better id), a copy is news again.
    await app.postActions.cancelNews(first.id, 'test');
    await app.postActions.cancelNews(third.id, 'test');
    const [renamed] = await app.intake.take([{ item: { ...first, id: `${first.id}-renamed` }, source: 'f' }], {
      actor: 'test',
    });
    expect(states(renamed!)).toEqual(states(taken!));
  });
});

describe('the same news under a new id, taken by an earlier version', () => {
  it("the worker's start indexes the items taken before by title and time, once, so their twins wait too", async () => {
    world = await startWorld();
    const { app, redis } = world;
    const keys = redisKeys(world.config.redis.keyPrefix);
    // Started on an empty project: nothing to index, and marked done.
    expect(await redis.exists(keys.newsSeenFilled)).toBe(1);
    // An item as an earlier version remembered it: its own hash only, no digest.
    const old = story(randomUUID().slice(0, 8), 1);
    await redis.hset(keys.newsItem(old.id), { hash: 'x', item: JSON.stringify(old), takenAt: old.published });
    await redis.del(keys.newsSeenFilled);
    const moved = { ...old, id: `${old.id}-https` };
    expect(await app.news.twinsOf(moved)).toEqual([]);
    expect(await app.news.fillSeen()).toBe(1);
    expect(await app.news.fillSeen()).toBe(0);
    expect(await app.news.twinsOf(moved)).toEqual([old.id]);
    expect(await app.news.twinsOf(old)).toEqual([]);
  });
});

describe('posts held for a person (rendered.hold)', () => {
  const held = (post: PlannedPost, reason: string, overLimit: boolean): PlannedPost => ({
    ...post,
    state: 'awaiting-approval',
    rendered: {
      ...post.rendered,
      hold: reason,
      metrics: { length: overLimit ? 400 : post.rendered.text.length, limit: 280 },
    },
  });

  it('a held post is planned awaiting approval, its first entry says why, and an over-limit one cannot be approved', async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const post = held(plannedPost('x-secon'), 'the post is 400 long on X (limit 280)', true);
    await app.scheduler.schedule(plan(post), 'test');
    const record = await app.publishingLog.get(post.postId);
    expect(record).toMatchObject({ state: 'awaiting-approval' });
    expect(record!.note).toBe('waits for a person: the post is 400 long on X (limit 280)');
    await expect(app.postActions.approve(post.postId, 'test')).rejects.toThrow(
      /cannot approve post .*400 long on X.*secon-bot edit/,
    );
    expect(await app.queue.jobState(post.postId, 'twitter')).toBe('none');
  });

  it('a held post that fits (a long thread) can be approved as it is', async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const thread = ['one', 'two', 'three', 'four', 'five', 'six', 'seven'].map((n) => `Part ${n} ${randomUUID()}`);
    const post = held(plannedPost('x-secon', { thread, at: inHours(2) }), 'a thread of 7 parts, more than 6', false);
    await app.scheduler.schedule(plan(post), 'test');
    expect((await app.postActions.approve(post.postId, 'test')).state).toBe('scheduled');
    expect(await app.queue.jobState(post.postId, 'twitter')).toBe('delayed');
  });

  it('an edited item whose post is now held sends the scheduled post back for approval and drops its job', async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const post = plannedPost('x-secon', { at: inHours(2) });
    await app.scheduler.schedule(plan(post), 'test');
    expect(await app.queue.jobState(post.postId, 'twitter')).toBe('delayed');
    const longer = held(retext(post, `${post.rendered.text} ${'more '.repeat(60)}`), 'the post is 400 long', true);
    const [report] = await app.scheduler.schedule(plan(longer), 'test');
    expect(report).toMatchObject({ action: 'updated', state: 'awaiting-approval' });
    expect(report!.note).toMatch(/waits for a person: the post is 400 long/);
    expect(await app.queue.jobState(post.postId, 'twitter')).toBe('none');
    expect(await states(app, post.postId)).toEqual(['scheduled', 'awaiting-approval']);
  });
});

describe('scheduling a large plan', () => {
  it('450 posts (three batches) beside existing ones: reports in plan order, existing posts updated or kept, one job per scheduled post', async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const newsId = `big-${randomUUID().slice(0, 8)}`;
    const channels = ['x-secon', 'linkedin-secon', 'facebook-secon'];
    // 450 posts (more than two batches): 150 language tags over the three channels.
    const languages = ['en', 'de', 'el', 'ro', 'pl', 'pt', 'lv', 'es', 'bg', 'fr', 'nl', 'it'];
    const regions = ['AT', 'BE', 'BG', 'CY', 'DE', 'ES', 'FR', 'GR', 'LV', 'PL', 'PT', 'RO', 'CH'];
    const posts = Array.from({ length: 450 }, (_, i) =>
      plannedPost(channels[i % 3]!, {
        newsId,
        at: inHours(1 + (i % 5)),
        language: `${languages[Math.floor(i / 3) % 12]}-${regions[Math.floor(i / 36)]}`,
        state: i % 7 === 0 ? 'awaiting-approval' : 'scheduled',
      }),
    );
    // Three posts of the plan exist already: one the edit changes, one it leaves as it is, one
    // already cancelled. They sit in different batches.
    const edited = posts[10]!;
    const same = posts[250]!;
    const gone = posts[440]!;
    await app.scheduler.schedule({ newsId, posts: [edited, same, gone], skipped: [] }, 'test');
    await app.postActions.cancel(gone.postId, 'test');
    posts[10] = retext(edited, `${edited.rendered.text} (edited)`);

    const reports = await app.scheduler.schedule({ newsId, posts, skipped: [] }, 'test');
    expect(reports.map((r) => r.postId)).toEqual(posts.map((p) => p.postId));
    expect(reports.filter((r) => r.action !== 'created').map((r) => [r.postId, r.action, r.state])).toEqual([
      [edited.postId, 'updated', 'scheduled'],
      [same.postId, 'unchanged', 'scheduled'],
      [gone.postId, 'kept', 'cancelled'],
    ]);
    expect((await app.store.get(edited.postId))?.post.rendered.text).toBe(posts[10]!.rendered.text);

    const scheduled = posts.filter((p) => p.state === 'scheduled' && p !== gone);
    const jobs = async (platform: 'twitter' | 'linkedin' | 'facebook') =>
      app.queue.queue(platform).getJobCountByTypes('delayed', 'waiting');
    expect((await jobs('twitter')) + (await jobs('linkedin')) + (await jobs('facebook'))).toBe(scheduled.length);
    for (const post of [posts[0]!, posts[1]!, posts[10]!, posts[449]!])
      expect(await app.queue.jobState(post.postId, post.platform)).toBe(
        post.state === 'scheduled' ? 'delayed' : 'none',
      );
    expect(await states(app, posts[7]!.postId)).toEqual(['awaiting-approval']);
    expect(await states(app, posts[8]!.postId)).toEqual(['scheduled']);
  });
});
