import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { deleteKeys } from '../dev/delete-keys.ts';
import { type Config, configSchema, feedSchema } from '../src/config/config-schema.ts';
import { FeedPoller } from '../src/news/feed-poller.ts';
import { loadSources } from '../src/news/load-sources.ts';
import { newsItemSchema } from '../src/news/news-item.ts';
import { NewsStore } from '../src/news/news-store.ts';
import { keyPattern, redisKeys } from '../src/redis/redis-keys.ts';
import { DAY_MS } from '../src/time-units.ts';
import { type Benchmark, type BenchRow, median } from './harness.ts';

/** Items per source: 10 000 (1 000 with --quick). */
const FULL_ITEMS = 10_000;
const QUICK_ITEMS = 1_000;
const MEMORY_SAMPLE_MS = 10;

function benchConfig(keyPrefix: string): Config {
  return configSchema.parse({
    project: { name: 'SECON', website: 'https://www.interregeurope.eu/secon', timezone: 'Europe/Athens' },
    redis: { keyPrefix },
    channels: [
      {
        id: 'facebook-secon',
        platform: 'facebook',
        account: '1',
        languages: ['en', 'de'],
        credentials: { pageToken: 'SECON_FACEBOOK_PAGE_TOKEN' },
      },
    ],
    // The feed of 10 000 items is several MB: the bench lifts the size and item caps; loopback is the bench's own server.
    ingest: { maxBytes: 256 * 1024 * 1024, timeoutMs: 120_000, allowPrivateNetworks: true, maxItemsPerSource: 100_000 },
  });
}

/** Midnight UTC of the day the benchmark runs. */
const TODAY = Math.floor(Date.now() / DAY_MS) * DAY_MS;

/** A typical item: an event announcement with one translation, ~1.2 KB of Markdown. */
function generatedItem(i: number): Record<string, unknown> {
  // Dated from today, within a feed's maxAgeDays (two weeks): older items are its back catalogue,
  // left out unread (fixed dates made the feed row fetch nothing once they were that old).
  const day = (offset: number, hour: number) => {
    const at = new Date(TODAY + offset * DAY_MS);
    at.setUTCHours(hour);
    return at.toISOString();
  };
  return {
    id: `bench-${i}`,
    kind: 'announcement',
    language: 'en',
    title: `SECON partner meeting number ${i}`,
    summary: `Partners from nine regions meet for session ${i} to compare how they support social enterprises.`,
    body: `Session ${i} brings the partners together.\n\nThey discuss **marketing**, branding and the legal framework, and visit a social enterprise.`,
    url: `https://www.interregeurope.eu/secon#${i}`,
    published: day(-(i % 10), 8),
    event: {
      name: `Meeting ${i}`,
      start: day(30 + (i % 28), 6),
      end: day(30 + (i % 28), 14),
      location: 'Haskovo, Bulgaria',
      timezone: 'Europe/Sofia',
    },
    hashtags: ['SECON', 'SocialEconomy'],
    translations: {
      de: {
        title: `SECON-Partnertreffen Nr. ${i}`,
        summary: `Die Partner aus neun Regionen treffen sich zur Sitzung ${i}.`,
      },
    },
  };
}

function markdownOf(item: Record<string, unknown>): string {
  const { body, event, translations, hashtags, ...fields } = item as Record<string, unknown> & {
    event: Record<string, string>;
    translations: { de: Record<string, string> };
    hashtags: string[];
  };
  const lines = Object.entries(fields).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  lines.push(
    `hashtags: [${hashtags.join(', ')}]`,
    'event:',
    ...Object.entries(event).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
  );
  lines.push(
    'translations:',
    '  de:',
    ...Object.entries(translations.de).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`),
  );
  return `---\n${lines.join('\n')}\n---\n\n${String(body)}\n`;
}

function rssOf(items: Array<Record<string, unknown>>): string {
  const entries = items.map(
    (item) =>
      `<item><title>${String(item.title)}</title><link>${String(item.url)}</link><guid isPermaLink="false">${String(item.id)}</guid>` +
      `<pubDate>${new Date(String(item.published)).toUTCString()}</pubDate><description><![CDATA[<p>${String(item.summary)}</p><p><b>More</b> text &amp; detail.</p>]]></description></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title><link>https://www.interregeurope.eu/secon</link><description>bench</description>${entries.join('\n')}</channel></rss>`;
}

/** Peak RSS and heap while `fn` runs, sampled every few ms (and at the end). */
async function withPeakMemory<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; peakRss: number; peakHeap: number; startRss: number; startHeap: number }> {
  let peakRss = 0;
  let peakHeap = 0;
  const { rss: startRss, heapUsed: startHeap } = process.memoryUsage();
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, MEMORY_SAMPLE_MS);
  try {
    const value = await fn();
    sample();
    return { value, peakRss, peakHeap, startRss, startHeap };
  } finally {
    clearInterval(timer);
  }
}

const MB = 1024 * 1024;

/** Peak RSS and heap during a phase; the baseline is the value when the phase started (same run). */
function memoryRows(
  phase: string,
  samples: Array<{ rss: number; heap: number; startRss: number; startHeap: number }>,
  note: string,
): BenchRow[] {
  return [
    {
      metric: `${phase}: peak RSS`,
      value: median(samples.map((m) => m.rss)) / MB,
      unit: 'MB',
      baseline: median(samples.map((m) => m.startRss)) / MB,
      baselineLabel: 'at start',
      note,
    },
    {
      metric: `${phase}: peak heap used`,
      value: median(samples.map((m) => m.heap)) / MB,
      unit: 'MB',
      baseline: median(samples.map((m) => m.startHeap)) / MB,
      baselineLabel: 'at start',
      note,
    },
  ];
}

