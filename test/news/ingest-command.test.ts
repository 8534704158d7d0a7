import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGE_HOLD } from '../../src/news/language-check.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { runCli } from '../helpers/cli.ts';
import { rssFeed } from '../helpers/feed-server.ts';
import { ENGLISH_FAIR_SUMMARY } from '../helpers/planning.ts';
import { deletePrefix, testRedis, testRedisUrl, uniquePrefix } from '../helpers/redis.ts';

const NOW = '2023-11-01T09:00:00+02:00';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'secon-ingest-'));
  writeFileSync(
    join(dir, 'bad.md'),
    '---\nid: bad\nkind: news\nlanguage: xx\nsummary: s\nurl: https://www.interregeurope.eu/secon\npublished: ' +
      '2023-11-09T10:00:00+01:00\n---\n',
  );
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The project's configuration with one feed of `url` and `settings` (YAML lines), written as `<name>.yaml` in the test folder. */
function configWithFeed(name: string, id: string, url: string, settings: string[]): string {
  const config = join(dir, `${name}.yaml`);
  const feed = [`  - id: ${id}`, `    url: ${url}`, ...settings.map((line) => `    ${line}`)].join('\n');
  writeFileSync(config, readFileSync('secon-bot.yaml', 'utf8').replace(/^feeds: \[\]$/m, `feeds:\n${feed}`));
  return config;
}

