import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { FeedHealth } from '../../src/news/feed-health.ts';
import { LANGUAGE_HOLD } from '../../src/news/language-check.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { METRIC_NAMES } from '../../worker/metrics-registry.ts';
import { burstHold } from '../../worker/worker-runtime.ts';
import { FeedServer, rssFeed } from '../helpers/feed-server.ts';
import { type Fleet, type FleetOptions, type LogLine, startFleet, ticksOf } from '../helpers/fleet.ts';
import { quietDaysFromToday } from '../helpers/quiet-days.ts';
import { waitFor } from '../helpers/world.ts';

/**
 * Feed polling in the worker, end to end: a real HTTP feed on loopback, two WorkerRuntimes on one
 * Redis prefix polling every second (node-cron's seconds field), the real intake, scheduler, log
 * and BullMQ queues, the platform sandboxes. Every wait is on a condition with a deadline.
 */

const server = new FeedServer();
let fleet: Fleet;
let running = false;

const NEWS_PATH = '/partners/news.rss';
const EVENTS_PATH = '/partners/events.rss';
const CHANNELS = ['x-secon', 'linkedin-secon', 'facebook-secon'] as const;

/** Dates within the last days, so the items are current news. */
const daysAgo = (n: number) => DateTime.utc().minus({ days: n }).toRFC2822()!;

const newsItems = [
  {
    guid: 'wf-haskovo-workshop',
    title: 'Haskovo workshop on social enterprise support',
    html: '<p>Partners from <b>nine regions</b> compared how they help social enterprises grow.</p>',
    date: daysAgo(1),
  },
  {
    guid: 'wf-riga-study-visit',
    title: 'Study visit in Riga',
    html: '<p>The Latvian partner showed its new advice desk for social entrepreneurs.</p>',
    date: daysAgo(2),
  },
];
const eventItems = [
  {
    guid: 'wf-policy-brief',
    title: 'Policy brief on public procurement',
    html: '<p>A short brief on social clauses in public tenders is out.</p>',
    date: daysAgo(1),
  },
];

/** Serves these items as an RSS feed at `path`, with an ETag when one is given. */
function serveRss(path: string, items: Parameters<typeof rssFeed>[0], etag?: string): void {
  server.routes.set(path, {
    headers: { 'content-type': 'application/rss+xml', ...(etag ? { etag } : {}) },
    body: rssFeed(items),
  });
}

function serveNews(etag: string): void {
  serveRss(NEWS_PATH, newsItems, etag);
}

/** The events feed has no validators: every poll reads it in full and must find nothing new. */
function serveEvents(): void {
  serveRss(EVENTS_PATH, eventItems);
}

const requestsTo = (path: string) => server.seen.filter((r) => r.path === path).length;

/** A "feed X polled" line, or "feed X polled: <what was rejected>" (a warning). */
const POLLED = /polled(:|$)/;

/** The "feed X polled" lines of all instances, in the order they were written. */
function polls(feed: string): LogLine[] {
  return fleet.logs
    .flat()
    .filter((l) => l.feed === feed && typeof l.status === 'string' && POLLED.test(l.msg))
    .sort((a, b) => (a.time as number) - (b.time as number));
}

async function records(newsIds: string[]): Promise<PostRecord[]> {
  return fleet.runtimes[0]!.app.publishingLog.query({ newsId: newsIds, order: 'asc' });
}

/**
 * Waits until the instances have logged `count` more polls of `feed` after the first `before` that
 * read the feed (a poll is `skipped` when a slow one still holds the feed's lock: legitimate under
 * load, but it reads nothing).
 */
function morePolls(feed: string, before: number, count: number): Promise<unknown> {
  return waitFor(
    () =>
      polls(feed)
        .slice(before)
        .filter((l) => l.status !== 'skipped').length >= count,
    8000,
    `${count} more polls of ${feed}`,
  );
}

/**
 * A feed served at `/<id>.rss` with `items`, and its entry under `feeds:` polled every second with
 * `settings` (YAML lines such as "language: de", one per line).
 */
