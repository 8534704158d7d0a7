import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ActivityChange,
  type ActivityOptions,
  activityChanges,
  activityPages,
  actorMatches,
  readActivity,
} from '../../src/log/log-activity.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { newsKey } from '../../src/posts/post.ts';
import type { ChannelEvent } from '../../src/publishing/channel-state.ts';
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
/** Pauses and resumes of channels, each made after the change its key names and before the next. */
const EVENTS_AFTER: ReadonlyArray<[number, Omit<ChannelEvent, 'at'>]> = [
  [4, { channel: 'linkedin-secon', kind: 'paused', by: 'web:maria', reason: 'token renewal' }],
  [11, { channel: 'linkedin-secon', kind: 'resumed', by: 'cli:maria', reason: 'token renewal' }],
  [22, { channel: 'x-secon', kind: 'paused', by: 'worker:auth', reason: 'X answered 401' }],
  [29, { channel: 'x-secon', kind: 'resumed', by: 'web:nikos', reason: 'X answered 401' }],
];
/** The events, with the instants they were made at (newest first, as ChannelState.history gives them). */
const channelEvents: ChannelEvent[] = [];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function write(from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    await log.append(
      logEntry({ postId: `n${i}.x-secon.en.news`, newsId: `n${i}`, actor: ACTORS[i]!, note: `change ${i}` }),
    );
    const event = EVENTS_AFTER.find(([after]) => after === i)?.[1];
    if (!event) continue;
    // Milliseconds apart from the changes either side: the event's place among them is certain.
    await pause(3);
    channelEvents.unshift({ ...event, at: new Date().toISOString() });
    await pause(3);
  }
}

/** A change as the tests name it: a post's by its note, a channel's by what happened to which. */
function label(change: ActivityChange): string {
  return 'entry' in change ? change.entry.note! : `${change.channelEvent.kind} ${change.channelEvent.channel}`;
}

/** Every page of a reading, joined: the changes in the order shown, and how many pages it took. */
async function walk(options: ActivityOptions): Promise<{ notes: string[]; pages: number }> {
  const notes: string[] = [];
  let before: string | undefined;
  let pages = 0;
  do {
    const page = await readActivity(log, { ...options, ...(before ? { before } : {}) });
    const changes = activityChanges(page);
    // Pauses and resumes count towards the limit; only the ones before a page's single change to a
    // post, which cannot be cut from it, may go beyond it.
    if (page.next && page.entries.length > 1)
      expect(changes.length, `a page of ${options.limit ?? 50}`).toBeLessThanOrEqual(options.limit ?? 50);
    notes.push(...changes.map(label));
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

/** As {@link expected}, with the channel events made after each change kept (`keepEvent`). */
function woven(keep: (i: number) => boolean, keepEvent: (event: Omit<ChannelEvent, 'at'>, after: number) => boolean) {
  return ACTORS.map((_, i) => i)
    .reverse()
    .flatMap((i) => {
      const event = EVENTS_AFTER.find(([after]) => after === i)?.[1];
      return [
        ...(event && keepEvent(event, i) ? [`${event.kind} ${event.channel}`] : []),
        ...(keep(i) ? [`change ${i}`] : []),
      ];
    });
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

  it('weaves the channels’ pauses and resumes in where they happened, each once, on any page size', async () => {
    for (const limit of [1, 4, 5, 12, 30, 50]) {
      const { notes } = await walk({ limit, channelEvents });
      expect(notes, `limit ${limit}`).toEqual(
        woven(
          () => true,
          () => true,
        ),
      );
    }
    // The same filters as the changes to posts: who, and when.
    expect((await walk({ by: ['maria'], channelEvents })).notes).toEqual([
      'change 17',
      'resumed linkedin-secon',
      'paused linkedin-secon',
      'change 2',
    ]);
    expect((await walk({ by: ['worker'], limit: 3, channelEvents })).notes).toEqual(
      woven(
        (i) => ACTORS[i]!.startsWith('worker:'),
        (e) => e.by.startsWith('worker:'),
      ),
    );
    expect((await walk({ since: middle, limit: 4, channelEvents })).notes).toEqual(
      woven(
        (i) => i >= 15,
        (_, after) => after >= 15,
      ),
    );
    expect((await walk({ until: middle, limit: 4, channelEvents })).notes).toEqual(
      woven(
        (i) => i < 15,
        (_, after) => after < 15,
      ),
    );
    // A filter's scan limit cuts the pages elsewhere: still each event once, in its place.
    expect((await walk({ by: ['maria'], scanLimit: 10, channelEvents })).notes).toEqual([
      'change 17',
      'resumed linkedin-secon',
      'paused linkedin-secon',
      'change 2',
    ]);
  });

  it('by news item or channel: the changes to those posts; a channel’s pauses with its channel, none with a news item', async () => {
    expect((await walk({ news: ['n3', 'n17'], channelEvents })).notes).toEqual(['change 17', 'change 3']);
    expect((await walk({ news: ['n5'], limit: 1, channelEvents })).notes).toEqual(['change 5']);
    expect((await walk({ channel: ['x-secon'], limit: 7, channelEvents })).notes).toEqual(
      woven(
        () => true,
        (e) => e.channel === 'x-secon',
      ),
    );
    expect((await walk({ channel: ['linkedin-secon'], channelEvents })).notes).toEqual([
      'resumed linkedin-secon',
      'paused linkedin-secon',
    ]);
    expect((await walk({ channel: ['x-secon'], by: ['maria'], channelEvents })).notes).toEqual([
      'change 17',
      'change 2',
    ]);
  });

  it('a feed item, whose post ids hold its news id as a digest, is found by its id or by that digest', async () => {
    const feedPrefix = uniquePrefix('activity-feed');
    const feedLog = new RedisPublishingLog(redis, redisKeys(feedPrefix));
    const newsId = 'https://example.test/news/riga-visit?id=7';
    try {
      await feedLog.append(
        logEntry({
          postId: `${newsKey(newsId)}.x-secon.en.news`,
          newsId,
          actor: 'feed:secon-news',
          note: 'from the feed',
        }),
      );
      for (const news of [[newsId], [newsKey(newsId)]])
        expect(
          (await readActivity(feedLog, { news })).entries.map((e) => e.note),
          news[0],
        ).toEqual(['from the feed']);
      expect((await readActivity(feedLog, { news: ['riga-visit'] })).entries).toEqual([]);
    } finally {
      await deletePrefix(redis, feedPrefix);
    }
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
      for await (const changes of activityPages(log, options, 4)) out.push(...changes.map(label));
      return out;
    };
    expect(await notes({})).toEqual(expected(() => true));
    expect(await notes({ by: ['maria'], limit: 1, before: '1-0', scanLimit: 1 })).toEqual(['change 17', 'change 2']);
    expect(await notes({ since: middle, by: ['web'] })).toEqual(
      expected((i) => i >= 15 && ACTORS[i]!.startsWith('web:')),
    );
    expect(await notes({ channelEvents })).toEqual(
      woven(
        () => true,
        () => true,
      ),
    );
    // A worker's pause is not a person's: "auth" names no one.
    expect(await notes({ by: ['auth'], channelEvents })).toEqual([]);
    // Only a pause matches: the export holds it, though no change to a post does.
    expect(await notes({ by: ['worker:auth'], channelEvents })).toEqual(['paused x-secon']);
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
