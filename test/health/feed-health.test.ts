import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { REDACTED, registerSecret } from '../../src/config/secrets.ts';
import { FeedHealth, feedHealthAlert } from '../../src/news/feed-health.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
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
    const recovered = await health.succeeded('hourly', t0 + 3 * HOUR);
    expect(recovered).toEqual({ kind: 'recovered', failures: 3, sinceMs: t0 });
    expect(feedHealthAlert('hourly', recovered, t0 + 3 * HOUR)?.message).toBe(
      'feed hourly is read again after 3 polls failed since 2026-05-07T06:00:00.000Z (180 min)',
    );
    // A new run starts from nothing; a success without an alerted run says nothing.
    expect(await health.failed('hourly', t0 + 4 * HOUR)).toBeUndefined();
    expect(await health.succeeded('hourly', t0 + 5 * HOUR)).toBeUndefined();
  });

  it('tells people when each feed was last read, and a run of failures with its last error', async () => {
    const health = new FeedHealth(redis, (id) => redisKeys(prefix).feed(id).health, { failures: 2, afterMs: HOUR });
    const t0 = Date.UTC(2026, 11, 7, 6);
    await health.succeeded('partners', t0);
    await health.failed('partners', t0 + HOUR, 'the server answered HTTP 503; expected 200 with an RSS or Atom feed');
    await health.failed(
      'partners',
      t0 + 2 * HOUR,
      'the server answered HTTP 404; expected 200 with an RSS or Atom feed',
    );
    await health.succeeded('region', t0 + HOUR);
    expect(await health.states(['partners', 'region', 'never-polled'])).toEqual([
      {
        feedId: 'partners',
        readAtMs: t0,
        failing: {
          failures: 2,
          sinceMs: t0 + HOUR,
          alerted: true,
          error: 'the server answered HTTP 404; expected 200 with an RSS or Atom feed',
        },
      },
      { feedId: 'region', readAtMs: t0 + HOUR },
      { feedId: 'never-polled' },
    ]);
    // A secret in an error (a token the feed's server echoed) is not kept: the desk shows the error.
    const token = 'feed-token-0123456789abcdef';
    registerSecret(token);
    await health.failed('region', t0 + 2 * HOUR, `the server answered HTTP 401 for ${token}`);
    expect((await health.states(['region']))[0]!.failing!.error).toBe(`the server answered HTTP 401 for ${REDACTED}`);
    // Read again: the run is over, the read is kept.
    await health.succeeded('partners', t0 + 3 * HOUR);
    expect((await health.states(['partners']))[0]).toEqual({ feedId: 'partners', readAtMs: t0 + 3 * HOUR });
  });

  it('keeps the items the last read refused until a read finds none: a 304 and a failed poll keep them', async () => {
    const health = new FeedHealth(redis, (id) => redisKeys(prefix).feed(id).health);
    const t0 = Date.UTC(2026, 11, 7, 6);
    const refused = Array.from({ length: 7 }, (_, i) => ({
      source: `https://www.haskovo.bg/rss item ${i + 2}`,
      message: 'title: missing; expected text',
    }));
    await health.succeeded('haskovo', t0, refused);
    const told = { atMs: t0, count: 7, items: refused.slice(0, 5) };
    expect((await health.states(['haskovo']))[0]).toEqual({ feedId: 'haskovo', readAtMs: t0, rejected: told });
    // Not read again (a 304), or not read at all: what was refused is still in the feed.
    await health.succeeded('haskovo', t0 + HOUR);
    await health.failed('haskovo', t0 + 2 * HOUR, 'HTTP 503');
    expect((await health.states(['haskovo']))[0]).toMatchObject({ readAtMs: t0 + HOUR, rejected: told });
    // Read again with every item fine: nothing refused any more, and the run of failures is over.
    await health.succeeded('haskovo', t0 + 3 * HOUR, []);
    expect((await health.states(['haskovo']))[0]).toEqual({ feedId: 'haskovo', readAtMs: t0 + 3 * HOUR });
  });
});
