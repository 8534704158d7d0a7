import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FeedConfig, feedSchema } from '../../src/config/config-schema.ts';
import { FeedPoller, type FeedPollResult } from '../../src/news/feed-poller.ts';
import { NewsStore } from '../../src/news/news-store.ts';
import { planItem } from '../../src/planning/plan-item.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { newsConfig, planningConfig } from '../helpers/config.ts';
import { atomFeed, FeedServer, rssFeed } from '../helpers/feed-server.ts';
import { RecordingRenderer } from '../helpers/planning.ts';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.ts';

const config = newsConfig({ allowPrivateNetworks: true, timeoutMs: 1000 });
const server = new FeedServer();
let redis: Redis;
const prefixes: string[] = [];

beforeAll(async () => {
  redis = testRedis();
  await server.start();
});
afterEach(() => {
  server.routes.clear();
});
afterAll(async () => {
  for (const prefix of prefixes) await deletePrefix(redis, prefix);
  redis.disconnect();
  await server.stop();
});

function setup(options: { minIntervalMs?: number; now?: () => Date } = {}): {
  poller: FeedPoller;
  prefix: string;
  store: NewsStore;
} {
  const prefix = uniquePrefix('feed');
  prefixes.push(prefix);
  return {
    poller: new FeedPoller(redis, redisKeys(prefix), { config, ...options }),
    prefix,
    store: new NewsStore(redis, redisKeys(prefix)),
  };
}

/**
 * The fixtures are dated 2023–2024 and polled by the system clock: no age limit here, except in the
 * tests of `maxAgeDays` ("a feed's back catalogue"), which pass their own.
 */
function feed(path: string, overrides: Partial<FeedConfig> = {}): FeedConfig {
  return feedSchema.parse({ id: 'partner-news', url: server.url(path), maxAgeDays: 100_000, ...overrides });
}

const ids = (result: FeedPollResult) => result.items.map((t) => t.item.id);

const RSS_ITEMS = [
  {
    guid: 'n3',
    title: 'Study visit to Riga',
    html: '<p>The partners visit <b>Riga</b>.</p>',
    date: 'Tue, 04 Jun 2024 09:00:00 +0300',
  },
  {
    guid: 'n2',
    title: 'Workshop in Haskovo',
    html: '<p>Nine regions &amp; one question.</p><ul><li>Day 1</li><li>Day 2</li></ul>',
    date: 'Mon, 13 Nov 2023 09:00:00 +0200',
  },
  { guid: 'n1', title: 'Kick-off', html: 'Plain text, no markup.', date: 'Wed, 01 Mar 2023 10:00:00 +0100' },
];

