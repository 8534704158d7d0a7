import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { FeedHealth, feedHealthAlert } from '../../worker/feed-health.ts';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.ts';

/** A feed's run of failed polls on the real Redis: the time threshold and one alert per run. */
const redis: Redis = testRedis();
const prefix = uniquePrefix('feedhealth');
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const HOUR = 3_600_000;

describe('FeedHealth', () => {
  it('alerts once when a run of failures lasts the time threshold, even before the count, and notes the recovery', async () => {
    const health = new FeedHealth(redis, (id) => redisKeys(prefix).feed(id).health, { failures: 3, afterMs: HOUR });
    const t0 = Date.UTC(2026, 4, 7, 6);
    expect(await health.failed('hourly', t0)).toBeUndefined();
    const change = await health.failed('hourly', t0 + HOUR);
    expect(change).toEqual({ kind: 'failing', failures: 2, sinceMs: t0 });
    // The run is alerted once, however long it lasts.
    expect(await health.failed('hourly', t0 + 2 * HOUR)).toBeUndefined();
    const recovered = await health.succeeded('hourly');
    expect(recovered).toEqual({ kind: 'recovered', failures: 3, sinceMs: t0 });
    expect(feedHealthAlert('hourly', recovered, t0 + 3 * HOUR)?.message).toBe(
      'feed hourly is read again after 3 polls failed since 2026-05-07T06:00:00.000Z (180 min)',
    );
    // A new run starts from nothing; a success without an alerted run says nothing.
    expect(await health.failed('hourly', t0 + 4 * HOUR)).toBeUndefined();
    expect(await health.succeeded('hourly')).toBeUndefined();
  });
});
