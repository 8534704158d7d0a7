import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twitter from 'twitter-text';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.ts';
import { haskovoInput, LONG_SUMMARIES } from '../helpers/haskovo.ts';

const dir = mkdtempSync(join(tmpdir(), 'secon-preview-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = '2023-11-01T09:00:00+02:00';

interface PreviewJson {
  postId: string;
  newsId: string;
  channel: string;
  platform: string;
  language: string;
  kind: string;
  text: string;
  link: string | null;
  thread: string[] | null;
  metrics: { length: number; weightedLength?: number; limit: number };
  warnings: string[];
}

function write(name: string, value: unknown): string {
  const file = join(dir, name);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}

/** A good announcement (long Greek summary), a recap, and an item with a bad event date. */
const news = join(dir, 'news');
write(
  'news/haskovo.json',
  haskovoInput({
    images: [],
    translations: {
      ...(haskovoInput({ images: [] }).translations as object),
      el: { title: 'Διαπεριφερειακό εργαστήριο στο Χάσκοβο', summary: LONG_SUMMARIES.el },
    },
  }),
);
write(
  'news/recap.json',
  haskovoInput({ id: 'haskovo-recap', kind: 'recap', event: undefined, images: [], translations: {} }),
);
const bad = write(
  'bad/broken.json',
  haskovoInput({ id: 'broken', images: [], event: { name: 'x', start: '13 November', timezone: 'Europe/Sofia' } }),
);

// Each test runs its own CLI process on its own files: they can run side by side.
describe.concurrent('secon-bot preview', () => {
  it("--json: every post with exactly the text that would be sent, within each platform's limit", async () => {
    const result = await runCli(['preview', news, '--json', '--now', NOW]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const posts = JSON.parse(result.stdout) as PreviewJson[];
    expect(new Set(posts.map((p) => p.newsId))).toEqual(new Set(['haskovo-workshop-2023', 'haskovo-recap']));
    for (const post of posts) {
      expect(Object.keys(post)).toEqual(
        expect.arrayContaining([
          'postId',
          'newsId',
          'channel',
          'platform',
          'language',
          'kind',
          'text',
          'link',
          'thread',
          'metrics',
          'warnings',
        ]),
      );
      expect(post.postId).toBe(`${post.newsId}.${post.channel}.${post.language}.${post.kind}`);
      if (post.platform === 'twitter') {
        expect(twitter.parseTweet(post.text).weightedLength).toBeLessThanOrEqual(280);
        expect(post.metrics.weightedLength).toBe(twitter.parseTweet(post.text).weightedLength);
      } else {
        expect(post.metrics).toEqual({ length: post.text.length, limit: post.platform === 'linkedin' ? 3000 : 63_206 });
      }
    }
    // The Facebook page posts in its languages; the Greek one has the long summary whole.
    const greek = posts.find(
      (p) => p.channel === 'facebook-secon' && p.language === 'el' && p.kind === 'announcement',
    )!;
    expect(greek.text).toContain(LONG_SUMMARIES.el);
    expect(posts.find((p) => p.platform === 'linkedin' && p.kind === 'announcement')!.text).toContain(
      '{hashtag|\\#|SECON}',
    );
  });

  it('--language el --channel x-secon: the Greek item on X, fitted', async () => {
    const result = await runCli([
      'preview',
      join(news, 'haskovo.json'),
      '--channel',
      'x-secon',
      '--language',
      'el',
      '--json',
      '--now',
      NOW,
    ]);
    expect(result.code).toBe(0);
    const posts = JSON.parse(result.stdout) as PreviewJson[];
    expect(posts.map((p) => p.kind).sort()).toEqual(['announcement', 'event-day', 'reminder']);
    for (const post of posts) {
      expect(post).toMatchObject({
        channel: 'x-secon',
        platform: 'twitter',
        language: 'el',
        postId: `haskovo-workshop-2023.x-secon.el.${post.kind}`,
      });
      expect(post.text).toContain('Διαπεριφερειακό εργαστήριο στο Χάσκοβο');
      expect(twitter.parseTweet(post.text).weightedLength).toBeLessThanOrEqual(280);
    }
    const announcement = posts.find((p) => p.kind === 'announcement')!;
    expect(announcement.warnings.some((w) => w.startsWith('elastic field shortened'))).toBe(true);
  });

  it('prints the shared card per post: account, platform, language, local time with zone, counters', async () => {
    const result = await runCli(['preview', join(news, 'recap.json'), '--now', NOW]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /┌─ SECON Project @SeconProject_eu · X · en · recap\n│ \w{3} \d+ \w{3} \d{4}, \d\d:\d\d \S+ \(Europe\/Athens\)/u,
    );
    expect(result.stdout).toMatch(/┌─ SECON Project · LinkedIn · en · recap/u);
    expect(result.stdout).toMatch(/│ \d+\/280 weighted\n/u);
    expect(result.stdout).toMatch(/│ \d+\/3000\n/u);
    expect(result.stdout).toContain('#SECON');
    expect(result.stdout).not.toContain('{hashtag|');
    expect(result.stdout).toContain('🔁 Recap: Interregional workshop in Haskovo');
    expect(result.stdout).toContain('⚠ twitter takes at most 3 hashtags: left out #InterregEurope');
    expect(result.stdout).toMatch(/\d+ posts from 1 item/u);
  });

  it('wraps the card text to the terminal width (COLUMNS) at spaces, and not at all into a pipe', async () => {
    const item = join(news, 'recap.json');
    // The post's own text: not the time line, the warnings, link card and images under it, nor a
    // line with a link (links are never broken).
    const textLines = (stdout: string) =>
      stdout
        .split('\n')
        .filter(
          (line) =>
            line.startsWith('│ ') &&
            !/^│ (⚠|link card:|link:|image:| {2}|\w{3} \d+ \w{3} \d{4}, )/u.test(line) &&
            !/https?:\/\//u.test(line),
        );
    const wrapped = await runCli(['preview', item, '--now', NOW], { env: { COLUMNS: '50' } });
    const piped = await runCli(['preview', item, '--now', NOW], { env: { COLUMNS: '' } });
    expect(wrapped.code).toBe(0);
    expect(piped.code).toBe(0);
    expect(Math.max(...textLines(piped.stdout).map((line) => line.length))).toBeGreaterThan(50);
    expect(Math.max(...textLines(wrapped.stdout).map((line) => line.length))).toBeLessThanOrEqual(50);
    expect(textLines(wrapped.stdout).length).toBeGreaterThan(textLines(piped.stdout).length);
  });

  it("a skipped post's reason wraps under its bullet at the terminal width", async () => {
    // An event at 07:30 local time leaves no room for an event-day post at 08:00: the preview says
    // so in a line that names both times, longer than a narrow screen.
    const early = write(
      'early/early.json',
      haskovoInput({
        id: 'haskovo-early',
        images: [],
        event: { name: 'Interregional workshop', start: '2023-11-13T07:30:00+02:00', timezone: 'Europe/Sofia' },
      }),
    );
    const wrapped = await runCli(['preview', early, '--now', NOW], { env: { COLUMNS: '60' } });
    expect(wrapped.code).toBe(0);
    const skip = wrapped.stdout.split('\n').findIndex((line) => line.startsWith('· no event-day on '));
    expect(skip).toBeGreaterThan(0);
    const block = wrapped.stdout.split('\n').slice(skip);
    const reason = block.slice(
      0,
      block.findIndex((line, i) => i > 0 && !line.startsWith('  ')),
    );
    expect(reason.length).toBeGreaterThan(1);
    for (const line of reason) expect(line.length, line).toBeLessThanOrEqual(60);
    expect(reason.join(' ').replace(/\s+/g, ' ')).toMatch(/is not before the event starts at 2023-11-13 07:30/);
  });

  it('an invalid item exits 2 naming file and field; the others are still previewed', async () => {
    const result = await runCli(['preview', news, bad, '--json', '--now', NOW]);
    expect(result.code).toBe(2);
    const posts = JSON.parse(result.stdout) as PreviewJson[];
    expect(posts.some((p) => p.newsId === 'haskovo-workshop-2023')).toBe(true);
    expect(posts.some((p) => p.newsId === 'broken')).toBe(false);
    // With --json the rejected items are JSON too, one a line on stderr: a script reads them.
    const rejected = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { source: string; id?: string; where?: string; message: string });
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ id: 'broken', where: 'event.start' });
    expect(rejected[0]!.source).toContain('broken.json');
    const human = await runCli(['preview', bad, '--now', NOW]);
    // The file (and item) on one line, each problem on its own under it, as ingest says it.
    expect(human.stderr).toMatch(/^rejected {2}\S*broken\.json {2}\(broken\)\n {2}✗ event\.start: /);
    // Nothing previewed: no "0 post(s) from 0 item(s)" above the error, as if the file were empty.
    expect(human.stdout).toBe('');
    const mixed = await runCli(['preview', news, bad, '--now', NOW]);
    expect(mixed.stdout.trimEnd().split('\n').at(-1)).toMatch(/^\d+ posts? from \d+ items?.*; 1 left out:$/);
  });

  it('a template with a typo exits 2 naming the template file and line; other items are still previewed', async () => {
    const templates = join(dir, 'channel-templates');
    write('channel-templates/en/twitter.recap.liquid', 'Recap\n{{ item.sumary }}\n');
    const config = readFileSync(join(REPO_ROOT, 'secon-bot.yaml'), 'utf8').replace(
      '    name: SECON Project\n    languages: [en]\n    credentials:\n      appKey',
      `    name: SECON Project\n    languages: [en]\n    templates: ${templates}\n    credentials:\n      appKey`,
    );
    expect(config).toContain(`templates: ${templates}`);
    const configFile = write('secon-bot.yaml', config);
    const result = await runCli(['--config', configFile, 'preview', news, '--json', '--now', NOW]);
    expect(result.code).toBe(2);
    const problem = JSON.parse(result.stderr) as { source: string; id: string; message: string };
    expect(problem.source).toMatch(/recap\.json$/);
    expect(problem.id).toBe('haskovo-recap');
    expect(problem.message).toMatch(/en\/twitter\.recap\.liquid:2(:\d+)?: .*item\.sumary/u);
    const posts = JSON.parse(result.stdout) as PreviewJson[];
    expect(posts.some((p) => p.newsId === 'haskovo-workshop-2023' && p.channel === 'x-secon')).toBe(true);
    expect(posts.some((p) => p.newsId === 'haskovo-recap')).toBe(false);
  });

  it('the shipped sample news gives each translation its own hashtags, alt text and location: no fallback warnings', async () => {
    const result = await runCli(['preview', join(REPO_ROOT, 'news'), '--json', '--now', NOW]);
    expect(result.code).toBe(0);
    const posts = JSON.parse(result.stdout) as PreviewJson[];
    expect(new Set(posts.map((post) => post.language)).size).toBeGreaterThan(5);
    const fallbacks = posts.flatMap((post) => post.warnings.filter((w) => /^no \S+ /u.test(w)));
    expect(fallbacks).toEqual([]);
    const en = posts.find((post) => post.channel === 'x-secon' && post.kind === 'announcement')!;
    expect(twitter.extractHashtags(en.text)).toContain('Haskovo');
  });

  it('an unknown channel is bad usage', async () => {
    const result = await runCli(['preview', news, '--channel', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--channel: unknown channel "nope"; configured: x-secon, linkedin-secon, facebook-secon',
    );
  });
});
