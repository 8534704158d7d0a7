import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { loadNewsText } from '../../web/news-check.ts';
import { DeskClient, futureNews, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/**
 * The calendar, the approvals list and the agenda in the order of the plan: channels as configured on every
 * day (the columns used to follow each day's first post, so they changed places from day to day),
 * and posts of the same minute by channel and language, not by post id.
 */

let desk: TestDesk;
let admin: DeskClient;

beforeAll(async () => {
  desk = await startTestDesk();
  admin = new DeskClient(desk.server);
  await admin.login('ada');
  // x-secon and linkedin-secon in English, facebook-secon in en, de and el; all waiting for approval.
  const { items } = await loadNewsText(desk.config, 'order.md', futureNews('order-news'));
  await desk.app.intake.take(items, { actor: 'test', requireApproval: true });
});

afterAll(async () => desk?.close());

const configured = () => desk.config.channels.map((c) => c.id);

/** Each post after the one before it: later, or at the same time on a later channel or language. */
function expectTimeThenPlan(records: PostRecord[]): void {
  const place = records.map((r) => {
    const channel = desk.config.channels.find((c) => c.id === r.channel)!;
    return [Date.parse(r.plannedAt), configured().indexOf(channel.id), channel.languages.indexOf(r.language)];
  });
  for (let i = 1; i < place.length; i++) {
    const [before, after] = [place[i - 1]!, place[i]!];
    const order = before[0]! - after[0]! || before[1]! - after[1]! || before[2]! - after[2]!;
    expect(order, `${records[i - 1]!.postId} before ${records[i]!.postId}`).toBeLessThan(0);
  }
  // The check has ties to decide: posts planned for the same minute.
  const minutes = place.map(([at]) => at);
  expect(new Set(minutes).size).toBeLessThan(minutes.length);
}

describe('review desk: the order of the plan', () => {
  it('shows every day of the calendar with its channels in the configured order', async () => {
    const body = (await admin.get('/calendar?weeks=4&news=order-news')).body;
    const days = body.split('<section class="day"').slice(1);
    expect(days.length).toBeGreaterThanOrEqual(3);
    for (const day of days) {
      const columns = [...day.matchAll(/<h3>([a-z0-9-]+) </g)].map((m) => m[1]!);
      expect(columns.length).toBeGreaterThan(0);
      expect(columns).toEqual(configured().filter((id) => columns.includes(id)));
    }
  });

  it('lists posts waiting for approval by time, and those of one minute by channel, then language', async () => {
    const body = (await admin.get('/approvals')).body;
    const ids = [...body.matchAll(/name="postId" value="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThanOrEqual(12);
    expectTimeThenPlan(await Promise.all(ids.map(async (id) => (await desk.app.publishingLog.get(id))!)));
  });

  it('gives the agenda (the calendar and `secon-bot agenda` read it) in the same order', async () => {
    const agenda = await desk.app.postActions.agenda();
    expect(agenda.length).toBeGreaterThanOrEqual(12);
    expectTimeThenPlan(agenda);
  });

  it('shows the posts of one log time in History as their plan lists them, channel first', async () => {
    const body = (await admin.get('/history?news=order-news')).body;
    const ids = [...new Set([...body.matchAll(/href="\/posts\/([^"]+)"/g)].map((m) => m[1]!))];
    const records = await Promise.all(ids.map(async (id) => (await desk.app.publishingLog.get(id))!));
    expect(records.length).toBeGreaterThanOrEqual(12);
    const place = records.map((r) => {
      const channel = desk.config.channels.find((c) => c.id === r.channel)!;
      return [configured().indexOf(channel.id), Date.parse(r.plannedAt), channel.languages.indexOf(r.language)];
    });
    let ties = 0;
    for (let i = 1; i < place.length; i++) {
      if (records[i - 1]!.at !== records[i]!.at) continue;
      ties++;
      const [before, after] = [place[i - 1]!, place[i]!];
      const order = before[0]! - after[0]! || before[1]! - after[1]! || before[2]! - after[2]!;
      expect(order, `${ids[i - 1]} before ${ids[i]}`).toBeLessThan(0);
    }
    // Taken in one step, most of the item's posts share a log time: the order among them is the plan's.
    expect(ties).toBeGreaterThanOrEqual(6);
  });
});
