import { describe, expect, it } from 'vitest';
import { PRESENCE_TIMEOUT_MS, WorkerPresence } from '../../src/publishing/worker-presence.ts';
import { useTestRedis } from '../helpers/redis.ts';

const test = useTestRedis('presence');
const at = (second: number) => new Date(Date.UTC(2026, 11, 6, 9, 0, second));
const worker = (pid: number, startedAt = at(0)) => ({
  id: `worker:app-1:${pid}`,
  host: 'app-1',
  pid,
  version: '0.9.0',
  startedAt: startedAt.toISOString(),
});

describe('the worker roll', () => {
  it('is empty before any worker ran', async () => {
    const presence = new WorkerPresence(test.redis, test.freshKeys());
    expect(await presence.roll(at(0))).toEqual({ running: [] });
  });

  it('counts a worker as running while it beats, newest start first, and as silent once its beats stop', async () => {
    const presence = new WorkerPresence(test.redis, test.freshKeys());
    await presence.beat(worker(11), at(0));
    await presence.beat(worker(12, at(5)), at(5));
    expect((await presence.roll(at(10))).running.map((w) => w.pid)).toEqual([12, 11]);

    // 11 keeps beating; 12 was killed (no stop said) and is not heard from for longer than the timeout.
    const later = new Date(at(5).getTime() + PRESENCE_TIMEOUT_MS + 1_000);
    await presence.beat(worker(11), later);
    const roll = await presence.roll(later);
    expect(roll.running.map((w) => w.pid)).toEqual([11]);
    expect(roll.running[0]).toMatchObject({ host: 'app-1', seenAt: later.toISOString() });
    expect(roll.lastGone).toMatchObject({ pid: 12, silent: true, seenAt: at(5).toISOString() });
  });

  it('tells a worker that stopped in good order from one that went silent', async () => {
    const presence = new WorkerPresence(test.redis, test.freshKeys());
    await presence.beat(worker(21), at(0));
    await presence.stopped(worker(21), at(3));
    // Stopped is not running, even within the timeout.
    expect(await presence.roll(at(4))).toEqual({
      running: [],
      lastGone: { ...worker(21), seenAt: at(3).toISOString(), stoppedAt: at(3).toISOString(), silent: false },
    });
  });

  it('drops sightings older than a week and fields it cannot read, and keeps the rest', async () => {
    const keys = test.freshKeys();
    const presence = new WorkerPresence(test.redis, keys);
    await presence.beat(worker(31), at(0));
    await test.redis.hset(keys.workers, 'worker:hand-edit:1', 'not json');
    const eightDays = new Date(at(0).getTime() + 8 * 24 * 3600_000);
    await presence.beat(worker(32, eightDays), eightDays);
    const roll = await presence.roll(eightDays);
    expect(roll.running.map((w) => w.pid)).toEqual([32]);
    expect(roll.lastGone).toBeUndefined();
    expect(Object.keys(await test.redis.hgetall(keys.workers))).toEqual(['worker:app-1:32']);
  });
});
