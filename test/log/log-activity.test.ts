import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActivityOptions, activityPages, actorMatches, readActivity } from '../../src/log/log-activity.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { logEntry } from '../helpers/log-entries.ts';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.ts';

let redis: Redis;
let log: RedisPublishingLog;
const prefix = uniquePrefix('activity');
/** Who made each change, in the order written: 30 changes, maria's few and far between. */
const ACTORS = Array.from({ length: 30 }, (_, i) =>
  i === 2
    ? 'web:maria'
    : i === 17
      ? 'cli:maria'
      : i % 3
        ? 'worker:host-a:41'
        : i % 2
          ? 'feed:haskovo-news'
          : 'web:nikos',
);
/** An instant between the first 15 changes and the rest. */
let middle: string;

async function write(from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++)
    await log.append(
      logEntry({ postId: `n${i}.x-secon.en.news`, newsId: `n${i}`, actor: ACTORS[i]!, note: `change ${i}` }),
    );
}

/** Every page of a reading, joined: the notes in the order shown, and how many pages it took. */
async function walk(options: ActivityOptions): Promise<{ notes: string[]; pages: number }> {
  const notes: string[] = [];
  let before: string | undefined;
  let pages = 0;
  do {
    const page = await readActivity(log, { ...options, ...(before ? { before } : {}) });
    notes.push(...page.entries.map((e) => e.note!));
    before = page.next;
    pages++;
  } while (before && pages < 100);
  return { notes, pages };
}

/** The notes of the changes i for which `keep(i)` holds, newest first. */
function expected(keep: (i: number) => boolean): string[] {
  return ACTORS.map((_, i) => i)
    .filter(keep)
    .reverse()
    .map((i) => `change ${i}`);
}

beforeAll(async () => {
  redis = testRedis();
  log = new RedisPublishingLog(redis, redisKeys(prefix));
  await write(0, 15);
  await new Promise((resolve) => setTimeout(resolve, 5));
  middle = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 5));
  await write(15, 30);
});

afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('activity: the log’s changes, newest first, with who made them', () => {
  it('pages through every change exactly once, whatever the page size, each entry whole', async () => {
    for (const limit of [1, 7, 10, 30, 50]) {
      const { notes, pages } = await walk({ limit });
      expect(notes, `limit ${limit}`).toEqual(expected(() => true));
      expect(pages, `limit ${limit}`).toBe(Math.max(1, Math.ceil(30 / limit)));
    }
    const [newest] = (await readActivity(log, { limit: 1 })).entries;
    expect(newest).toMatchObject({ postId: 'n29.x-secon.en.news', channel: 'x-secon', actor: ACTORS[29] });
    expect(newest!.text.length).toBeGreaterThan(0);
    expect(newest!.logId).toMatch(/^\d+-\d+$/);
  });

  it('by a name: what that person did on the desk and in the terminal; by a kind or a whole actor', async () => {
    expect((await walk({ by: ['maria'] })).notes).toEqual(['change 17', 'change 2']);
    // Filled by the oldest change there is: no next page to open empty.
    expect((await readActivity(log, { by: ['maria'], limit: 2 })).next).toBeUndefined();
    expect((await walk({ by: ['web'], limit: 3 })).notes).toEqual(expected((i) => ACTORS[i]!.startsWith('web:')));
    expect((await walk({ by: ['cli:maria', 'feed:haskovo-news'] })).notes).toEqual(
      expected((i) => ACTORS[i] === 'cli:maria' || ACTORS[i]!.startsWith('feed:')),
    );
    // A worker is not a person: its host name is not a name to match.
    expect((await walk({ by: ['host-a'] })).notes).toEqual([]);
  });

  it('with a filter, a page looks at no more than the scan limit and says how far back it got', async () => {
    const first = await readActivity(log, { by: ['maria'], scanLimit: 10 });
    expect(first.entries).toEqual([]);
    expect(first.next).toBeDefined();
    expect(first.lookedBackTo).toBeDefined();
    // Going on from there finds the rest, and the walk ends.
    const { notes, pages } = await walk({ by: ['maria'], scanLimit: 10 });
    expect(notes).toEqual(['change 17', 'change 2']);
    expect(pages).toBe(3);
  });

  it('a period: since is included, until is not', async () => {
    expect((await walk({ since: middle })).notes).toEqual(expected((i) => i >= 15));
    expect((await walk({ until: middle, limit: 4 })).notes).toEqual(expected((i) => i < 15));
    expect((await walk({ until: middle, by: ['maria'] })).notes).toEqual(['change 2']);
  });
});

describe('activityPages: every change that matches, for exports', () => {
  it('all of them, newest first, across pages, with no scan limit; a page limit or start does not narrow it', async () => {
    const notes = async (options: ActivityOptions) => {
      const out: string[] = [];
      for await (const entries of activityPages(log, options, 4)) out.push(...entries.map((e) => e.note!));
      return out;
    };
    expect(await notes({})).toEqual(expected(() => true));
    expect(await notes({ by: ['maria'], limit: 1, before: '1-0', scanLimit: 1 })).toEqual(['change 17', 'change 2']);
    expect(await notes({ since: middle, by: ['web'] })).toEqual(
      expected((i) => i >= 15 && ACTORS[i]!.startsWith('web:')),
    );
  });
});

describe('actorMatches', () => {
  it.each([
    ['web:maria', ['maria'], true],
    ['cli:maria', ['maria'], true],
    ['web:maria', ['web'], true],
    ['web:maria', ['web:maria'], true],
    ['web:mariana', ['maria'], false],
    ['web:maria', ['Maria'], true],
    ['cli:Ģirts', ['ģirts'], true],
    ['worker:maria:12', ['maria'], false],
    ['worker:host:12', ['worker'], true],
    [undefined, ['maria'], false],
  ] as const)('%s by %j: %s', (actor, by, matches) => {
    expect(actorMatches(actor, by)).toBe(matches);
  });
});