const bench: Benchmark = {
  name: 'ingest',
  issue: 3,
  async run(ctx): Promise<BenchRow[]> {
    const n = ctx.quick ? QUICK_ITEMS : FULL_ITEMS;
    const items = Array.from({ length: n }, (_, i) => generatedItem(i));
    const dir = mkdtempSync(join(tmpdir(), 'secon-bench-news-'));
    for (const [i, item] of items.entries())
      writeFileSync(join(dir, `item-${String(i).padStart(5, '0')}.md`), markdownOf(item));
    const json = JSON.stringify(items);
    const rss = rssOf(items);
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
    const redis = new Redis(ctx.redisUrl, { maxRetriesPerRequest: null });
    ctx.log(
      `${n} items: ${(json.length / MB).toFixed(1)} MB as JSON, ${(rss.length / MB).toFixed(1)} MB as RSS, ${n} Markdown files`,
    );

    const baseline: number[] = [];
    const plainParse: number[] = [];
    const md: number[] = [];
    const feed: number[] = [];
    type Mem = { rss: number; heap: number; startRss: number; startHeap: number };
    const mdMem: Mem[] = [];
    const feedMem: Mem[] = [];
    try {
      for (let run = 0; run < ctx.runs; run++) {
        // Baselines: the same items parsed from one JSON text, alone and with the item schema: what
        // any ingest must at least do, without files, Markdown, feeds, images or Redis.
        let start = performance.now();
        const parsed = JSON.parse(json) as unknown[];
        plainParse.push(parsed.length / ((performance.now() - start) / 1000));
        start = performance.now();
        const validated = (JSON.parse(json) as unknown[]).map((raw) => newsItemSchema.parse(raw));
        baseline.push(validated.length / ((performance.now() - start) / 1000));

        const mdPrefix = `bench-ingest-md-${run}`;
        const config = benchConfig(mdPrefix);
        start = performance.now();
        const mdResult = await withPeakMemory(async () => {
          const loaded = await loadSources([dir], { config, concurrency: 16 });
          if (loaded.rejected.length)
            throw new Error(`bench items rejected: ${loaded.rejected[0]!.source}: ${loaded.rejected[0]!.message}`);
          const store = new NewsStore(redis, redisKeys(mdPrefix));
          const fresh = loaded.items.map((l) => l.item);
          const checks = await store.checkMany(fresh);
          if (checks.some((c) => c.status !== 'new')) throw new Error('bench: items should be new');
          await store.rememberMany(fresh);
          return fresh.length;
        });
        md.push(mdResult.value / ((performance.now() - start) / 1000));
        mdMem.push({
          rss: mdResult.peakRss,
          heap: mdResult.peakHeap,
          startRss: mdResult.startRss,
          startHeap: mdResult.startHeap,
        });
        await deleteKeys(redis, keyPattern(mdPrefix));

        const feedPrefix = `bench-ingest-feed-${run}`;
        const poller = new FeedPoller(redis, redisKeys(feedPrefix), { config: benchConfig(feedPrefix) });
        start = performance.now();
        const feedResult = await withPeakMemory(async () => {
          const result = await poller.poll(
            feedSchema.parse({ id: 'bench', url: feedUrl, kind: 'news', language: 'en' }),
          );
          if (result.status !== 'fetched' || result.items.length !== n)
            throw new Error(
              `bench feed: ${result.status}, ${result.items.length} of ${n} items taken, ${result.tooOld.length} too old; ${result.error ?? ''} ${result.rejected[0]?.message ?? ''}`,
            );
          await poller.commit(result);
          return result.items.length;
        });
        feed.push(feedResult.value / ((performance.now() - start) / 1000));
        feedMem.push({
          rss: feedResult.peakRss,
          heap: feedResult.peakHeap,
          startRss: feedResult.startRss,
          startHeap: feedResult.startHeap,
        });
        await deleteKeys(redis, keyPattern(feedPrefix));
        ctx.log(
          `run ${run + 1}: markdown ${md.at(-1)!.toFixed(0)}/s, feed ${feed.at(-1)!.toFixed(0)}/s, JSON.parse + schema ${baseline.at(-1)!.toFixed(0)}/s, JSON.parse ${plainParse.at(-1)!.toFixed(0)}/s`,
        );
      }
    } finally {
      redis.disconnect();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
    const base = median(baseline);
    const note = `${n} items`;
    const label = 'JSON.parse + schema';
    return [
      {
        metric: 'markdown files → validated + stored (items/s)',
        value: median(md),
        unit: 'items/s',
        baseline: base,
        baselineLabel: label,
        note,
      },
      {
        metric: 'one RSS feed → validated + stored (items/s)',
        value: median(feed),
        unit: 'items/s',
        baseline: base,
        baselineLabel: label,
        note,
      },
      {
        metric: 'plain JSON.parse of the same items (items/s)',
        value: median(plainParse),
        unit: 'items/s',
        baseline: base,
        baselineLabel: label,
        note,
      },
      ...memoryRows('markdown', mdMem, note),
      ...memoryRows('feed', feedMem, `${note}, ${(rss.length / MB).toFixed(1)} MB feed`),
    ];
  },
};

export default bench;
