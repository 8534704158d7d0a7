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

/** Where a post sits: its planned time, its channel's place in the configuration, its language's in the channel's. */
function placeOf(r: PostRecord): { time: number; channel: number; language: number } {
  const channel = desk.config.channels.find((c) => c.id === r.channel)!;
  return {
    time: Date.parse(r.plannedAt),
    channel: configured().indexOf(channel.id),
    language: channel.languages.indexOf(r.language),
  };
}

/**
 * Each post after the one before it by `keys` of {@link placeOf}, compared in turn (only between
 * neighbours that `pair` accepts); returns how many pairs were compared.
 */
function expectOrdered(
  records: PostRecord[],
  keys: ReadonlyArray<keyof ReturnType<typeof placeOf>>,
  pair: (before: PostRecord, after: PostRecord) => boolean = () => true,
): number {
  let compared = 0;
  for (let i = 1; i < records.length; i++) {
    if (!pair(records[i - 1]!, records[i]!)) continue;
    compared++;
    const [before, after] = [placeOf(records[i - 1]!), placeOf(records[i]!)];
    const order = keys.reduce((found, key) => found || before[key] - after[key], 0);
    expect(order, `${records[i - 1]!.postId} before ${records[i]!.postId}`).toBeLessThan(0);
  }
  return compared;
}

/** Soonest first; posts of the same minute by channel, then language. */
function expectTimeThenPlan(records: PostRecord[]): void {
  expectOrdered(records, ['time', 'channel', 'language']);
  // The check has ties to decide: posts planned for the same minute.
  const minutes = records.map((r) => r.plannedAt);
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
    const ties = expectOrdered(records, ['channel', 'time', 'language'], (before, after) => before.at === after.at);
    // Taken in one step, most of the item's posts share a log time: the order among them is the plan's.
    expect(ties).toBeGreaterThanOrEqual(6);
  });
});
