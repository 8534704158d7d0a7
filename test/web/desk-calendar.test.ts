import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNewsText } from '../../web/news-check.ts';
import { DeskClient, futureNews, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/**
 * The calendar's window: "Show more weeks" widens what the officer is looking at, nothing else. A
 * failed post says why on its card, and on Approvals for a week.
 */

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

describe('review desk: calendar, a paused channel', () => {
  it('is marked paused on every day it has posts, not only in the notice at the top', async () => {
    await desk.app.channels.pause('linkedin-secon', 'Checking the account', 'cli:ops');
    try {
      const body = (await admin.get('/calendar?weeks=4')).body;
      const headings = (channel: string) => [
        ...body.matchAll(new RegExp(`<h3>${channel} <span class="zone">[^<]*</span>(.*?)</h3>`, 'g')),
      ];
      const linkedin = headings('linkedin-secon');
      expect(linkedin.length).toBeGreaterThan(1);
      for (const [, mark] of linkedin) expect(mark).toContain('>paused</span>');
      for (const [, mark] of headings('x-secon')) expect(mark).toBe('');
    } finally {
      await desk.app.channels.resume('linkedin-secon', 'test');
    }
    expect((await admin.get('/calendar?weeks=4')).body).not.toContain('>paused</span></h3>');
  });
});

describe('review desk: calendar, more weeks', () => {
  it('keeps the filters chosen', async () => {
    const body = (await admin.get('/calendar?weeks=1&channel=x-secon&language=en')).body;
    expect(body).toMatch(/\d+ more posts? after this period/);
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
    expect(body).toMatch(/\d+ more posts? after this period/);
    expect(moreWeeks(body)).toBeNull();
  });
});

/** Marks a scheduled post failed, as a worker does when the platform refuses it. */
async function fail(postId: string, at: Date): Promise<void> {
  const record = (await desk.app.publishingLog.get(postId))!;
  await desk.app.publishingLog.transition(
    {
      ...record,
      state: 'failed',
      attempt: 1,
      at: at.toISOString(),
      errorKind: 'rejected',
      errorMessage: 'LinkedIn answered 422: Unprocessable Entity, with no message',
      actor: 'worker:test:1',
    },
    ['scheduled'],
  );
}

/** The card (calendar) or list item (approvals) of a post in a page. */
function cardOf(body: string, postId: string, marker: string): string {
  const at = body.indexOf(marker.replace('%s', postId));
  return at < 0 ? '' : body.slice(at, body.indexOf('</li>', at));
}

const WHY = '<p class="mc-error">rejected: LinkedIn answered 422: Unprocessable Entity, with no message</p>';

describe('review desk: failed posts say why', () => {
  let lately: string;
  let longAgo: string;

  beforeAll(async () => {
    const { items } = await loadNewsText(desk.config, 'failing.md', futureNews('failing-news'));
    const [taken] = await desk.app.intake.take(items, { actor: 'test' });
    const linkedin = taken!.posts.filter((p) => p.channel === 'linkedin-secon');
    lately = linkedin[0]!.postId;
    longAgo = linkedin[1]!.postId;
    await fail(lately, new Date());
    await fail(longAgo, new Date(Date.now() - 8 * 86_400_000));
  });

  it('on its calendar card, the platform’s answer; no other card has such a line', async () => {
    const body = (await admin.get('/calendar?news=failing-news&weeks=4')).body;
    expect(cardOf(body, lately, 'data-post="%s"')).toContain(WHY);
    // The calendar keeps what ended today; the other failure is older.
    expect(body.match(/class="mc-error"/g)).toHaveLength(1);
  });

  it('on Approvals for a week: a failure of today is listed with why, one of eight days ago is not', async () => {
    for (const path of ['/approvals', '/approvals?news=failing-news']) {
      const body = (await admin.get(path)).body;
      expect(body, path).toContain('Failed in the last 7 days (1)');
      // Said first: nothing to approve here, only the failure.
      expect(body, path).toMatch(
        /No post awaits approval( for failing-news)?; below, posts that need a person for another reason\./,
      );
      expect(cardOf(body, lately, `<span class="mono post-id">`), path).toContain(WHY);
      expect(body, path).not.toContain(`/posts/${encodeURIComponent(longAgo)}"`);
    }
    expect((await admin.get('/approvals?news=calendar-news')).body).not.toContain('Failed in the last');
  });
});
