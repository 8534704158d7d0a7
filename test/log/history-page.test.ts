import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyPage } from '../../src/log/history-page.ts';
import type { HistoryFilter } from '../../src/log/publishing-log.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { logEntry, minutesAfter } from '../helpers/log-entries.ts';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.ts';

let redis: Redis;
let log: RedisPublishingLog;
const prefix = uniquePrefix('hpage');
const BASE = '2023-10-01T00:00:00.000Z';

/** Walks every page of a filter and returns the post ids in the order shown. */
async function walk(filter: HistoryFilter, size: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await historyPage(log, filter, { size, ...(cursor ? { cursor } : {}) });
    ids.push(...page.records.map((r) => r.postId));
    cursor = page.next;
    pages++;
  } while (cursor && pages < 100);
  return { ids, pages };
}

beforeAll(async () => {
  redis = testRedis();
  log = new RedisPublishingLog(redis, redisKeys(prefix));
  // 40 posts; groups of five share the same millisecond, so pages end in the middle of a tie.
  for (let i = 0; i < 40; i++) {
    await log.append(
      logEntry({
        postId: `n${i}.x-secon.en.news`,
        newsId: `n${i}`,
        channel: i % 2 ? 'x-secon' : 'facebook-secon',
        platform: i % 2 ? 'twitter' : 'facebook',
        kind: 'news',
        at: minutesAfter(BASE, Math.floor(i / 5)),
        state: 'published',
      }),
    );
  }
});

afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('history pages (cursor, not offset)', () => {
  it('newest first: every post exactly once, in the order of one big query, across ties at a page end', async () => {
    const all = (await log.query({})).map((r) => r.postId);
    for (const size of [3, 5, 7, 40]) {
      const { ids } = await walk({}, size);
      expect(ids).toEqual(all);
    }
  });

  it('oldest first and with filters and a period, the same', async () => {
    const filter: HistoryFilter = {
      channel: ['x-secon'],
      order: 'asc',
      since: minutesAfter(BASE, 1),
      until: minutesAfter(BASE, 7),
    };
    const all = (await log.query(filter)).map((r) => r.postId);
    expect(all.length).toBeGreaterThan(10);
    const { ids, pages } = await walk(filter, 4);
    expect(ids).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 4));
  });

  it('the last page has no next cursor; a bad cursor is an input error', async () => {
    const page = await historyPage(log, {}, { size: 100 });
    expect(page.records).toHaveLength(40);
    expect(page.next).toBeUndefined();
    await expect(historyPage(log, {}, { cursor: 'x;DROP' })).rejects.toThrow(/not a position in the history/);
  });
});