describe('secon-bot ingest', () => {
  it('--dry-run prints each accepted item with the posts it will produce, without Redis', async () => {
    const result = await runCli(['ingest', 'news', '--dry-run', '--now', NOW], {
      env: { REDIS_URL: 'redis://127.0.0.1:1' },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('accepted  haskovo-workshop-2023  announcement in de, en, bg, el, ro, pl, es');
    // The workshop item is published on 9 November (10:00 CET): its announcement waits for that day's slot.
    // Its posts in a table, in the project's zone, as schedule prints a plan.
    expect(result.stdout).toMatch(/^ {2}WHEN \(Europe\/Athens\) +CHANNEL +LANG +KIND +STATE$/m);
    expect(result.stdout).toMatch(/^ {2}2023-11-09 11:00 +facebook-secon +bg +announcement +scheduled$/m);
    expect(result.stdout).toMatch(/x-secon\s+en\s+reminder/);
    expect(result.stdout).toContain('2 accepted, 0 rejected');
  });

  it('fits an 80-column terminal: the item lines wrap, the posts are a table fitted to the width', async () => {
    const result = await runCli(['ingest', 'news', '--dry-run', '--now', NOW], { env: { COLUMNS: '80' } });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    // The workshop's line (nine languages and its file) goes on under itself.
    const at = lines.findIndex((line) => line.startsWith('accepted  haskovo-workshop-2023  announcement'));
    expect(lines[at + 1]).toMatch(/^ {10}\S/);
    expect(lines.slice(at, at + 2).join(' ')).toMatch(/ from news\/2023-11-haskovo-workshop\.md$/);
  });

  it('names the kind of post each skip line leaves out, as preview and schedule do (a channel may still get the others)', async () => {
    const result = await runCli(['ingest', 'news', '--dry-run', '--now', '2023-11-12T09:00:00+02:00']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('· no reminder on x-secon: its time 2023-11-12 09:00 Europe/Sofia has passed');
    expect(result.stdout).toMatch(/· no announcement on linkedin-secon: no free posting slot before the event starts/);
    expect(result.stdout).not.toContain('no post on');
  });

  it('prints why an item was rejected, carries on with the others, and exits 2', async () => {
    const result = await runCli(['ingest', 'news', join(dir, 'bad.md'), '--dry-run', '--now', NOW]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/rejected {2}\S*bad\.md:4 {2}\(bad\)/);
    expect(result.stdout).toContain('✗ language: unknown language code');
    expect(result.stdout).toContain('✗ title: missing; expected text');
    expect(result.stdout).toContain('2 accepted, 1 rejected');
    expect(result.stderr).toContain('1 item or source rejected; the others were checked');
    // Only a bad file: no "the others were checked" when there were none.
    const alone = await runCli(['ingest', join(dir, 'bad.md'), '--dry-run', '--now', NOW]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toBe('secon-bot: 1 item or source rejected\n');
  });

  it('--json gives the same report for scripts', async () => {
    const result = await runCli([
      'ingest',
      'news/2023-11-haskovo-workshop-recap.md',
      join(dir, 'bad.md'),
      '--dry-run',
      '--now',
      NOW,
      '--json',
    ]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as {
      dryRun: boolean;
      items: Array<{ status: string; id?: string; posts: unknown[]; rejection?: { field?: string } }>;
    };
    expect(report.dryRun).toBe(true);
    expect(report.items.map((i) => [i.status, i.id])).toEqual([
      ['accepted', 'haskovo-workshop-2023-recap'],
      ['rejected', 'bad'],
    ]);
    expect(report.items[0]!.posts.length).toBeGreaterThan(0);
    expect(report.items[1]!.rejection!.field).toBe('language');
  });

  it('a file that broke a parser is rejected by name, the good items are still read, exit 2 (not 1)', async () => {
    const quotes = join(dir, 'quotes.md');
    writeFileSync(
      quotes,
      `${readFileSync('news/2023-11-haskovo-workshop-recap.md', 'utf8').replace(/^id: .*$/m, 'id: quotes')}\n` +
        `${'>'.repeat(5000)} deep\n`,
    );
    const zeros = join(dir, 'zeros.json');
    writeFileSync(zeros, JSON.stringify(new Array(200_000).fill(0)));
    const result = await runCli(['ingest', 'news', quotes, zeros, '--dry-run', '--now', NOW]);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(/call stack|Please report/i);
    expect(result.stdout).toContain('2 accepted, 2 rejected');
    expect(result.stdout).toMatch(
      /rejected {2}\S*quotes\.md:\d+ {2}\(quotes\)\n {2}✗ body: cannot be read as Markdown: block quotes or lists nested more than 50 levels deep/,
    );
    expect(result.stdout).toMatch(
      /rejected {2}\S*zeros\.json\n {2}✗ holds 200000 items, over the limit of 1000 per source/,
    );
  });

  it('a 100 000-character title is refused at once, naming file, line and field', async () => {
    const long = join(dir, 'long.md');
    writeFileSync(
      long,
      readFileSync('news/2023-11-haskovo-workshop-recap.md', 'utf8').replace(
        /^title: .*$/m,
        `title: ${'a'.repeat(100_000)}`,
      ),
    );
    const result = await runCli(['ingest', long, '--dry-run', '--now', NOW]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /✗ title: 100000 characters, over the limit of 300; expected at most 300 characters \(line \d+\)/,
    );
  });

  it('shows validation warnings under the accepted item (a local time that happens twice)', async () => {
    const twice = join(dir, 'twice.json');
    writeFileSync(
      twice,
      JSON.stringify({
        id: 'twice',
        kind: 'announcement',
        language: 'en',
        title: 'Night walk',
        summary: 'A walk through the night the clocks go back.',
        url: 'https://www.interregeurope.eu/secon',
        published: '2027-10-01',
        event: { name: 'Night walk', start: '2027-10-31T02:30:00', timezone: 'Europe/Berlin' },
      }),
    );
    const result = await runCli(['ingest', twice, '--dry-run', '--now', '2027-10-02T09:00:00+02:00']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /accepted {2}twice .*\n {2}⚠ event\.start: 2027-10-31T02:30:00 happens twice in Europe\/Berlin .*took the earlier, 2027-10-31T02:30:00\+02:00/,
    );
    const json = await runCli(['ingest', twice, '--dry-run', '--now', '2027-10-02T09:00:00+02:00', '--json']);
    const report = JSON.parse(json.stdout) as { items: Array<{ warnings?: Array<{ field: string }> }> };
    expect(report.items[0]!.warnings).toEqual([expect.objectContaining({ field: 'event.start' })]);
    const preview = await runCli(['preview', twice, '--now', '2027-10-02T09:00:00+02:00']);
    expect(preview.stdout).toMatch(/■ twice .*\n⚠ event\.start: 2027-10-31T02:30:00 happens twice/);
  });

  it('preview --language refuses a code that is no language, and takes any case of a real one', async () => {
    const bad = await runCli(['preview', 'news/2023-11-haskovo-workshop.md', '--language', 'xx', '--now', NOW]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--language "xx": not a known language');
    const country = await runCli(['preview', 'news/2023-11-haskovo-workshop.md', '--language', 'gr', '--now', NOW]);
    expect(country.stderr).toContain(
      '--language "gr": not a known language; it is the country code of Greece, whose language is "el"',
    );
    const upper = await runCli([
      'preview',
      'news/2023-11-haskovo-workshop.md',
      '--language',
      'EL',
      '--channel',
      'x-secon',
      '--now',
      NOW,
      '--json',
    ]);
    expect(upper.code).toBe(0);
    const posts = JSON.parse(upper.stdout) as Array<{ language: string }>;
    expect(posts.length).toBeGreaterThan(0);
    expect(new Set(posts.map((p) => p.language))).toEqual(new Set(['el']));
  });

  it("names a feed item's source once: its place in the feed, not its guid again after the id", async () => {
    const feed = join(dir, 'feed.xml');
    writeFileSync(
      feed,
      '<?xml version="1.0"?><rss version="2.0"><channel><title>SECON</title><link>https://www.interregeurope.eu/secon</link>' +
        '<description>news</description><item><title>SECON partners meet in Riga</title>' +
        '<link>https://www.interregeurope.eu/secon/news/riga</link><guid>riga-1</guid>' +
        '<pubDate>Fri, 04 Dec 2026 10:00:00 GMT</pubDate><description>The partners met in Riga.</description></item>' +
        '</channel></rss>',
    );
    const result = await runCli(['ingest', feed, '--dry-run', '--now', '2026-12-06T10:00:00Z']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^accepted {2}riga-1 {2}news in en {2}from \S*feed\.xml item 1$/m);
  });

  it("reads a configured feed's file with that feed's settings and says so, in ingest and preview alike", async () => {
    const feed = join(dir, 'riga.rss');
    const item = (guid: string, date: string) =>
      `<item><title>Sociālie uzņēmumi ${guid}</title><link>https://www.rpr.gov.lv/${guid}</link><guid>${guid}</guid>` +
      `<pubDate>${date}</pubDate><description>Rīgas plānošanas reģions aicina uz semināru.</description></item>`;
    writeFileSync(
      feed,
      '<?xml version="1.0"?><rss version="2.0"><channel><title>RPR</title><link>https://www.rpr.gov.lv</link>' +
        `<description>news</description>${item('riga-new', 'Fri, 04 Dec 2026 10:00:00 GMT')}` +
        `${item('riga-old', 'Fri, 04 Sep 2026 10:00:00 GMT')}</channel></rss>`,
    );
    const config = configWithFeed('feeds', 'riga-news', feed, ['language: lv', 'channels: [facebook-secon]']);
    const note = (command: string) =>
      'secon-bot: note: riga.rss is feed riga-news of the configuration, read with its settings as the worker reads it ' +
      '(language lv, kind news, channels facebook-secon); 1 item is dated more than 14 days ago (maxAgeDays): the ' +
      `worker takes no such item new; \`${command}\` ${command === 'preview' ? 'shows' : 'takes'} them\n`;
    const now = '2026-12-06T10:00:00Z';
    const ingest = await runCli(['--config', config, 'ingest', 'riga.rss', '--dry-run', '--now', now], { cwd: dir });
    expect(ingest.code).toBe(0);
    expect(ingest.stderr).toBe(note('ingest'));
    expect(ingest.stdout).toMatch(/^accepted {2}riga-new {2}news in lv {2}from /m);
    expect(ingest.stdout).toMatch(/facebook-secon\s+lv\s+news/);
    expect(ingest.stdout).toMatch(/· no post on x-secon: not among the item's channels \(facebook-secon\)/);
    const preview = await runCli(['--config', config, 'preview', 'riga.rss', '--now', now], { cwd: dir });
    expect(preview.code).toBe(0);
    expect(preview.stderr).toBe(note('preview'));
  });

  it("previews a configured feed's item in another language as held, as the worker would hold it (languageCheck: warn only warns)", async () => {
    const feed = join(dir, 'mannheim.rss');
    const english = {
      guid: 'mrn-en-fair',
      title: 'Social enterprises present themselves in Mannheim',
      html: ENGLISH_FAIR_SUMMARY,
      date: 'Fri, 04 Dec 2026 10:00:00 GMT',
    };
    writeFileSync(feed, rssFeed([english]));
    const settings = (check: string) => [
      'language: de',
      'channels: [facebook-secon]',
      'approval: false',
      `languageCheck: ${check}`,
    ];
    const now = '2026-12-06T10:00:00Z';
    const preview = (check: string) => {
      const config = configWithFeed(`mannheim-${check}`, 'mrn-news', feed, settings(check));
      return runCli(['--config', config, 'preview', 'mrn-news', '--now', now, '--no-color'], { cwd: dir });
    };
    const held = await preview('hold');
    expect(held.code).toBe(0);
    expect(held.stdout).toContain('⚠ the text reads as English (en), not German (de)');
    expect(held.stdout).toContain(`│ waits for a person: ${LANGUAGE_HOLD}`);
    const warned = await preview('warn');
    expect(warned.stdout).toContain('⚠ the text reads as English (en), not German (de)');
    expect(warned.stdout).not.toContain('waits for a person');
  });

  it('rejects a bad --now as bad usage', async () => {
    const result = await runCli(['ingest', 'news', '--dry-run', '--now', 'tomorrow']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--now "tomorrow"');
  });

  it('without --dry-run queues new items once; ingesting the same files again changes nothing', async () => {
    const prefix = uniquePrefix('ingest');
    const config = join(dir, 'secon-bot.yaml');
    writeFileSync(config, readFileSync('secon-bot.yaml', 'utf8').replace('keyPrefix: secon', `keyPrefix: ${prefix}`));
    const env = { REDIS_URL: testRedisUrl() };
    const redis = testRedis();
    try {
      const first = await runCli(['--config', config, 'ingest', 'news/2023-11-haskovo-workshop-recap.md'], { env });
      expect(first.code).toBe(0);
      // Every post was queued: said once on the item's line, the table lists the posts.
      expect(first.stdout).toMatch(
        /^accepted {2}haskovo-workshop-2023-recap {2}recap in en, bg {2}from news\/2023-11-haskovo-workshop-recap\.md — queued$/m,
      );
      expect(first.stdout).toMatch(/facebook-secon\s+bg\s+recap\s+scheduled/);
      expect(await redis.hget(redisKeys(prefix).newsItem('haskovo-workshop-2023-recap'), 'hash')).toMatch(
        /^[0-9a-f]{64}$/,
      );

      const second = await runCli(['--config', config, 'ingest', 'news/2023-11-haskovo-workshop-recap.md'], { env });
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(
        /^accepted {2}haskovo-workshop-2023-recap .* — kept: item unchanged since it was taken$/m,
      );
      expect(second.stdout).not.toMatch(/\bcreated\b|\bqueued\b/);
      // The unchanged item's posts are listed as its plan was, not in the log's order.
      const rows = (stdout: string) =>
        [...stdout.matchAll(/^ {2}\d{4}-\d\d-\d\d \d\d:\d\d +(\S+ +\S+ +\S+)/gm)].map((m) =>
          m[1]!.split(/ +/).join(' '),
        );
      expect(rows(first.stdout).length).toBeGreaterThan(3);
      expect(rows(second.stdout)).toEqual(rows(first.stdout));
    } finally {
      await deletePrefix(redis, prefix);
      redis.disconnect();
    }
  });
});
