import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedSchema } from '../../src/config/config-schema.ts';
import { FeedHealth } from '../../src/news/feed-health.ts';
import { uniquePrefix } from '../helpers/redis.ts';
import { DeskClient, deskConfig, startTestDesk, type TestDesk } from './desk-fixtures.ts';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 7, 8);
let desk: TestDesk;
beforeAll(async () => {
  const config = await deskConfig(uniquePrefix('desk-feeds'));
  config.feeds = [
    feedSchema.parse({ id: 'haskovo-news', url: 'https://www.haskovo.bg/rss', schedule: '*/30 * * * *' }),
    feedSchema.parse({ id: 'partner-news', url: 'https://www.interregeurope.eu/secon/rss', approval: false }),
    feedSchema.parse({ id: 'new-feed', url: 'https://example.org/feed.xml' }),
  ];
  desk = await startTestDesk({ config, server: { now: () => new Date(NOW) } });
});
afterAll(async () => desk?.close());

/** The Feeds section's rows: each row's cells as text. */
async function feedRows(client: DeskClient): Promise<string[][]> {
  const page = (await client.get('/health')).body;
  const section = /<section aria-labelledby="h-feeds">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
  return [...section.matchAll(/<tr><th scope="row">([\s\S]*?)<\/tr>/g)].map((row) =>
    `<th>${row[1]}`
      .split(/<\/t[hd]>/)
      .filter((cell) => cell.trim())
      .map((cell) => cell.replace(/<[^>]+>/g, '').trim()),
  );
}

/**
 * A feed that cannot be read takes no news, and only an alert said so: the desk showed the feeds
 * nowhere. Health lists each with when it was last read, or since when it fails and why.
 */
describe('review desk: Health lists the feeds and what their polls found', () => {
  it('read, failing with its reason, and never polled', async () => {
    const health = new FeedHealth(desk.app.redis, (id) => desk.app.keys.feed(id).health, {
      failures: 3,
      afterMs: HOUR,
    });
    await health.succeeded('haskovo-news', NOW - 3 * HOUR);
    for (const hoursAgo of [2, 1.5, 1])
      await health.failed(
        'haskovo-news',
        NOW - hoursAgo * HOUR,
        'the server answered HTTP 503; expected 200 with an RSS or Atom feed',
      );
    await health.succeeded('partner-news', NOW - 0.25 * HOUR, [
      {
        source: 'https://www.interregeurope.eu/secon/rss item 3 (riga-visit)',
        message: 'url: expected an http(s) URL',
      },
    ]);
    const vic = new DeskClient(desk.server);
    await vic.login('vic');
    expect(await feedRows(vic)).toEqual([
      [
        'haskovo-news',
        'https://www.haskovo.bg/rss',
        'Every 30 minutes */30 * * * *',
        'wait for approval',
        'failing 3 polls in a row failed since Mon, 7 Dec 2026, 08:00 EET (alert sent): the server answered HTTP 503; expected ' +
          '200 with an RSS or Atom feed; last read Mon, 7 Dec 2026, 07:00 EET. Its new items are not taken until it is read again.',
      ],
      [
        'partner-news',
        'https://www.interregeurope.eu/secon/rss',
        'Every 15 minutes */15 * * * *',
        'scheduled at once; one in another language waits for approval',
        'read last read Mon, 7 Dec 2026, 09:45 EET1 item refused at the read of Mon, 7 Dec 2026, 09:45 EET, not taken until it ' +
          'is fixed: https://www.interregeurope.eu/secon/rss item 3 (riga-visit): url: expected an http(s) URL.',
      ],
      [
        'new-feed',
        'https://example.org/feed.xml',
        'Every 15 minutes */15 * * * *',
        'wait for approval',
        'not polled yet (the worker polls it on its schedule)',
      ],
    ]);
  });

  it('says nothing of feeds when none is configured', async () => {
    const plain = await startTestDesk();
    try {
      const ada = new DeskClient(plain.server);
      await ada.login('ada');
      expect((await ada.get('/health')).body).not.toContain('h-feeds');
    } finally {
      await plain.close();
    }
  });
});