function servedFeed(id: string, items: Parameters<typeof rssFeed>[0], settings: string[]): string {
  serveRss(`/${id}.rss`, items, `"${id}-v1"`);
  return [
    `  - id: ${id}`,
    `    url: ${server.url(`/${id}.rss`)}`,
    '    schedule: "* * * * * *"',
    ...settings.map((l) => `    ${l}`),
  ].join('\n');
}

/** Two worker instances polling `feeds` (YAML list items) every second. */
async function startFeedFleet(
  feeds: string,
  options: Pick<FleetOptions, 'prefix' | 'editConfig'> = {},
): Promise<Fleet> {
  fleet = await startFleet({
    instances: 2,
    ...options,
    configExtra: `
feeds:
${feeds}
ingest:
  allowPrivateNetworks: true
  timeoutMs: 2000
planning:
  schedule:
    quietDays: ${JSON.stringify(quietDaysFromToday())}
`,
  });
  running = true;
  return fleet;
}

beforeAll(async () => {
  await server.start();
});

afterEach(async () => {
  if (running) await fleet.stop();
  running = false;
});

afterAll(async () => {
  await server.stop();
});

describe('worker feed polling (two instances, one Redis prefix)', () => {
  it('takes new feed items once, queues or holds their posts, adds nothing on later polls and takes a new item alone', async () => {
    serveNews('"news-v1"');
    serveEvents();
    await startFeedFleet(`  - id: partner-news
    url: ${server.url(NEWS_PATH)}
    schedule: "* * * * * *"
    language: en
    approval: false
  - id: partner-events
    url: ${server.url(EVENTS_PATH)}
    schedule: "* * * * * *"
    language: en
    approval: true`);
    const [app] = fleet.runtimes.map((r) => r.app);
    const { publishingLog: log, queue } = app!;

    // (a) The feeds' items are taken and their posts planned.
    const firstIds = [...newsItems, ...eventItems].map((i) => i.guid);
    const first = await waitFor(
      async () => {
        const found = await records(firstIds);
        return found.length === firstIds.length * CHANNELS.length ? found : undefined;
      },
      8000,
      'the posts of the first feed items',
    );

    for (const record of first) {
      const fromNewsFeed = newsItems.some((i) => i.guid === record.newsId);
      // The news feed needs no approval, but the LinkedIn channel itself does; the events feed needs it everywhere.
      const expected = fromNewsFeed && record.channel !== 'linkedin-secon' ? 'scheduled' : 'awaiting-approval';
      expect({ post: record.postId, state: record.state }).toEqual({ post: record.postId, state: expected });
      expect(record.actor).toBe(fromNewsFeed ? 'feed:partner-news' : 'feed:partner-events');
      expect(Date.parse(record.plannedAt)).toBeGreaterThan(Date.now() + 60 * 60_000);
      // A scheduled post has its delayed job; a post awaiting approval has none yet.
      expect(await queue.jobState(record.postId, record.platform)).toBe(expected === 'scheduled' ? 'delayed' : 'none');
    }
    expect(first.filter((r) => r.state === 'scheduled')).toHaveLength(4);
    // One poll per feed took all its items (its log line comes once the items are committed).
    const taking = (feed: string) => polls(feed).filter((l) => (l.items as number) > 0);
    await waitFor(
      () => taking('partner-news').length && taking('partner-events').length,
      8000,
      'the polls that took the items',
    );
    expect(taking('partner-news').map((l) => [l.status, l.items])).toEqual([['fetched', newsItems.length]]);
    expect(taking('partner-events').map((l) => [l.status, l.items])).toEqual([['fetched', eventItems.length]]);

    // (c) Polling again adds nothing: a 304 for the news feed, all items unchanged in the events feed.
    const sizeAfterFirst = await log.size();
    expect(sizeAfterFirst).toBe(first.length);
    const newsPolls = polls('partner-news').length;
    const eventPolls = polls('partner-events').length;
    await Promise.all([morePolls('partner-news', newsPolls, 2), morePolls('partner-events', eventPolls, 2)]);
    const reads = (feed: string, from: number) =>
      polls(feed)
        .slice(from)
        .filter((l) => l.status !== 'skipped');
    for (const l of reads('partner-news', newsPolls)) expect([l.status, l.items]).toEqual(['not-modified', 0]);
    for (const l of reads('partner-events', eventPolls))
      expect([l.status, l.items, l.unchanged]).toEqual(['fetched', 0, eventItems.length]);
    expect(server.seen.filter((r) => r.path === NEWS_PATH).at(-1)!.headers['if-none-match']).toBe('"news-v1"');
    expect(await log.size()).toBe(sizeAfterFirst);
    expect(await records(firstIds)).toHaveLength(first.length);

    // (d) A new item in the news feed is taken alone.
    const added = {
      guid: 'wf-lodz-roundtable',
      title: 'Roundtable in Lodz',
      html: '<p>City officials and social cooperatives met to plan next year.</p>',
      date: daysAgo(0),
    };
    newsItems.unshift(added);
    serveNews('"news-v2"');
    const fresh = await waitFor(
      async () => {
        const found = await records([added.guid]);
        return found.length === CHANNELS.length ? found : undefined;
      },
      8000,
      'the posts of the added item',
    );
    expect(fresh.map((r) => [r.channel, r.state]).sort()).toEqual([
      ['facebook-secon', 'scheduled'],
      ['linkedin-secon', 'awaiting-approval'],
      ['x-secon', 'scheduled'],
    ]);
    await waitFor(() => taking('partner-news').length === 2, 8000, 'the poll that took the added item');
    expect(taking('partner-news').map((l) => [l.status, l.items, l.unchanged])).toEqual([
      ['fetched', newsItems.length - 1, 0],
      ['fetched', 1, newsItems.length - 1],
    ]);
    // Once more nothing: let both feeds be polled twice again before counting.
    const newsPolls2 = polls('partner-news').length;
    const eventPolls2 = polls('partner-events').length;
    await Promise.all([morePolls('partner-news', newsPolls2, 2), morePolls('partner-events', eventPolls2, 2)]);
    for (const l of reads('partner-news', newsPolls2)) expect([l.status, l.items]).toEqual(['not-modified', 0]);
    expect(taking('partner-events')).toHaveLength(1);
    expect(await log.size()).toBe(sizeAfterFirst + CHANNELS.length);
    const all = await records([...firstIds, added.guid]);
    expect(all).toHaveLength(first.length + CHANNELS.length);
    // No post was planned twice: one log entry each (a second intake would have written a second).
    for (const record of all) expect((await log.timeline(record.postId)).map((e) => e.state)).toEqual([record.state]);
    const waiting = await Promise.all(
      ['twitter', 'facebook', 'linkedin'].map((p) =>
        queue.queue(p as 'twitter').getJobCountByTypes('delayed', 'waiting'),
      ),
    );
    expect(waiting.reduce((a, b) => a + b, 0)).toBe(6);

    // (b) Each feed was fetched once per tick, never twice, although both instances tried every tick.
    await Promise.all(fleet.runtimes.map((r) => r.stop()));
    for (const [feed, path] of [
      ['partner-news', NEWS_PATH],
      ['partner-events', EVENTS_PATH],
    ] as const) {
      const ticks = ticksOf(fleet.logs, `feed:${feed}`);
      expect(ticks.size).toBeGreaterThanOrEqual(5);
      for (const [tick, who] of ticks) {
        expect({ tick, ran: who.ran.length }).toEqual({ tick, ran: 1 });
      }
      // Both instances were there to race for the ticks (one ran the tick, the other found it taken).
      const contested = [...ticks.values()].filter((who) => who.skipped.length === 1).length;
      expect(contested).toBeGreaterThanOrEqual(3);
      // Every tick that ran logged one poll, and every poll that read the feed made exactly one
      // request (a poll finding the feed's lock still held by a slow one reads nothing).
      const feedPolls = polls(feed);
      expect(feedPolls.length).toBe(ticks.size);
      expect(new Set(feedPolls.map((l) => l.tick)).size).toBe(feedPolls.length);
      expect(feedPolls.filter((l) => l.status === 'failed')).toEqual([]);
      expect(requestsTo(path)).toBe(feedPolls.filter((l) => l.status !== 'skipped').length);
    }
    expect(fleet.logs.flat().filter((l) => l.level >= 50)).toEqual([]);
  });

  it('a worker stopped in the middle of a poll lets the poll finish, so the other instance polls the feed at once', async () => {
    // The first request hangs until the test lets it go; later ones are answered at once.
    const held: Array<() => void> = [];
    const items = [
      {
        guid: 'wf-sofia-forum',
        title: 'Sofia forum on social economy',
        html: '<p>Two days of talks between ministries and social enterprises.</p>',
        date: daysAgo(1),
      },
    ];
    const body = rssFeed(items);
    server.routes.set('/slow.rss', {
      handle: (res, req) => {
        const answer = () =>
          req.headers['if-none-match'] === '"slow-v1"'
            ? res.writeHead(304, { etag: '"slow-v1"' }).end()
            : res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"slow-v1"' }).end(body);
        if (held.length === 0) held.push(answer);
        else answer();
      },
    });
    await startFeedFleet(`  - id: slow-news
    url: ${server.url('/slow.rss')}
    schedule: "* * * * * *"
    language: en
    approval: false`);
    await waitFor(() => held.length === 1, 8000, 'the first request of the feed');
    // The instance polling is the one that took the first tick (a later tick finds the feed's lock held).
    const firstTaken = fleet.logs
      .flatMap((lines, instance) =>
        lines
          .filter((l) => l.task === 'feed:slow-news' && l.taken === true)
          .map((l) => ({ instance, tick: l.tick as string })),
      )
      .sort((a, b) => a.tick.localeCompare(b.tick))[0];
    const holder = firstTaken!.instance;
    const other = 1 - holder;
    const stopping = fleet.runtimes[holder]!.stop();
    // Let the answer go once the worker has either closed everything or is waiting for the poll.
    await waitFor(
      () => fleet.logs[holder]!.some((l) => l.msg === 'worker stopped' || /periodic tasks? in progress/.test(l.msg)),
      8000,
      'the stop to reach the periodic tasks',
    );
    held[0]!();
    await stopping;

    // The poll finished on its own connection: items taken, nothing failed, the feed's lock released.
    const holderPolls = fleet.logs[holder]!.filter((l) => l.feed === 'slow-news' && POLLED.test(l.msg));
    expect(holderPolls.map((l) => [l.status, l.items])).toEqual([['fetched', 1]]);
    // The one warning expected: the test server's everysec leaves claims exposed to a power cut.
    expect(fleet.logs[holder]!.filter((l) => l.level >= 40 && l.survivesPowerCut !== false)).toEqual([]);
    expect(await fleet.redis.exists(redisKeys(fleet.prefix).feed('slow-news').lock)).toBe(0);
    const posts = await fleet.runtimes[other]!.app.publishingLog.query({ newsId: ['wf-sofia-forum'] });
    expect(posts).toHaveLength(CHANNELS.length);

    // The other instance carries on at the next tick: a conditional GET, not a skip behind a stale lock.
    const before = fleet.logs[other]!.length;
    const next = await waitFor(
      () => fleet.logs[other]!.slice(before).find((l) => l.feed === 'slow-news' && POLLED.test(l.msg)),
      8000,
      'the next poll by the other instance',
    );
    expect(next.status).toBe('not-modified');
    expect(server.seen.filter((r) => r.path === '/slow.rss').at(-1)!.headers['if-none-match']).toBe('"slow-v1"');
  });

  it('an item that cannot be planned is not remembered: once the cause is fixed, the next poll takes it', async () => {
    // X gets its own template folder with a template that renders nothing: planning the item fails.
    const dir = await mkdtemp(join(tmpdir(), 'secon-worker-templates-'));
    try {
      await mkdir(join(dir, 'en'));
      const template = join(dir, 'en', 'twitter.news.liquid');
      await writeFile(template, '{% comment %}nothing to say{% endcomment %}\n');
      const items = [
        {
          guid: 'wf-athens-network',
          title: 'Athens network meeting',
          html: '<p>Support organisations from six countries met to share tools.</p>',
          date: daysAgo(1),
        },
      ];
      serveRss('/templated.rss', items, '"t-v1"');
      const feeds = `  - id: templated-news
    url: ${server.url('/templated.rss')}
    schedule: "* * * * * *"
    language: en
    approval: false`;
      const withTemplates = {
        editConfig: (config: Fleet['config']) => ({
          ...config,
          channels: config.channels.map((c) => (c.id === 'x-secon' ? { ...c, templates: dir } : c)),
        }),
      };
      await startFeedFleet(feeds, withTemplates);
      const rejectedPolls = () =>
        fleet.logs.flat().filter((l) => l.feed === 'templated-news' && /could not be planned/.test(l.msg));
      // Rejected at every poll (the ETag is not kept, so each poll reads the feed in full), never lost silently.
      await waitFor(() => rejectedPolls().length >= 2, 8000, 'two polls rejecting the item');
      expect(String((rejectedPolls()[0]!.rejected as string[])[0])).toMatch(/renders an empty post/);
      // Told where people look too (Health, doctor), with the feed's refused items.
      const app = fleet.runtimes[0]!.app;
      const [state] = await new FeedHealth(app.redis, (id) => app.keys.feed(id).health).states(['templated-news']);
      const told = state!.rejected!.items[0]!;
      expect(told.message).toMatch(/^could not be planned: .*renders an empty post/);
      // The source is named once, beside the message, not again inside it.
      expect(told.message).not.toContain(told.source);
      expect(
        server.seen.filter((r) => r.path === '/templated.rss').every((r) => r.headers['if-none-match'] === undefined),
      ).toBe(true);
      expect(await fleet.runtimes[0]!.app.publishingLog.query({ newsId: ['wf-athens-network'] })).toEqual([]);

      // The template is fixed and the workers restart (templates are compiled once per process).
      const { prefix } = fleet;
      await fleet.stop({ keepData: true });
      running = false;
      await writeFile(template, '{{ item.title }}: {{ item.body }}\n');
      await startFeedFleet(feeds, { ...withTemplates, prefix });
      const posts = await waitFor(
        async () => {
          const found = await fleet.runtimes[0]!.app.publishingLog.query({ newsId: ['wf-athens-network'] });
          return found.length === CHANNELS.length ? found : undefined;
        },
        8000,
        'the posts of the item once the template works',
      );
      expect(posts.find((p) => p.channel === 'x-secon')!.text).toMatch(/^Athens network meeting: /);
      expect(posts.map((p) => p.state).sort()).toEqual(['awaiting-approval', 'scheduled', 'scheduled']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says in the log which channels a feed item gets no post on and why (nobody reads a plan printed by a poll), not the ones the feed left out, and warns of a repeat once', async () => {
    const items = [
      {
        guid: 'wf-rhein-neckar',
        title: 'Sozialunternehmen im Rhein-Neckar-Kreis',
        html: '<p>Ein neues Beratungsangebot für Gründerinnen und Gründer.</p>',
        date: daysAgo(1),
      },
      {
        guid: 'wf-saarland',
        title: 'Sozialunternehmen im Saarland',
        html: '<p>Ein Netzwerktreffen für Sozialunternehmen.</p>',
        date: daysAgo(1),
      },
    ];
    await startFeedFleet(
      servedFeed('german-news', items, [
        'language: de',
        'channels: [linkedin-secon, facebook-secon]',
        'approval: false',
      ]),
    );
    const skipLines = () => fleet.logs.flat().filter((l) => l.feed === 'german-news' && l.skipped !== undefined);
    await waitFor(() => skipLines().length >= 2, 8000, 'the warning about channels without a post');
    // LinkedIn posts in English only: the German item reaches Facebook alone. X is not among the
    // feed's channels: asked for, so not warned about.
    const line = skipLines()[0]!;
    expect(line.level).toBe(40);
    expect(line.msg).toBe(
      'feed german-news: item wf-rhein-neckar: no post on linkedin-secon: the channel posts in en; the item has ' +
        'content in de only',
    );
    expect((line.skipped as Array<{ channel: string }>).map((k) => k.channel)).toEqual(['linkedin-secon']);
    // The same skip at the next item says nothing new: info, so the warnings that differ stand out.
    expect(skipLines()[1]).toMatchObject({ level: 30, newsId: 'wf-saarland' });
    const posts = await waitFor(
      async () => {
        const found = await fleet.runtimes[0]!.app.publishingLog.query({ newsId: ['wf-rhein-neckar'] });
        return found.length ? found : undefined;
      },
      8000,
      'the Facebook post of the German item',
    );
    expect(posts.map((p) => p.channel)).toEqual(['facebook-secon']);
  });

  it("holds a feed's item whose text reads as another language than the feed says, and warns in the log (languageCheck: warn only warns)", async () => {
    const english = (guid: string, place: string) => ({
      guid,
      title: `Social enterprises in the ${place} district`,
      html: '<p>A new advice service helps founders of social enterprises with funding, legal forms and first customers.</p>',
      date: daysAgo(1),
    });
    const german = ['language: de', 'channels: [facebook-secon]', 'approval: false'];
    await startFeedFleet(
      [
        servedFeed('mixed-news', [english('wf-english-in-german', 'Rhine-Neckar')], german),
        servedFeed('mixed-warn', [english('wf-english-warned', 'Saarland')], [...german, 'languageCheck: warn']),
      ].join('\n'),
    );
    const languageLines = () => fleet.logs.flat().filter((l) => l.language !== undefined);
    await waitFor(() => languageLines().length >= 2, 8000, 'the warnings about the language');
    const line = languageLines().find((l) => l.feed === 'mixed-news')!;
    expect(line.level).toBe(40);
    expect(line.msg).toMatch(
      /^feed mixed-news: item wf-english-in-german: the text reads as English \(en\), not German \(de\): /,
    );
    expect(line).toMatchObject({ newsId: 'wf-english-in-german', language: 'de' });
    expect(line.msg).toMatch(/; its de posts wait for a person \(languageCheck: hold\)$/);
    expect(languageLines().find((l) => l.feed === 'mixed-warn')!.msg).not.toMatch(/wait for a person/);

    const log = fleet.runtimes[0]!.app.publishingLog;
    const [held] = await log.query({ newsId: ['wf-english-in-german'] });
    expect(held).toMatchObject({ channel: 'facebook-secon', state: 'awaiting-approval', actor: 'feed:mixed-news' });
    expect(held!.note).toBe(`waits for a person: ${LANGUAGE_HOLD}`);
    const [warned] = await log.query({ newsId: ['wf-english-warned'] });
    expect(warned).toMatchObject({ channel: 'facebook-secon', state: 'scheduled' });
  });

  it('holds every new item of a poll that brings more than maxNewPerPoll, even without approval (a feed re-published under new ids)', async () => {
    const items = ['one', 'two', 'three'].map((n) => ({
      guid: `wf-burst-${n}`,
      title: `Partner news ${n}`,
      html: `<p>Partner news number ${n}.</p>`,
      date: daysAgo(1),
    }));
    await startFeedFleet(
      servedFeed('burst-news', items, [
        'language: en',
        'channels: [facebook-secon]',
        'approval: false',
        'maxNewPerPoll: 2',
      ]),
    );
    const burstLines = () => fleet.logs.flat().filter((l) => l.feed === 'burst-news' && l.new !== undefined);
    await waitFor(() => burstLines().length >= 1, 8000, 'the warning about the burst');
    const hold = burstHold(3, 2);
    expect(burstLines()[0]).toMatchObject({ level: 40, new: 3, msg: `feed burst-news: ${hold}` });
    const posts = await waitFor(
      async () => {
        const found = await fleet.runtimes[0]!.app.publishingLog.query({ newsId: items.map((i) => i.guid) });
        return found.length === 3 ? found : undefined;
      },
      8000,
      'the posts of the three items',
    );
    for (const post of posts)
      expect(post).toMatchObject({ state: 'awaiting-approval', note: `waits for a person: ${hold}` });
  });

  it("keeps a person's text when the partner edits the item, holds the post for a person and says so in the log", async () => {
    const item = (day: number) => ({
      guid: 'wf-mannheim-fair',
      title: 'Sozialunternehmen stellen sich in Mannheim vor',
      html: `<p>Am ${day}. Dezember stellen sich zwölf Sozialunternehmen im Rathaus Mannheim vor.</p>`,
      date: daysAgo(1),
    });
    await startFeedFleet(
      servedFeed('mrn-news', [item(17)], ['language: de', 'channels: [facebook-secon]', 'approval: false']),
    );
    const { publishingLog, postActions, store } = fleet.runtimes[0]!.app;
    const [planned] = await waitFor(
      async () => {
        const found = await publishingLog.query({ newsId: ['wf-mannheim-fair'] });
        return found.length ? found : undefined;
      },
      8000,
      'the post of the item',
    );
    expect(planned).toMatchObject({ channel: 'facebook-secon', state: 'scheduled' });
    const words = 'Zwölf Sozialunternehmen zeigen sich am 17. Dezember in Mannheim: kommen Sie vorbei! #SECON';
    await postActions.editText(planned!.postId, words, 'web:eleni', { mayApprove: false });

    // The partner moves the fair by a day: the template's text for the post changes.
    serveRss('/mrn-news.rss', [item(18)], '"mrn-news-v2"');
    const changedLine = () => fleet.logs.flat().find((l) => l.feed === 'mrn-news' && l.postId === planned!.postId);
    const line = await waitFor(changedLine, 8000, 'the warning about the post');
    expect(line).toMatchObject({
      level: 40,
      newsId: 'wf-mannheim-fair',
      action: 'updated',
      state: 'awaiting-approval',
    });
    expect(line!.msg).toBe(
      `feed mrn-news: item wf-mannheim-fair changed: post ${planned!.postId}: waits for a person: the news item changed after web:eleni wrote this post's text; it keeps their text: check it against the item, then edit, approve or cancel it`,
    );
    expect((await publishingLog.get(planned!.postId))?.state).toBe('awaiting-approval');
    expect((await store.get(planned!.postId))?.post.rendered.text).toBe(words);
  });

  it('plans an edited item in the language a person said it is in, and no longer warns of its language', async () => {
    const item = (day: number) => ({
      guid: 'wf-mannheim-english',
      title: 'Social enterprises present themselves in Mannheim',
      html: `<p>On ${day} December twelve social enterprises from the region present their work at Mannheim city hall. The region invites administrations, foundations and companies to meet the founders.</p>`,
      date: daysAgo(1),
    });
    await startFeedFleet(servedFeed('mrn-english', [item(17)], ['language: de', 'approval: false']));
    const { publishingLog, intake } = fleet.runtimes[0]!.app;
    const languageLines = () => fleet.logs.flat().filter((l) => l.feed === 'mrn-english' && l.language !== undefined);
    await waitFor(() => languageLines().length >= 1, 8000, 'the warning about the language');
    await intake.correctLanguage('wf-mannheim-english', 'en', { actor: 'web:maria' });
    const told = languageLines().length;

    // The partner edits the item, its feed still saying de: planned in English, nothing said of its language.
    serveRss('/mrn-english.rss', [item(18)], '"mrn-english-v2"');
    const english = await waitFor(
      async () => {
        const found = await publishingLog.query({ newsId: ['wf-mannheim-english'], channel: ['x-secon'] });
        return found[0]?.text.includes('18 December') ? found : undefined;
      },
      8000,
      'the X post with the edited text',
    );
    expect(english[0]).toMatchObject({ language: 'en', state: 'scheduled' });
    const all = await publishingLog.query({ newsId: ['wf-mannheim-english'] });
    expect(all.filter((r) => r.language === 'de').map((r) => r.state)).toEqual(['cancelled']);
    expect(languageLines()).toHaveLength(told);
  });

  it('warns with each rejected item and why, and warns of a feed that cannot be read (a count alone says nothing)', async () => {
    const items = [
      {
        guid: 'wf-good-item',
        title: 'Valencia social economy fair',
        html: '<p>Stands from forty cooperatives.</p>',
        date: daysAgo(1),
      },
      {
        guid: 'wf-bad-date',
        title: 'Badly dated item',
        html: '<p>Its date is not a date.</p>',
        date: '32 Foo 2026 99:00',
      },
    ];
    serveRss('/partly-bad.rss', items);
    serveRss('/old-only.rss', [
      { guid: 'wf-last-year', title: 'Last year', html: '<p>Old news.</p>', date: daysAgo(40) },
    ]);
    server.routes.set('/broken.rss', {
      headers: { 'content-type': 'application/rss+xml' },
      body: '<rss><channel><item>',
    });
    await startFeedFleet(`  - id: partly-bad
    url: ${server.url('/partly-bad.rss')}
    schedule: "* * * * * *"
    language: en
    approval: false
  - id: broken
    url: ${server.url('/broken.rss')}
    schedule: "* * * * * *"
  - id: old-only
    url: ${server.url('/old-only.rss')}
    schedule: "* * * * * *"`);
    const partly = await waitFor(
      () => polls('partly-bad').find((l) => l.rejected === 1),
      8000,
      'a poll rejecting the item',
    );
    expect(partly.level).toBe(40);
    const rejections = partly.rejections as Array<{ source: string; id?: string; message: string }>;
    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.message).toMatch(/published/);
    expect(partly.msg).toMatch(/wf-bad-date|item 2/);
    expect(partly.msg.split('wf-bad-date')).toHaveLength(2); // the item's id said once, not twice
    expect(partly.msg).toMatch(/published/);
    // …and kept for people: Health on the desk and doctor show it under the feed.
    const app = fleet.runtimes[0]!.app;
    const [state] = await new FeedHealth(app.redis, (id) => app.keys.feed(id).health).states(['partly-bad']);
    expect(state!.rejected).toMatchObject({ count: 1, items: [{ message: expect.stringMatching(/published/) }] });

    const broken = await waitFor(() => polls('broken').find((l) => l.status === 'failed'), 8000, 'a failed poll');
    expect(broken.level).toBe(40);
    expect(broken.msg).toMatch(/RSS 2\.0 or Atom/);

    // A feed's back catalogue is left out on purpose (maxAgeDays): said at info, with the ids.
    const old = await waitFor(
      () => polls('old-only').find((l) => l.tooOld === 1),
      8000,
      'a poll leaving the old item out',
    );
    expect(old.level).toBe(30);
    expect(old.msg).toBe('feed old-only polled: 1 item older than 14 days left out (maxAgeDays)');
    expect(old.tooOldIds).toEqual(['wf-last-year']);
  });
});

describe('a feed that cannot be read (two instances)', () => {
  it('raises one feed-failing alert after 3 failed polls in a row, counts them in /metrics, and one feed-recovered once it is read again', async () => {
    const path = '/truncated.rss';
    const whole = rssFeed(newsItems);
    // A truncated download: the first half of a valid feed.
    server.routes.set(path, {
      headers: { 'content-type': 'application/rss+xml' },
      body: whole.slice(0, whole.length / 2),
    });
    await startFeedFleet(`  - id: truncated
    url: ${server.url(path)}
    schedule: "* * * * * *"
    approval: true`);
    const failing = () => fleet.alerts.filter((a) => a.kind === 'feed-failing');
    const alert = await waitFor(() => failing()[0], 10_000, 'a feed-failing alert');
    expect(alert.message).toMatch(/feed truncated cannot be read: 3 polls in a row failed since .*Last error: /);
    // Counted across both instances (the run of failures is kept in Redis), alerted once per run.
    const failedPolls = polls('truncated').filter((l) => l.status === 'failed').length;
    expect(failedPolls).toBeGreaterThanOrEqual(3);
    await morePolls('truncated', polls('truncated').length, 2);
    expect(failing()).toHaveLength(1);

    const scraped = await Promise.all(fleet.runtimes.map((r) => r.metrics.metrics()));
    const failures = scraped
      .flatMap((text) => text.split('\n'))
      .filter((l) => l.startsWith(`${METRIC_NAMES.feedPollFailures}{feed="truncated"}`))
      .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
    expect(failures).toBeGreaterThanOrEqual(5);

    server.routes.set(path, { headers: { 'content-type': 'application/rss+xml' }, body: whole });
    const recovered = await waitFor(
      () => fleet.alerts.find((a) => a.kind === 'feed-recovered'),
      10_000,
      'a feed-recovered alert',
    );
    expect(recovered.message).toMatch(/feed truncated is read again after \d+ polls failed since/);
    const after = (await Promise.all(fleet.runtimes.map((r) => r.metrics.metrics()))).join('\n');
    const lastSuccess = after
      .split('\n')
      .filter((l) => l.startsWith(`${METRIC_NAMES.feedLastSuccess}{feed="truncated"}`))
      .map((l) => Number(l.split(' ').at(-1)));
    expect(Math.max(...lastSuccess)).toBeGreaterThan(Date.now() / 1000 - 30);
  });
});
