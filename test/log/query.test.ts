import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/config/config-schema.ts';
import type { HistoryFilter, PostRecord } from '../../src/log/publishing-log.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { mergeCursorRuns, ScoreRangeCursor } from '../../src/log/score-range-cursor.ts';
import type { PostKind, PostState } from '../../src/posts/post.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { logEntry, minutesAfter } from '../helpers/log-entries.ts';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.ts';

let redis: Redis;
let log: RedisPublishingLog;
const prefix = uniquePrefix('query');

const CHANNELS: Array<[string, Platform]> = [
  ['x-secon', 'twitter'],
  ['linkedin-secon', 'linkedin'],
  ['facebook-secon', 'facebook'],
];
const LANGS = ['en', 'bg', 'el', 'pl'];
const KINDS: PostKind[] = ['announcement', 'recap', 'reminder'];
const FINAL: PostState[] = ['published', 'failed', 'scheduled', 'cancelled'];
const BASE = '2023-10-01T00:00:00.000Z';

/** Every post written, as the oracle the index-driven query is compared with. */
const written: PostRecord[] = [];

/** Plain in-memory filter: what the answer must be. */
function expected(filter: HistoryFilter): string[] {
  const since = filter.since ? Date.parse(filter.since) : -Infinity;
  const until = filter.until ? Date.parse(filter.until) : Infinity;
  const ok = <T>(list: T[] | undefined, v: T) => !list?.length || list.includes(v);
  const rows = written.filter(
    (r) =>
      ok(filter.channel, r.channel) &&
      ok(filter.platform, r.platform) &&
      ok(filter.language, r.language) &&
      ok(filter.newsId, r.newsId) &&
      ok(filter.state, r.state) &&
      ok(filter.kind, r.kind) &&
      Date.parse(r.at) >= since &&
      Date.parse(r.at) < until,
  );
  rows.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.postId < b.postId ? -1 : 1));
  if ((filter.order ?? 'desc') === 'desc') rows.reverse();
  return rows.slice(0, filter.limit ?? rows.length).map((r) => r.postId);
}

beforeAll(async () => {
  redis = testRedis();
  // Small pages so the walk crosses many page boundaries.
  log = new RedisPublishingLog(redis, redisKeys(prefix), { indexPageSize: 3, queryBatchSize: 4 });
  let n = 0;
  for (let news = 0; news < 6; news++) {
    for (const [channel, platform] of CHANNELS) {
      for (const language of LANGS) {
        const kind = KINDS[(news + language.length) % KINDS.length]!;
        const postId = `news-${news}.${channel}.${language}.${kind}`;
        // Several posts share a time, to exercise ties across page boundaries.
        const at = minutesAfter(BASE, Math.floor(n / 3) * 6 * 60);
        const state = FINAL[(n + news) % FINAL.length]!;
        n++;
        const base = { postId, newsId: `news-${news}`, channel, platform, language, kind, plannedAt: at };
        await log.transition(logEntry({ ...base, state: 'scheduled', at: minutesAfter(at, -600) }), [null]);
        await log.transition(logEntry({ ...base, state, at, attempt: state === 'scheduled' ? 0 : 1 }), ['scheduled']);
        written.push({ ...logEntry({ ...base, state, at }), createdAt: minutesAfter(at, -600) });
      }
    }
  }
});
afterAll(async () => {
  await deletePrefix(redis, prefix);
  await redis.quit();
});

