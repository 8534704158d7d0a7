import { afterEach, describe, expect, it } from 'vitest';
import { plannedPost, startWorld, type World } from '../helpers/world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe('the log time of a plan', () => {
  it('the posts of one plan share one log time, however long the clock runs while they are written', async () => {
    // A clock that moves a millisecond each time it is read: the batch must read it once, or its
    // posts land on two log times and History splits the plan (its ties are ordered per time).
    let tick = Date.parse('2026-12-06T19:53:38.678Z');
    world = await startWorld({ worker: false, now: () => new Date(tick++) });
    const newsId = 'plan-log-time';
    const at = new Date(Date.now() + 3_600_000);
    const posts = ['x-secon', 'linkedin-secon', 'facebook-secon'].map((channel) =>
      plannedPost(channel, { newsId, kind: 'announcement', at }),
    );
    const reports = await world.app.scheduler.schedule({ newsId, posts, skipped: [] }, 'test');
    expect(reports.map((r) => r.action)).toEqual(['created', 'created', 'created']);
    const records = await world.app.publishingLog.query({ newsId: [newsId] });
    expect(records).toHaveLength(3);
    expect(new Set(records.map((r) => r.at))).toEqual(new Set(['2026-12-06T19:53:38.678Z']));
  });
});
