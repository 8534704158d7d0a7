import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskClient, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/** A new desk, nothing planned yet: what a communication officer sees on her first day. */

let desk: TestDesk;
let admin: DeskClient;

beforeAll(async () => {
  desk = await startTestDesk();
  admin = new DeskClient(desk.server);
  await admin.login('ada');
});

afterAll(async () => desk?.close());

/** The page's empty-state sentence, tags removed. */
function emptyText(body: string): string {
  return (/<p class="empty">(.*?)<\/p>/s.exec(body)?.[1] ?? '').replace(/<[^>]+>/g, '');
}

describe('review desk: a desk with nothing planned yet', () => {
  it('the calendar says where posts come from', async () => {
    const body = (await admin.get('/calendar')).body;
    expect(emptyText(body)).toBe(
      'Nothing planned in this period. A news item’s posts appear here once it is scheduled on the News page.',
    );
    expect(body).toMatch(/<p class="empty">[^<]*<a href="\/news">News<\/a>/);
  });

  it('the history says the log is empty, not that no post matches', async () => {
    expect(emptyText((await admin.get('/history')).body)).toBe(
      'The publishing log is empty: no news item has been scheduled yet.',
    );
  });

  it('with filters, both still say the filters found nothing', async () => {
    expect(emptyText((await admin.get('/calendar?channel=x-secon')).body)).toBe(
      'Nothing planned in this period for these filters.',
    );
    expect(emptyText((await admin.get('/history?channel=x-secon')).body)).toBe('No posts match.');
    // One news item (where a post page's crumb leads): its past is in its history, linked.
    const news = (await admin.get('/calendar?news=riga-visit')).body;
    expect(emptyText(news)).toBe('Nothing of riga-visit in this period. What went out before today is in its history.');
    expect(news).toContain('<a href="/history?news=riga-visit">its history</a>');
  });
});
