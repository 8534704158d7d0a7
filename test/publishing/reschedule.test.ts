import { afterEach, describe, expect, it } from 'vitest';
import type { NewsItem } from '../../src/news/news-item.ts';
import { workshopItem } from '../helpers/planning.ts';
import { startWorld, type World } from '../helpers/world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const DAY = 86_400_000;
/** The workshop, three weeks from now: its reminder is planned the day before. */
function futureWorkshop(id: string): NewsItem {
  const start = new Date(Date.now() + 21 * DAY);
  start.setUTCHours(7, 0, 0, 0);
  return workshopItem({
    id,
    published: new Date(Date.now() - DAY).toISOString(),
    event: {
      name: 'SECON interregional workshop',
      start: start.toISOString(),
      end: new Date(start.getTime() + 8 * 3_600_000).toISOString(),
      location: 'Haskovo, Bulgaria',
      timezone: 'Europe/Sofia',
    },
  });
}

/** Takes the item into the app (planned and queued) and returns its English reminder on X. */
async function reminderOf(w: World, item: NewsItem) {
  await w.app.intake.take([{ item, source: `${item.id}.md` }], { actor: 'test' });
  const [record] = await w.app.publishingLog.query({ newsId: [item.id], kind: ['reminder'], channel: ['x-secon'] });
  expect(record, 'the plan has a reminder on X').toBeDefined();
  return record!;
}

describe('reschedule renders the post again for its new time', () => {
  it('a reminder moved two days earlier no longer says "tomorrow"; the log and the queue follow', async () => {
    world = await startWorld({ worker: false });
    const reminder = await reminderOf(world, futureWorkshop('resched-a'));
    expect(reminder.text).toContain('tomorrow');
    const at = new Date(Date.parse(reminder.plannedAt) - 2 * DAY);
    const updated = await world.app.postActions.reschedule(reminder.postId, at, 'test');
    expect(updated.plannedAt).toBe(at.toISOString());
    expect(updated.text).not.toContain('tomorrow');
    expect(updated.text).toContain('in 3 days');
    expect(updated.note).toMatch(/rendered again for the new time/);
    expect((await world.app.store.get(reminder.postId))?.post.rendered.text).toBe(updated.text);
    expect(await world.app.queue.jobState(reminder.postId, 'twitter')).toBe('delayed');
  });

  it("keeps a person's edited text and only moves the time, saying why", async () => {
    world = await startWorld({ worker: false });
    const reminder = await reminderOf(world, futureWorkshop('resched-b'));
    await world.app.postActions.editText(reminder.postId, 'See you tomorrow in Haskovo! #SECON', 'test');
    const at = new Date(Date.parse(reminder.plannedAt) - 2 * DAY);
    const updated = await world.app.postActions.reschedule(reminder.postId, at, 'test');
    expect(updated.text).toContain('See you tomorrow in Haskovo!');
    expect(updated.note).toMatch(/text kept: it is not the text its template gives/);
  });

  it('keeps the text of a post an attempt claimed (the old text may be live)', async () => {
    world = await startWorld({ worker: false });
    const reminder = await reminderOf(world, futureWorkshop('resched-c'));
    await world.app.store.markClaimed(reminder.postId, new Date());
    const at = new Date(Date.parse(reminder.plannedAt) - 2 * DAY);
    const updated = await world.app.postActions.reschedule(reminder.postId, at, 'test');
    expect(updated.text).toBe(reminder.text);
    expect(updated.note).toMatch(/text kept: an attempt claimed it/);
  });
});