describe('query', () => {
  const filters: Array<[string, HistoryFilter]> = [
    ['everything', {}],
    ['one channel', { channel: ['x-secon'] }],
    ['channel and language', { channel: ['linkedin-secon'], language: ['pl'] }],
    ['two languages, one state', { language: ['bg', 'el'], state: ['published'] }],
    ['platform and kind', { platform: ['facebook'], kind: ['recap', 'reminder'] }],
    ['news and state', { newsId: ['news-2', 'news-4'], state: ['failed', 'cancelled'] }],
    ['time window', { since: minutesAfter(BASE, 24 * 60), until: minutesAfter(BASE, 4 * 24 * 60) }],
    [
      'channel in a window, oldest first',
      {
        channel: ['facebook-secon'],
        since: minutesAfter(BASE, 2 * 24 * 60),
        until: minutesAfter(BASE, 6 * 24 * 60),
        order: 'asc',
      },
    ],
    ['limit, newest first', { language: ['en'], limit: 5 }],
    ['limit, oldest first', { state: ['published', 'scheduled'], limit: 7, order: 'asc' }],
    [
      'everything combined',
      {
        channel: ['x-secon', 'facebook-secon'],
        platform: ['twitter'],
        language: ['en', 'bg'],
        kind: ['announcement', 'recap'],
        state: ['published', 'failed', 'cancelled', 'scheduled'],
        since: BASE,
      },
    ],
    ['nothing matches', { channel: ['x-secon'], platform: ['linkedin'] }],
    ['unknown value', { channel: ['nope'] }],
  ];

  it.each(filters)('%s', async (_label, filter) => {
    const want = expected(filter);
    const got = await log.query(filter);
    expect(got.map((r) => r.postId)).toEqual(want);
    for (const record of got) expect(record.createdAt).toBe(written.find((w) => w.postId === record.postId)!.createdAt);
  });

  it('has filters that really select (the fixture is not trivial)', () => {
    expect(expected({}).length).toBe(72);
    expect(expected({ channel: ['linkedin-secon'], language: ['pl'] }).length).toBe(6);
    expect(expected({ language: ['bg', 'el'], state: ['published'] }).length).toBeGreaterThan(0);
  });

  it('keeps a post in the index of its current state only', async () => {
    const scheduled = await log.query({ state: ['scheduled'] });
    expect(scheduled.every((r) => r.state === 'scheduled')).toBe(true);
    const members = await redis.zcard(log.keys.logIndex('state', 'scheduled'));
    expect(members).toBe(written.filter((r) => r.state === 'scheduled').length);
  });

  it('indexes channel, news and state; platform, language and kind are matched on the records', async () => {
    const kinds = (pattern: string) => redis.keys(`${log.keys.logIndexPrefix}${pattern}`);
    for (const dim of ['platform', 'language', 'kind']) expect(await kinds(`${dim}:*`)).toEqual([]);
    for (const dim of ['channel', 'news', 'state']) expect((await kinds(`${dim}:*`)).length).toBeGreaterThan(0);
  });
});

describe('ScoreRangeCursor', () => {
  it('walks ties across pages in Redis order, both ways', async () => {
    const key = redisKeys(prefix).logIndex('test', 'cursor');
    const members: Array<[number, string]> = [];
    for (let i = 0; i < 23; i++) members.push([Math.floor(i / 7), `m${String(i).padStart(2, '0')}`]);
    await redis.zadd(key, ...members.flat());
    const asc = await redis.zrange(key, 1, '(3', 'BYSCORE');
    const walk = async (rev: boolean) => {
      const out: string[] = [];
      const cursor = new ScoreRangeCursor(redis, key, { min: 1, maxExclusive: 3, rev, pageSize: 2 });
      for await (const run of mergeCursorRuns([cursor], rev)) out.push(...run.map((m) => m.member));
      return out;
    };
    expect(await walk(false)).toEqual(asc);
    expect(await walk(true)).toEqual([...asc].reverse());
    expect(asc).toHaveLength(14);
  });

  it('merges several sets in Redis order, pages of different sizes and ties between sets included', async () => {
    const keys = ['a', 'b', 'c'].map((name) => redisKeys(prefix).logIndex('test', `merge-${name}`));
    const all: Array<[number, string]> = [];
    for (let i = 0; i < 40; i++) {
      // Scores repeat within a set and across sets; set c gets one member only.
      const key = i === 39 ? keys[2]! : keys[i % 2]!;
      const member: [number, string] = [Math.floor(i / 3), `m${String(i).padStart(2, '0')}`];
      await redis.zadd(key, ...member);
      all.push(member);
    }
    const expected = all
      .filter(([score]) => score >= 2 && score < 12)
      .sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1))
      .map(([, member]) => member);
    const walk = async (rev: boolean) => {
      const cursors = keys.map(
        (key, i) => new ScoreRangeCursor(redis, key, { min: 2, maxExclusive: 12, rev, pageSize: i + 2 }),
      );
      const out: string[] = [];
      for await (const run of mergeCursorRuns(cursors, rev)) out.push(...run.map((m) => m.member));
      return out;
    };
    expect(await walk(false)).toEqual(expected);
    expect(await walk(true)).toEqual([...expected].reverse());
    expect(expected.length).toBeGreaterThan(25);
  });
});
