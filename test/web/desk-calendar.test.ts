import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNewsText } from '../../web/news-check.ts';
import { DeskClient, futureNews, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/** The calendar's window: "Show more weeks" widens what the officer is looking at, nothing else. */

let desk: TestDesk;
let admin: DeskClient;

beforeAll(async () => {
  desk = await startTestDesk();
  admin = new DeskClient(desk.server);
  await admin.login('ada');
  // An event three weeks ahead: its reminder and event-day posts are after a one-week calendar.
  const { items } = await loadNewsText(desk.config, 'calendar.md', futureNews('calendar-news'));
  await desk.app.intake.take(items, { actor: 'test' });
});

afterAll(async () => desk?.close());

/** The "Show more weeks" link's address, entities decoded; null when there is none. */
function moreWeeks(body: string): string | null {
  const match = /<a href="([^"]+)">Show more weeks<\/a>/.exec(body);
  return match ? match[1]!.replaceAll('&amp;', '&') : null;
}

describe('review desk: calendar, more weeks', () => {
  it('keeps the filters chosen', async () => {
    const body = (await admin.get('/calendar?weeks=1&channel=x-secon&language=en')).body;
    expect(body).toMatch(/\d+ more post\(s\) after this period/);
    const link = new URL(moreWeeks(body) ?? '', 'http://desk');
    expect(link.pathname).toBe('/calendar');
    expect(Object.fromEntries(link.searchParams)).toEqual({ channel: 'x-secon', language: 'en', weeks: '2' });
  });

  it('offers no more weeks past the most the calendar shows', async () => {
    // An event some 100 days ahead: its reminder is after twelve weeks.
    const far = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const text = futureNews('far-news')
      .replace(/^ {2}start: .*$/m, `  start: ${far(100)}T09:00`)
      .replace(/^ {2}end: .*$/m, `  end: ${far(101)}T14:00`);
    const { items } = await loadNewsText(desk.config, 'far.md', text);
    await desk.app.intake.take(items, { actor: 'test' });
    const body = (await admin.get('/calendar?weeks=12&news=far-news')).body;
    expect(body).toMatch(/\d+ more post\(s\) after this period/);
    expect(moreWeeks(body)).toBeNull();
  });
});

describe('review desk: calendar cards', () => {
  it('a failed post says why on its card, the platform’s answer', async () => {
    const { items } = await loadNewsText(desk.config, 'failing.md', futureNews('failing-news'));
    const [taken] = await desk.app.intake.take(items, { actor: 'test' });
    const post = taken!.posts.find((p) => p.channel === 'linkedin-secon' && p.kind === 'announcement')!;
    const record = (await desk.app.publishingLog.get(post.postId))!;
    const { logId: _logId, ...entry } = record as typeof record & { logId?: string };
    await desk.app.publishingLog.transition(
      {
        ...entry,
        state: 'failed',
        attempt: 1,
        at: new Date().toISOString(),
        errorKind: 'rejected',
        errorMessage: 'LinkedIn answered 422: Unprocessable Entity, with no message',
        actor: 'worker:test:1',
      },
      ['scheduled'],
    );
    const body = (await admin.get('/calendar?news=failing-news&weeks=4')).body;
    const card = body.slice(
      body.indexOf(`data-post="${post.postId}"`),
      body.indexOf('</li>', body.indexOf(`data-post="${post.postId}"`)),
    );
    expect(card).toContain(
      '<p class="mc-error">rejected: LinkedIn answered 422: Unprocessable Entity, with no message</p>',
    );
    // A post that did not fail has no such line.
    expect(body.match(/class="mc-error"/g)).toHaveLength(1);
  });
});
