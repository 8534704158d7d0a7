import { afterEach, describe, expect, it } from 'vitest';
import { hashText, type LogEntry } from '../../src/log/log-entry.ts';
import type { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import type { PostState } from '../../src/posts/post.ts';
import { type Fleet, startFleet, ticksOf } from '../helpers/fleet.ts';
import { waitFor } from '../helpers/world.ts';

/**
 * Log retention in the worker: with `log.retentionDays` set, a cron task trims the log's entries
 * older than that (once per tick across instances); the posts' records stay. Real Redis streams:
 * old entries are written with stream ids from their (old) time, as they would have been then.
 */

const DAY = 86_400_000;
let fleet: Fleet | undefined;

afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
});

function entry(postId: string, state: PostState, at: number): LogEntry {
  const text = `SECON partners shared what works for social enterprises (${postId}).`;
  return {
    postId,
    newsId: postId.split('.')[0]!,
    channel: 'x-secon',
    platform: 'twitter',
    language: 'en',
    kind: 'news',
    plannedAt: new Date(at).toISOString(),
    at: new Date(at).toISOString(),
    attempt: 0,
    state,
    text,
    textHash: hashText(text),
  };
}

/**
 * A log with: a post all of whose entries are 40 and 39 days old; one with a 35-day-old entry and
 * a recent one; one with a 29-day-old entry (inside 30 days of retention); one written just now.
 */
async function seedLog(log: RedisPublishingLog, now: number): Promise<{ old: number }> {
  // Stream ids only grow: the explicit old ids go first, in time order, then the recent ones.
  const pipeline = log.redisClient.pipeline();
  const writes: Array<[LogEntry, string]> = [
    [entry('old-news.x-secon.en.news', 'scheduled', now - 40 * DAY), `${now - 40 * DAY}-0`],
    [entry('old-news.x-secon.en.news', 'published', now - 39 * DAY), `${now - 39 * DAY}-0`],
    [entry('mixed-news.x-secon.en.news', 'awaiting-approval', now - 35 * DAY), `${now - 35 * DAY}-0`],
    [entry('recent-news.x-secon.en.news', 'scheduled', now - 29 * DAY), `${now - 29 * DAY}-0`],
  ];
  for (const [e, id] of writes) log.queueAppend(pipeline, e, id);
  for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
  await log.append(entry('mixed-news.x-secon.en.news', 'cancelled', now));
  await log.append(entry('fresh-news.x-secon.en.news', 'scheduled', now));
  return { old: 3 };
}

const retentionLines = (f: Fleet) =>
  f.logs.flat().filter((l) => l.task === 'retention' && typeof l.trimmed === 'number');

describe('worker log retention', () => {
  it('trims entries older than retentionDays once per tick across two instances; records and recent entries stay', async () => {
    // Seed first with the same config (prefix) the workers will use, then start them.
    fleet = await startFleet({
      instances: 2,
      configExtra: 'log:\n  retentionDays: 30\n',
      runtime: { retentionSchedule: '* * * * * *' },
    });
    const log = fleet.runtimes[0]!.app.publishingLog;
    // The workers may already have trimmed an empty log; that is fine, the seed comes after.
    // A trim tick may already run while we seed (every second): the size is checked once the old
    // entries are gone, and the trims logged must add up to exactly those.
    const { old } = await seedLog(log, Date.now());

    await waitFor(async () => (await log.size()) === 6 - old, 8000, 'the old entries to be trimmed');
    // The trimming tick logs its line only after the trim: wait for it, else the "two more" below
    // could count it as one of them (seen on a loaded machine: 2 ticks in all instead of 3).
    const trimmedSoFar = () => retentionLines(fleet!).reduce((sum, l) => sum + (l.trimmed as number), 0);
    await waitFor(() => trimmedSoFar() === old, 8000, 'the trims to be logged');
    // Let two more ticks pass: nothing else goes.
    const seen = retentionLines(fleet).length;
    await waitFor(() => retentionLines(fleet!).length >= seen + 2, 8000, 'two more retention ticks');
    expect(await log.size()).toBe(6 - old);

    // Records stay, whatever their age; the timelines keep only the recent entries.
    expect((await log.get('old-news.x-secon.en.news'))?.state).toBe('published');
    expect(await log.timeline('old-news.x-secon.en.news')).toEqual([]);
    expect((await log.get('mixed-news.x-secon.en.news'))?.state).toBe('cancelled');
    expect((await log.timeline('mixed-news.x-secon.en.news')).map((e) => e.state)).toEqual(['cancelled']);
    expect((await log.timeline('recent-news.x-secon.en.news')).map((e) => e.state)).toEqual(['scheduled']);
    expect((await log.timeline('fresh-news.x-secon.en.news')).map((e) => e.state)).toEqual(['scheduled']);
    // Queries read the records, so history still lists every post.
    expect((await log.query({})).map((r) => r.postId).sort()).toEqual(
      ['fresh-news', 'mixed-news', 'old-news', 'recent-news'].map((n) => `${n}.x-secon.en.news`),
    );

    // Each tick ran in exactly one instance; the trims logged add up to the entries that went.
    await Promise.all(fleet.runtimes.map((r) => r.stop()));
    const ticks = ticksOf(fleet.logs, 'retention');
    expect(ticks.size).toBeGreaterThanOrEqual(3);
    for (const [tick, who] of ticks) expect({ tick, ran: who.ran.length }).toEqual({ tick, ran: 1 });
    const lines = retentionLines(fleet);
    expect(lines).toHaveLength(ticks.size);
    expect(lines.reduce((sum, l) => sum + (l.trimmed as number), 0)).toBe(old);
    expect(lines.find((l) => (l.trimmed as number) > 0)).toMatchObject({
      retentionDays: 30,
      msg: `log retention: trimmed ${old} entries older than 30 days`,
    });
  });

  it('without retentionDays no trim task runs and nothing is trimmed', async () => {
    fleet = await startFleet({
      instances: 1,
      runtime: { retentionSchedule: '* * * * * *', credentialsSchedule: '* * * * * *' },
    });
    const runtime = fleet.runtimes[0]!;
    await seedLog(runtime.app.publishingLog, Date.now());
    // The credentials check ticks every second too (it leaves the log alone): two of its ticks
    // prove the crons ran while retention stayed off.
    const checks = () => ticksOf(fleet!.logs, 'credentials').size;
    const start = checks();
    await waitFor(() => checks() >= start + 2, 8000, 'two credentials-check ticks');
    expect(ticksOf(fleet.logs, 'retention').size).toBe(0);
    expect(await runtime.app.publishingLog.size()).toBe(6);
    expect(await runtime.trimLog()).toBe(0);
    expect(await runtime.app.publishingLog.size()).toBe(6);
  });
});
