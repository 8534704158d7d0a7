import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEntry } from '../../src/publishing/log-entries.ts';
import { loadNewsText } from '../../web/news-check.ts';
import { DeskClient, futureNews, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/**
 * "The event is off": every post of a news item that has not gone out, cancelled at once from the
 * Calendar narrowed to that item, by someone who may edit; each cancel in the log with its actor.
 */
let desk: TestDesk;
let posts: string[];

beforeAll(async () => {
  desk = await startTestDesk();
  const { items } = await loadNewsText(desk.config, 'called-off.md', futureNews('called-off'));
  const [result] = await desk.app.intake.take(items, { actor: 'test' });
  posts = result!.posts.map((p) => p.postId);
});
afterAll(async () => desk?.close());

const flash = (body: string) => /<div class="flash[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec(body)?.[1] ?? '';

describe('review desk: cancel every post of a news item', () => {
  it('a viewer is not offered it and is refused (403) without a change; so is a form without its CSRF token', async () => {
    const viewer = new DeskClient(desk.server);
    await viewer.login('vic');
    expect((await viewer.get('/calendar?news=called-off')).body).not.toContain('action="/news/cancel"');
    const refused = await viewer.post('/news/cancel', { news: 'called-off' }, { from: '/calendar?news=called-off' });
    expect(refused.statusCode).toBe(403);
    const editor = new DeskClient(desk.server);
    await editor.login('ed');
    const forged = await editor.post('/news/cancel', { news: 'called-off' }, { csrf: null });
    expect(forged.statusCode).toBe(403);
    for (const id of posts) expect((await desk.app.publishingLog.get(id))!.state).not.toBe('cancelled');
  });

  it('an editor cancels them all from the Calendar: each logged with the editor, one already published left as it is', async () => {
    // One post went out already: it stays published, named with its link.
    const [published, ...rest] = posts;
    const record = (await desk.app.publishingLog.get(published!))!;
    await desk.app.publishingLog.transition(
      nextEntry(record, 'published', new Date(), {
        actor: 'worker:test',
        attempt: 1,
        platformPostId: 'live-1',
        url: 'https://x.com/SeconProject_eu/status/1',
      }),
      [record.state],
    );
    const editor = new DeskClient(desk.server);
    await editor.login('ed');
    const calendar = (await editor.get('/calendar?news=called-off')).body;
    expect(calendar).toContain(`${rest.length} posts of <strong>called-off</strong> have not gone out yet`);
    expect(calendar).toContain(
      `data-confirm="Cancel the ${rest.length} posts of called-off that have not gone out? None of them will be published."`,
    );
    const done = await editor.post('/news/cancel', { news: 'called-off' }, { from: '/calendar?news=called-off' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/calendar?news=called-off');
    const after = (await editor.get('/calendar?news=called-off')).body;
    expect(flash(after)).toContain(
      `Cancelled ${rest.length} posts of called-off: none of them will go out. 1 other post is left as it is`,
    );
    expect(flash(after)).toContain(`kept ${published}: published (https://x.com/SeconProject_eu/status/1)`);
    for (const id of rest) {
      const cancelled = (await desk.app.publishingLog.get(id))!;
      expect(cancelled).toMatchObject({ state: 'cancelled', actor: 'web:ed' });
    }
    expect((await desk.app.publishingLog.get(published!))!.state).toBe('published');
    // Nothing left to cancel: the form is gone.
    expect((await editor.get('/calendar?news=called-off')).body).not.toContain('action="/news/cancel"');
    // An unknown news item is said, not silently done.
    await editor.post('/news/cancel', { news: 'no-such-item' }, { from: '/calendar' });
    expect(flash((await editor.get('/calendar?news=no-such-item')).body)).toContain(
      'no posts found for news id &quot;no-such-item&quot;',
    );
  });
});

describe('review desk: cancel selected posts on Approvals', () => {
  it('an approver cancels the posts ticked, asked first; each is logged with them; a viewer is refused', async () => {
    const { items } = await loadNewsText(desk.config, 'refused.md', futureNews('refused-item'));
    const [result] = await desk.app.intake.take(items, { actor: 'test', requireApproval: true });
    const [one, two, ...others] = result!.posts.map((p) => p.postId);
    const approver = new DeskClient(desk.server);
    await approver.login('aida');
    const page = (await approver.get('/approvals?news=refused-item')).body;
    expect(page).toContain(
      '<button type="submit" class="danger" formaction="/approvals/cancel" data-confirm="Cancel the selected posts? They will not go out.">Cancel selected</button>',
    );
    const viewer = new DeskClient(desk.server);
    await viewer.login('vic');
    expect((await viewer.post('/approvals/cancel', { postId: one! }, { from: '/approvals' })).statusCode).toBe(403);

    const done = await approver.post(
      '/approvals/cancel',
      { postId: [one!, two!], news: 'refused-item' },
      { from: '/approvals?news=refused-item' },
    );
    expect(done.headers.location).toBe('/approvals?news=refused-item');
    const after = (await approver.get('/approvals?news=refused-item')).body;
    expect(flash(after)).toContain('Cancelled 2 posts: they will not go out.');
    for (const id of [one, two])
      expect(await desk.app.publishingLog.get(id!)).toMatchObject({ state: 'cancelled', actor: 'web:aida' });
    for (const id of others) expect((await desk.app.publishingLog.get(id))!.state).toBe('awaiting-approval');
    // Once more: nothing is left to cancel in them, and it says so.
    await approver.post('/approvals/cancel', { postId: one! }, { from: '/approvals' });
    expect(flash((await approver.get('/approvals')).body)).toContain(
      'Cancelled 0 posts: they will not go out; 1 could not be cancelled.',
    );
  });
});
