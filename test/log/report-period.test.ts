import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, defaultReportSince } from '../../src/log/history-report.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { logEntry } from '../helpers/log-entries.ts';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.ts';

let redis: Redis;
let log: RedisPublishingLog;
const prefix = uniquePrefix('report-period');

beforeAll(async () => {
  redis = testRedis();
  log = new RedisPublishingLog(redis, redisKeys(prefix));
  // One post: failed twice in October, then failed again and finally published in November.
  const at = ['2023-10-30T10:00:00Z', '2023-10-31T10:00:00Z', '2023-11-02T10:00:00Z'];
  for (const [i, time] of at.entries()) {
    await log.append(
      logEntry({
        state: 'scheduled',
        attempt: i + 1,
        at: time,
        errorKind: 'transient',
        errorMessage: `503 number ${i + 1}`,
      }),
    );
  }
  await log.append(
    logEntry({
      state: 'published',
      attempt: 4,
      at: '2023-11-02T11:00:00Z',
      url: 'https://x.com/SeconProject_eu/status/1',
    }),
  );
});

afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('report', () => {
  it('counts only the failures that happened in the period', async () => {
    const november = await buildReport(log, { since: '2023-11-01T00:00:00Z', until: '2023-12-01T00:00:00Z' });
    expect(november.posts).toBe(1);
    expect(november.failures.map((f) => f.message)).toEqual(['503 number 3']);
    expect(november.failures[0]).toMatchObject({ attempts: 1, posts: 1 });
  });

  it('lists a post with many entries once', async () => {
    const rows = await log.query({ since: '2023-10-01T00:00:00Z', until: '2023-12-01T00:00:00Z' });
    expect(rows.map((r) => r.postId)).toEqual([logEntry().postId]);
  });
});

describe('the default report period', () => {
  it('starts on the first of the month eleven months back, in the project zone: twelve whole months', () => {
    expect(defaultReportSince(new Date('2026-12-03T10:00:00Z'), 'Europe/Athens')).toBe('2026-01-01');
    // 23:30 UTC on 31 January is already February in Athens.
    expect(defaultReportSince(new Date('2026-01-31T23:30:00Z'), 'Europe/Athens')).toBe('2025-03-01');
    expect(defaultReportSince(new Date('2026-01-31T23:30:00Z'), 'UTC')).toBe('2025-02-01');
  });
});
