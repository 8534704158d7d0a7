import { describe, expect, it } from 'vitest';
import { REDACTED, registerSecret } from '../../src/config/secrets.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { logEntry, minutesAfter } from '../helpers/log-entries.ts';
import { testRedis, useTestRedis } from '../helpers/redis.ts';

const db = useTestRedis('log');

function newLog(options?: { retentionDays?: number }): RedisPublishingLog {
  return new RedisPublishingLog(db.redis, db.freshKeys(), options);
}

describe('RedisPublishingLog', () => {
  it('keeps every transition of a post that failed twice and then went out', async () => {
    const log = newLog();
    const t0 = '2023-11-10T08:00:00.000Z';
    const steps = [
      {
        from: [null],
        entry: logEntry({ state: 'scheduled', attempt: 0, at: minutesAfter(t0, -60), actor: 'cli:schedule' }),
      },
      { from: ['scheduled'], entry: logEntry({ state: 'publishing', attempt: 1, at: t0, actor: 'worker-a' }) },
      {
        from: ['publishing'],
        entry: logEntry({
          state: 'scheduled',
          attempt: 1,
          at: minutesAfter(t0, 1),
          errorKind: 'transient',
          errorMessage: 'Service Unavailable (503)',
        }),
      },
      {
        from: ['scheduled'],
        entry: logEntry({ state: 'publishing', attempt: 2, at: minutesAfter(t0, 2), actor: 'worker-b' }),
      },
      {
        from: ['publishing'],
        entry: logEntry({
          state: 'scheduled',
          attempt: 2,
          at: minutesAfter(t0, 3),
          errorKind: 'transient',
          errorMessage: 'socket hang up',
        }),
      },
      {
        from: ['scheduled'],
        entry: logEntry({ state: 'publishing', attempt: 3, at: minutesAfter(t0, 6), actor: 'worker-a' }),
      },
      {
        from: ['publishing'],
        entry: logEntry({
          state: 'published',
          attempt: 3,
          at: minutesAfter(t0, 7),
          platformPostId: '1723000000000000001',
          url: 'https://x.com/SeconProject_eu/status/1723000000000000001',
        }),
      },
    ] as const;
    for (const step of steps) {
      const result = await log.transition(step.entry, step.from);
      expect(result.ok, `${step.entry.state} from ${step.from.join()}`).toBe(true);
      expect(result.record?.state).toBe(step.entry.state);
    }

    const timeline = await log.timeline(steps[0].entry.postId);
    expect(timeline.map((e) => [e.state, e.attempt, e.errorKind ?? null])).toEqual([
      ['scheduled', 0, null],
      ['publishing', 1, null],
      ['scheduled', 1, 'transient'],
      ['publishing', 2, null],
      ['scheduled', 2, 'transient'],
      ['publishing', 3, null],
      ['published', 3, null],
    ]);
    expect(timeline[2]!.errorMessage).toBe('Service Unavailable (503)');
    expect(new Set(timeline.map((e) => e.logId)).size).toBe(7);

    const record = await log.get(steps[0].entry.postId);
    expect(record).toMatchObject({
      state: 'published',
      attempt: 3,
      url: steps[6].entry.url,
      createdAt: steps[0].entry.at,
    });
    expect(record?.logId).toBe(timeline[6]!.logId);
    expect(await log.size()).toBe(7);
  });

  it('writes nothing when the current state is not one of `from`', async () => {
    const log = newLog();
    const first = logEntry({ state: 'scheduled' });
    expect((await log.transition(first, [null])).ok).toBe(true);
    // A second "create" of the same post must not overwrite it.
    const again = await log.transition(logEntry({ state: 'scheduled', note: 'second plan' }), [null]);
    expect(again.ok).toBe(false);
    expect(again.record?.note).toBeUndefined();
    const wrong = await log.transition(logEntry({ state: 'published', attempt: 1 }), ['publishing']);
    expect(wrong).toMatchObject({ ok: false, record: { state: 'scheduled' } });
    expect(await log.size()).toBe(1);
    expect(await log.timeline(first.postId)).toHaveLength(1);
    // No record at all: `from` without null refuses too.
    const none = await log.transition(logEntry({ postId: 'other.x-secon.en.news' }), ['scheduled']);
    expect(none).toEqual({ ok: false, record: null });
  });

  it('transitionMany: each step checked on its own, in order, results in order; a bad entry sends nothing', async () => {
    const log = newLog();
    const ids = ['a', 'b', 'c'].map((n) => `item-${n}.x-secon.en.news`);
    await log.transition(logEntry({ postId: ids[1]!, state: 'scheduled', note: 'planned before' }), [null]);
    const results = await log.transitionMany([
      ...ids.map((postId) => ({ entry: logEntry({ postId, state: 'scheduled' }), from: [null] })),
      // Runs after the creations above: sees the record the first step wrote.
      { entry: logEntry({ postId: ids[0]!, state: 'publishing', attempt: 1 }), from: ['scheduled'] as const },
    ]);
    expect(results.map((r) => [r.ok, r.record?.state, r.record?.note])).toEqual([
      [true, 'scheduled', undefined],
      [false, 'scheduled', 'planned before'],
      [true, 'scheduled', undefined],
      [true, 'publishing', undefined],
    ]);
    expect(await log.size()).toBe(4);
    expect(await log.transitionMany([])).toEqual([]);

    await expect(
      log.transitionMany([
        { entry: logEntry({ postId: 'item-d.x-secon.en.news' }), from: [null] },
        { entry: logEntry({ postId: 'item-e.x-secon.en.news', at: 'yesterday' }), from: [null] },
      ]),
    ).rejects.toThrow(/post "item-e.x-secon.en.news".*at:/);
    expect(await log.get('item-d.x-secon.en.news')).toBeNull();
    expect(await log.size()).toBe(4);
  });

  it('releaseLease: a written entry deletes the lease only while it holds the token; an unwritten one keeps it', async () => {
    const log = newLog();
    const postId = logEntry().postId;
    const lease = log.keys.lease(postId);
    await log.transition(logEntry({ state: 'scheduled' }), [null]);
    await log.transition(logEntry({ state: 'publishing', attempt: 1 }), ['scheduled']);
    await db.redis.set(lease, 'token-a', 'PX', 60_000);
    // Refused (wrong state): nothing written, the lease stays.
    const refused = await log.transition(logEntry({ state: 'published', attempt: 1 }), ['scheduled'], {
      releaseLease: 'token-a',
    });
    expect(refused.ok).toBe(false);
    expect(await db.redis.get(lease)).toBe('token-a');
    // Written, but the lease is someone else's now: it stays.
    await db.redis.set(lease, 'token-b', 'PX', 60_000);
    expect(
      (await log.transition(logEntry({ state: 'scheduled', attempt: 1 }), ['publishing'], { releaseLease: 'token-a' }))
        .ok,
    ).toBe(true);
    expect(await db.redis.get(lease)).toBe('token-b');
    // Written with the token the lease holds: gone.
    await log.transition(logEntry({ state: 'publishing', attempt: 2 }), ['scheduled']);
    expect(
      (await log.transition(logEntry({ state: 'published', attempt: 2 }), ['publishing'], { releaseLease: 'token-b' }))
        .ok,
    ).toBe(true);
    expect(await db.redis.exists(lease)).toBe(0);
  });

  it('lets exactly one of many concurrent claims move a post to publishing', async () => {
    const keys = db.freshKeys();
    await new RedisPublishingLog(db.redis, keys).transition(logEntry({ state: 'scheduled' }), [null]);
    // Separate connections, so the claims really race on the server.
    const clients = Array.from({ length: 12 }, () => testRedis());
    try {
      const rounds = 5;
      for (let round = 0; round < rounds; round++) {
        const results = await Promise.all(
          clients.flatMap((client, i) =>
            [0, 1].map((j) =>
              new RedisPublishingLog(client, keys).transition(
                logEntry({ state: 'publishing', attempt: round + 1, actor: `worker-${i}-${j}` }),
                ['scheduled'],
              ),
            ),
          ),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        // Put it back for the next round, as a transient failure would.
        const back = await new RedisPublishingLog(db.redis, keys).transition(
          logEntry({ state: 'scheduled', attempt: round + 1, errorKind: 'transient' }),
          ['publishing'],
        );
        expect(back.ok).toBe(true);
      }
      const timeline = await new RedisPublishingLog(db.redis, keys).timeline(logEntry().postId);
      expect(timeline.filter((e) => e.state === 'publishing')).toHaveLength(rounds);
    } finally {
      await Promise.all(clients.map((c) => c.quit()));
    }
  });

  it('scrubs secrets from messages again on write', async () => {
    const log = newLog();
    const token = 'EAAB-secret-page-token-1234567890';
    registerSecret(token);
    await log.append(
      logEntry({
        state: 'failed',
        errorKind: 'auth',
        errorMessage: `Invalid OAuth access token ${token}`,
        note: `retry with ${encodeURIComponent(token)}`,
      }),
    );
    const [entry] = await log.timeline(logEntry().postId);
    expect(entry!.errorMessage).toBe(`Invalid OAuth access token ${REDACTED}`);
    const raw = await db.redis.xrange(log.keys.logStream, '-', '+');
    expect(JSON.stringify(raw)).not.toContain(token);
    expect(JSON.stringify(await db.redis.get(log.keys.logRecord(entry!.postId)))).not.toContain(token);
  });

  it('rejects an invalid entry with the field named, writing nothing', async () => {
    const log = newLog();
    await expect(log.append(logEntry({ at: 'yesterday' }))).rejects.toThrow(
      /post "haskovo-workshop.x-secon.en.announcement".*at:/,
    );
    await expect(log.append(logEntry({ textHash: 'abc' }))).rejects.toThrow(/textHash/);
    expect(await log.size()).toBe(0);
  });

  it('trims entries older than the retention, keeping the records', async () => {
    const log = newLog({ retentionDays: 30 });
    await log.append(logEntry({ state: 'scheduled' }));
    await log.append(logEntry({ state: 'cancelled' }));
    expect(await log.trim(new Date(Date.now() - 31 * 86_400_000))).toBe(0);
    expect(await log.trim(new Date(Date.now() + 31 * 86_400_000))).toBe(2);
    expect(await log.size()).toBe(0);
    expect(await log.timeline(logEntry().postId)).toEqual([]);
    expect((await log.get(logEntry().postId))?.state).toBe('cancelled');
    expect(await newLog().trim()).toBe(0);
  });
});