describe('FeedPoller', () => {
  it('RSS with ETag: takes every item, then 304 adds nothing, then only the one new item (even out of order)', async () => {
    const { poller, prefix } = setup();
    const items = [...RSS_ITEMS];
    const serve = (etag: string) =>
      server.routes.set('/rss', { headers: { 'content-type': 'application/rss+xml', etag }, body: rssFeed(items) });
    serve('"v1"');
    const target = feed('/rss', { language: 'en', kind: 'news', approval: true });

    const first = await poller.poll(target);
    expect(first.status).toBe('fetched');
    expect(first.approval).toBe(true);
    expect(ids(first)).toEqual(['n3', 'n2', 'n1']);
    expect(first.items.every((t) => t.status === 'new')).toBe(true);
    const haskovo = first.items[1]!.item;
    expect(haskovo).toMatchObject({
      kind: 'news',
      language: 'en',
      title: 'Workshop in Haskovo',
      published: '2023-11-13T09:00:00+02:00',
    });
    expect(haskovo.body).toBe('Nine regions & one question.\n\n * Day 1\n * Day 2');
    await poller.commit(first);
    expect(await redis.hget(redisKeys(prefix).feed('partner-news').validators, 'etag')).toBe('"v1"');

    const second = await poller.poll(target);
    expect(server.seen.at(-1)!.headers['if-none-match']).toBe('"v1"');
    expect(second.status).toBe('not-modified');
    expect(second.items).toEqual([]);

    // A new item appears in the middle, dated before the newest: it is taken all the same.
    items.splice(1, 0, {
      guid: 'n2b',
      title: 'Late report from Mazowieckie',
      html: '<p>Better late.</p>',
      date: 'Mon, 20 Nov 2023 12:00:00 +0100',
    });
    serve('"v2"');
    const third = await poller.poll(target);
    expect(third.status).toBe('fetched');
    expect(ids(third)).toEqual(['n2b']);
    expect(third.unchanged).toBe(3);
    await poller.commit(third);

    expect((await poller.poll(target)).status).toBe('not-modified');
  });

  it('Atom with Last-Modified: If-Modified-Since, then a 304, then only the added entry', async () => {
    const { poller } = setup();
    const entries = [
      {
        id: 'urn:a:1',
        title: 'Recap Haskovo',
        html: '<p>Recap <em>text</em>.</p>',
        updated: '2023-11-20T11:00:00+02:00',
      },
      { id: 'urn:a:2', title: 'Study', html: '<p>A study.</p>', updated: '2024-02-01T10:00:00+01:00' },
    ];
    const serve = (lastModified: string) =>
      server.routes.set('/atom', {
        headers: { 'content-type': 'application/atom+xml', 'last-modified': lastModified },
        body: atomFeed(entries),
      });
    serve('Mon, 20 Nov 2023 09:00:00 GMT');
    const target = feed('/atom', { id: 'atom-news', kind: 'recap', approval: false });

    const first = await poller.poll(target);
    expect(ids(first)).toEqual(['urn:a:1', 'urn:a:2']);
    expect(first.approval).toBe(false);
    expect(first.items[0]!.item).toMatchObject({
      kind: 'recap',
      language: 'en',
      body: 'Recap text.',
      published: '2023-11-20T11:00:00+02:00',
    });
    await poller.commit(first);

    const second = await poller.poll(target);
    expect(server.seen.at(-1)!.headers['if-modified-since']).toBe('Mon, 20 Nov 2023 09:00:00 GMT');
    expect(second.status).toBe('not-modified');

    entries.push({ id: 'urn:a:3', title: 'Riga', html: 'Riga visit', updated: '2024-06-04T09:00:00+03:00' });
    serve('Tue, 04 Jun 2024 06:00:00 GMT');
    const third = await poller.poll(target);
    expect(ids(third)).toEqual(['urn:a:3']);
  });

  it('a server without validators: the second poll fetches but finds everything unchanged; an edit is "updated"', async () => {
    const { poller } = setup();
    const items = RSS_ITEMS.map((i) => ({ ...i }));
    server.routes.set('/plain', {
      handle: (res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(items)),
    });
    const target = feed('/plain');

    await poller.commit(await poller.poll(target));
    const second = await poller.poll(target);
    expect(second.status).toBe('fetched');
    expect(second.items).toEqual([]);
    expect(second.unchanged).toBe(3);

    items[0]!.title = 'Study visit to Riga (new date)';
    const third = await poller.poll(target);
    expect(third.items).toHaveLength(1);
    expect(third.items[0]).toMatchObject({
      status: 'updated',
      item: { id: 'n3', title: 'Study visit to Riga (new date)' },
    });
    expect(third.items[0]!.previousHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('remembers nothing until the items are queued: a failing take() loses nothing', async () => {
    const { poller } = setup();
    server.routes.set('/take', { headers: { etag: '"t1"' }, body: rssFeed(RSS_ITEMS.slice(0, 2)) });
    const target = feed('/take');

    await expect(
      poller.poll(target, async () => {
        throw new Error('queue down');
      }),
    ).rejects.toThrow('queue down');
    // The ETag was not kept either: the next poll fetches in full and finds the items still new.
    const retried: string[] = [];
    const result = await poller.poll(target, async (r) => {
      retried.push(...ids(r));
    });
    expect(server.seen.at(-1)!.headers['if-none-match']).toBeUndefined();
    expect(retried).toEqual(['n3', 'n2']);
    expect(result.status).toBe('fetched');

    // take() succeeded, so the poll committed: 304 now.
    expect((await poller.poll(target)).status).toBe('not-modified');
  });

  it('one poll at a time across instances: a concurrent poll of the same feed is skipped', async () => {
    const { prefix } = setup();
    const a = new FeedPoller(redis, redisKeys(prefix), { config });
    const b = new FeedPoller(redis, redisKeys(prefix), { config });
    server.routes.set('/slow-feed', {
      handle: (res) => {
        setTimeout(() => res.writeHead(200).end(rssFeed(RSS_ITEMS)), 200);
      },
    });
    const target = feed('/slow-feed');
    const before = server.seen.length;
    const [ra, rb] = await Promise.all([a.poll(target), b.poll(target)]);
    expect([ra.status, rb.status].sort()).toEqual(['fetched', 'skipped']);
    expect(server.seen.length - before).toBe(1);
  });

  it('minIntervalMs: instances firing the same cron tick one after another poll once', async () => {
    const { prefix } = setup();
    server.routes.set('/tick', { body: rssFeed(RSS_ITEMS) });
    const target = feed('/tick');
    const a = new FeedPoller(redis, redisKeys(prefix), { config, minIntervalMs: 5000 });
    const b = new FeedPoller(redis, redisKeys(prefix), { config, minIntervalMs: 5000 });
    expect((await a.poll(target)).status).toBe('fetched');
    const second = await b.poll(target);
    expect(second.status).toBe('skipped');
    expect(second.error).toMatch(/within the last 5000 ms/);
  });

  it('a feed that is not XML, that times out, or answers an error fails with a clear message', async () => {
    const { poller } = setup();
    server.routes.set('/html', {
      headers: { 'content-type': 'text/html' },
      body: '<html><body><p>Moved<br></body></html>',
    });
    server.routes.set('/hang', { handle: () => undefined });
    server.routes.set('/down', { status: 503, body: 'maintenance' });

    const notXml = await poller.poll(feed('/html'));
    expect(notXml.status).toBe('failed');
    expect(notXml.rejected[0]!.source).toMatch(/\/html:\d+$/);
    expect(notXml.error).toMatch(/not XML .*expected an RSS 2.0 or Atom feed/);

    const hang = await poller.poll(feed('/hang'));
    expect(hang).toMatchObject({ status: 'failed', error: 'no complete answer within 1000 ms' });

    const down = await poller.poll(feed('/down'));
    expect(down.error).toMatch(/HTTP 503; expected 200/);
  });

  it('refuses a feed on a private network unless allowed', async () => {
    const prefix = uniquePrefix('feed');
    prefixes.push(prefix);
    server.routes.set('/private', { body: rssFeed(RSS_ITEMS) });
    const strict = new FeedPoller(redis, redisKeys(prefix), { config: newsConfig() });
    const result = await strict.poll(feed('/private'));
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/refused: 127\.0\.0\.1 .*ingest\.allowPrivateNetworks/);
  });

  it('rejects bad items alone (with feed URL and item), and keeps the date of an undated item stable', async () => {
    const { poller } = setup();
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
      <item><title>Good</title><link>https://www.interregeurope.eu/secon</link><guid>ok</guid><pubDate>Thu, 09 Nov 2023 10:00:00 +0100</pubDate><description>fine</description></item>
      <item><title>Bad date</title><link>https://www.interregeurope.eu/secon</link><guid>bad-date</guid><pubDate>32 Foo 2023</pubDate><description>x</description></item>
      <item><title>No id</title><description>neither guid nor link</description><pubDate>Thu, 09 Nov 2023 10:00:00 +0100</pubDate></item>
      <item><title>Undated</title><link>https://www.interregeurope.eu/secon</link><guid>undated</guid><description>no date</description></item>
      <item><title>Good again</title><link>https://www.interregeurope.eu/secon</link><guid>ok</guid><pubDate>Thu, 09 Nov 2023 10:00:00 +0100</pubDate><description>repeat</description></item>
    </channel></rss>`;
    server.routes.set('/mixed', { body: xml });
    const target = feed('/mixed');
    const first = await poller.poll(target);
    expect(ids(first)).toEqual(['ok', 'undated']);
    expect(first.rejected.map((r) => [r.source.replace(server.url(''), ''), r.field])).toEqual([
      ['/mixed item 2 (bad-date)', 'published'],
      ['/mixed item 3', 'id'],
      ['/mixed item 5 (ok)', 'id'],
    ]);
    expect(first.rejected[0]!.message).toMatch(/pubDate "32 Foo 2023" is not a date/);
    await poller.commit(first);

    // Polled again later: the undated item keeps the date it was first taken with, so it is unchanged.
    const later = new FeedPoller(redis, redisKeys(prefixes.at(-1)!), {
      config,
      now: () => new Date('2030-01-01T00:00:00Z'),
    });
    const second = await later.poll(target);
    expect(second.items).toEqual([]);
    expect(second.unchanged).toBe(2);
  });
});

describe("FeedPoller: a feed's back catalogue (maxAgeDays) and items dated ahead", () => {
  // Polled on Thursday 3 December 2026, 12:00 UTC.
  const now = () => new Date('2026-12-03T12:00:00Z');
  const catalogue = [
    {
      guid: 'future',
      title: 'Partner conference on 20 December',
      html: 'Embargoed.',
      date: 'Sun, 20 Dec 2026 09:00:00 +0200',
    },
    { guid: 'fresh', title: 'Fresh news', html: 'Ten days old.', date: 'Mon, 23 Nov 2026 10:00:00 +0000' },
    { guid: 'edge', title: 'Exactly 14 days', html: 'On the limit.', date: 'Thu, 19 Nov 2026 12:00:00 +0000' },
    { guid: 'stale', title: 'Fifteen days old', html: 'Too old.', date: 'Wed, 18 Nov 2026 12:00:00 +0000' },
    { guid: 'ancient', title: 'Nine months ago', html: 'Long gone.', date: 'Wed, 04 Mar 2026 10:00:00 +0100' },
  ];
  const catalogueFeed = (path: string, overrides: Partial<FeedConfig> = {}) =>
    feedSchema.parse({ id: 'partner-news', url: server.url(path), ...overrides });

  it('defaults to 14 days', () => {
    expect(feedSchema.parse({ id: 'p', url: 'https://www.haskovo.bg/rss' }).maxAgeDays).toBe(14);
    expect(() => feedSchema.parse({ id: 'p', url: 'https://www.haskovo.bg/rss', maxAgeDays: 0 })).toThrow();
  });

  it('takes no item older than maxAgeDays, neither as rejected nor remembered: the poll carries it as too old', async () => {
    const { poller, store } = setup({ now });
    server.routes.set('/catalogue', { body: rssFeed(catalogue) });
    const target = catalogueFeed('/catalogue');
    const first = await poller.poll(target, async () => {});
    expect(ids(first)).toEqual(['future', 'fresh', 'edge']);
    expect(first.rejected).toEqual([]);
    expect(first.tooOld.map((t) => t.id)).toEqual(['stale', 'ancient']);
    expect(first.tooOld[0]).toEqual({
      id: 'stale',
      source: `${server.url('/catalogue')} item 4 (stale)`,
      published: '2026-11-18T12:00:00.000Z',
    });
    // Not remembered: a later poll says the same, and never takes them.
    expect(await store.get('stale')).toBeUndefined();
    const second = await poller.poll(target);
    expect(second.items).toEqual([]);
    expect(second.unchanged).toBe(3);
    expect(second.tooOld.map((t) => t.id)).toEqual(['stale', 'ancient']);
  });

  it('leaves out an invalid item of the back catalogue quietly, as too old, not rejected on every full read', async () => {
    // A link that is no URL (rejected when new) on an item years old, and one old item without a guid or link.
    const broken = [
      ...catalogue.filter((i) => i.guid === 'fresh'),
      { ...catalogue.find((i) => i.guid === 'ancient')!, link: 'not a link' },
    ];
    const noId = `<item><title>Old, no id</title><pubDate>Wed, 04 Mar 2026 10:00:00 +0100</pubDate></item>`;
    server.routes.set('/broken-catalogue', { body: rssFeed(broken).replace('</channel>', `${noId}</channel>`) });
    const { poller } = setup({ now });
    const target = catalogueFeed('/broken-catalogue');
    for (const poll of [await poller.poll(target, async () => {}), await poller.poll(target)]) {
      expect(poll.rejected).toEqual([]);
      expect(poll.tooOld.map((t) => [t.id, t.published])).toEqual([
        ['ancient', '2026-03-04T09:00:00.000Z'],
        [undefined, '2026-03-04T09:00:00.000Z'],
      ]);
    }
    // A fresh item that is invalid is still rejected, with its reason.
    server.routes.set('/broken-fresh', { body: rssFeed([{ ...catalogue[1]!, link: 'not a link' }]) });
    const fresh = await poller.poll(catalogueFeed('/broken-fresh'));
    expect(fresh.rejected.map((r) => r.id)).toEqual(['fresh']);
    expect(fresh.tooOld).toEqual([]);
  });

  it("follows a feed's own maxAgeDays", async () => {
    const { poller } = setup({ now });
    server.routes.set('/own-limit', { body: rssFeed(catalogue) });
    const result = await poller.poll(catalogueFeed('/own-limit', { maxAgeDays: 300 }));
    expect(ids(result)).toEqual(['future', 'fresh', 'edge', 'stale', 'ancient']);
    expect(result.tooOld).toEqual([]);
  });

  it('still takes the edit of an item it took when it was new, however old it is now', async () => {
    const items = catalogue.filter((i) => i.guid === 'fresh').map((i) => ({ ...i }));
    server.routes.set('/edited', { handle: (res) => res.writeHead(200).end(rssFeed(items)) });
    const target = catalogueFeed('/edited');
    const { poller, prefix } = setup({ now });
    await poller.poll(target, async () => {});
    items[0]!.title = 'Fresh news (corrected)';
    const later = new FeedPoller(redis, redisKeys(prefix), { config, now: () => new Date('2027-02-01T12:00:00Z') });
    const edited = await later.poll(target);
    expect(edited.items.map((t) => [t.item.id, t.status])).toEqual([['fresh', 'updated']]);
    expect(edited.tooOld).toEqual([]);
  });

  it('never finds an undated item too old: it is dated when first seen', async () => {
    const undated = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
      <item><title>Undated</title><link>https://www.interregeurope.eu/secon</link><guid>undated</guid><description>no date</description></item>
    </channel></rss>`;
    server.routes.set('/undated', { body: undated });
    const { poller } = setup({ now });
    const result = await poller.poll(catalogueFeed('/undated'));
    expect(ids(result)).toEqual(['undated']);
    expect(result.items[0]!.item.published).toBe('2026-12-03T12:00:00.000Z');
  });

  it('a feed item dated ahead (an embargo) is taken, and its post is planned at or after its date, not at once', async () => {
    const { poller } = setup({ now });
    server.routes.set('/ahead', { body: rssFeed(catalogue.slice(0, 1)) });
    const result = await poller.poll(catalogueFeed('/ahead'));
    const item = result.items[0]!.item;
    const plan = planItem(item, planningConfig(), { now: now(), renderer: new RecordingRenderer() });
    expect(plan.posts.length).toBeGreaterThan(0);
    for (const post of plan.posts)
      expect(Date.parse(post.plannedAt)).toBeGreaterThanOrEqual(Date.parse(item.published));
    // x-secon posts on weekdays at 10:00 and 15:00 Athens: 20 December 2026 is a Sunday, so Monday 10:00.
    expect(plan.posts.find((p) => p.channel === 'x-secon')!.plannedAt).toBe('2026-12-21T08:00:00.000Z');
  });
});
