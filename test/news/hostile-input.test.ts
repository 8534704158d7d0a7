import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config-schema.ts';
import { type LoadResult, loadSources } from '../../src/news/load-sources.ts';
import { newsConfig } from '../helpers/config.ts';

/**
 * Issue #16: hostile and broken input. Every bad input is loaded next to a good item: the bad one
 * is refused with the project's rejection naming the file (and line, field) and what was
 * expected, the good one still comes through, and nothing throws.
 */
const FIXTURES = resolve('test/fixtures/news');
const config = newsConfig();
let dir: string;

const GOOD_ITEM = {
  id: 'good-item',
  kind: 'news',
  language: 'en',
  title: 'SECON partners meet',
  summary: 'The partners meet to compare notes.',
  url: 'https://www.interregeurope.eu/secon',
  published: '2024-01-10T10:00:00+01:00',
};

/** A Markdown item; `fields` replaces or adds front matter lines (values written as given). */
function markdown(fields: Record<string, string> = {}, body = 'Some body text.'): string {
  const base: Record<string, string> = { ...GOOD_ITEM, id: 'bad-item', ...fields };
  return `---\n${Object.entries(base)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n---\n\n${body}\n`;
}

/** A one-item RSS feed around `item` (and `prolog` before the root). */
function rss(item: string, prolog = ''): string {
  return `<?xml version="1.0"?>${prolog}<rss version="2.0"><channel><title>t</title>${item}</channel></rss>`;
}

function rssItem(title: string, description = 'Hello'): string {
  return (
    `<item><title>${title}</title><link>https://www.interregeurope.eu/secon</link><guid>g1</guid><pubDate>Thu, 09 ` +
    `Nov 2023 10:00:00 +0100</pubDate><description>${description}</description></item>`
  );
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'secon-hostile-'));
  mkdirSync(join(dir, 'images'));
  copyFileSync(join(FIXTURES, 'images/workshop.png'), join(dir, 'images/photo.png'));
  writeFileSync(join(dir, 'good.md'), markdown({ id: 'good-item' }));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `name` and loads it together with the good item. */
async function loadWithGood(name: string, content: string | Buffer, cfg: Config = config): Promise<LoadResult> {
  writeFileSync(join(dir, name), content);
  return loadSources([join(dir, 'good.md'), join(dir, name)], { config: cfg, cwd: dir });
}

/** The one rejection of `name`, after checking that the good item came through and nothing else was taken. */
async function rejectionOf(name: string, content: string | Buffer, cfg: Config = config) {
  const result = await loadWithGood(name, content, cfg);
  expect(result.items.map((i) => i.item.id)).toEqual(['good-item']);
  expect(result.rejected).toHaveLength(1);
  const [rejection] = result.rejected;
  expect(rejection!.source.startsWith(name)).toBe(true);
  return rejection!;
}

describe('High 1: field lengths are capped at validation, with the file and field named', () => {
  const long = (n: number) => 'a'.repeat(n);
  it.each([
    ['title', markdown({ title: long(100_000) }), 'title', /100000 characters, over the limit of 300/],
    ['summary', markdown({ summary: long(20_000) }), 'summary', /20000 characters, over the limit of 5000/],
    ['body (as text)', markdown({}, long(60_000)), 'body', /60000 characters, over the limit of 50000/],
    [
      'body (its Markdown)',
      markdown({}, `**${long(150_000)}**`),
      'body',
      /15000\d characters of Markdown, over the limit of 100000/,
    ],
    [
      'event location',
      markdown({
        event:
          `\n  name: W\n  start: 2024-02-01T10:00:00+01:00` +
          `\n  location: ${long(10_000)}\n  timezone: Europe/Berlin`,
      }),
      'event.location',
      /10000 characters, over the limit of 300/,
    ],
    [
      'a translation title',
      markdown({ translations: `\n  de:\n    title: ${long(1000)}\n    summary: S` }),
      'translations.de.title',
      /1000 characters, over the limit of 300/,
    ],
    [
      'hashtags',
      markdown({ hashtags: `[${Array.from({ length: 31 }, (_, i) => `t${i}`).join(', ')}]` }),
      'hashtags',
      /31 entries, over the limit of 30/,
    ],
  ])('%s', async (_label, content, field, message) => {
    const rejection = await rejectionOf('long.md', content);
    expect(rejection.field).toBe(field);
    expect(rejection.message).toMatch(message);
    expect(rejection.source).toMatch(/^long\.md:\d+$/);
  });

  it('a front matter of 200 000 characters is refused before YAML parses it, naming its longest line', async () => {
    const rejection = await rejectionOf('huge.md', markdown({ summary: long(200_000) }));
    expect(rejection.source).toBe('huge.md:6');
    expect(rejection.message).toMatch(
      /broken YAML front matter: 200\d{3} characters, over the limit of 200000 \(line 6 alone has 200009\)/,
    );
  });
});

describe('High 2: a parser failing on one file rejects that file; the others carry on', () => {
  it('deeply nested block quotes in a Markdown body', async () => {
    const rejection = await rejectionOf('quotes.md', markdown({}, `${'>'.repeat(5000)} deep`));
    expect(rejection).toMatchObject({ source: 'quotes.md:10', field: 'body' });
    expect(rejection.message).toMatch(/nested more than 50 levels deep/);
  });

  it('deeply nested HTML in a Markdown body', async () => {
    const rejection = await rejectionOf('divs.md', markdown({}, `${'<div>'.repeat(10_000)}x`));
    expect(rejection.field).toBe('body');
    expect(rejection.message).toMatch(/HTML nested more than 100 elements deep/);
  });

  it('a YAML alias bomb in the front matter', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g'].entries()) {
      const previous = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const rejection = await rejectionOf('bomb.md', `---\nid: bomb\n${levels.join('\n')}\n---\nbody\n`);
    expect(rejection.source).toBe('bomb.md:4');
    expect(rejection.message).toMatch(/aliases \(\*name\) expand to more than 100 copies \(an alias bomb\)/);
  });

  it('nesting that only the YAML parser finds too deep says so, with its line', async () => {
    const dashes = `title:\n  ${'- '.repeat(50_000)}x\n`;
    const rejection = await rejectionOf('blocks.md', `---\nid: blocks\n${dashes}---\nbody\n`);
    expect(rejection.source).toBe('blocks.md:4');
    expect(rejection.message).toMatch(/broken YAML front matter: nested too deeply to read/);
    expect(rejection.message).not.toMatch(/call stack/i);
  });

  it('mappings nested on one line ("a: a: a: …", found by the fuzzer) are refused with their line, not a stack error', async () => {
    const keys = `event:\n  name: ${'S name: '.repeat(3_000)}S\nkind: news\n`;
    const rejection = await rejectionOf('keys-in-line.md', `---\nid: keys-in-line\n${keys}---\nbody\n`);
    expect(rejection.source).toBe('keys-in-line.md:4');
    expect(rejection.message).toMatch(/broken YAML front matter: nested too deeply to read/);
    expect(rejection.message).not.toMatch(/call stack/i);
  });

  it('a field given twice is found in one pass, naming both lines', async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: v`).join('\n');
    const rejection = await rejectionOf('keys.md', `---\nid: keys\n${keys}\nk7: again\n---\nbody\n`);
    expect(rejection.source).toBe('keys.md:20003');
    expect(rejection.message).toMatch(/the field "k7" is given twice \(lines 10 and 20003\)/);
  });

  it('an unresolved YAML alias, with its line', async () => {
    const rejection = await rejectionOf('alias.md', '---\nid: alias\ntitle: *nope\n---\nbody\n');
    expect(rejection.source).toBe('alias.md:3');
    expect(rejection.message).toMatch(/the alias \*nope names no anchor \(&nope\) above it/);
  });

  it('YAML nested past what the parser can follow says so, not "Maximum call stack size exceeded"', async () => {
    const rejection = await rejectionOf('flow.md', `---\nid: flow\ntitle: ${'['.repeat(100_000)}\n---\nbody\n`);
    expect(rejection.source).toBe('flow.md:3');
    expect(rejection.message).toMatch(
      /broken YAML front matter: brackets \(\[ or \{\) nested more than 50 levels deep/,
    );
    expect(rejection.message).not.toMatch(/call stack/i);
  });

  it.each([
    ['an external entity (XXE)', rss(rssItem('&xxe;'), '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')],
    [
      'a billion-laughs entity bomb',
      rss(
        rssItem('&lol3;'),
        '<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;"><!ENTITY ' +
          'lol3 "&lol2;&lol2;">]>',
      ),
    ],
    ['a plain internal entity', rss(rssItem('&name;'), '<!DOCTYPE rss [<!ENTITY name "SECON">]>')],
  ])('a feed declaring entities is refused: %s', async (_label, feed) => {
    const rejection = await rejectionOf('entities.xml', feed);
    expect(rejection.source).toBe('entities.xml:1');
    expect(rejection.message).toMatch(/the feed declares entities .*refused/);
  });

  it.each([
    ['deeply nested XML', rss(`${'<div>'.repeat(20_000)}x${'</div>'.repeat(20_000)}`), /Maximum nested tags/],
    ['a malformed DOCTYPE (unknown declaration)', rss(rssItem('T'), '<!DOCTYPE rss [<foo>]>'), /Invalid DOCTYPE/],
    ['a malformed DOCTYPE (empty ELEMENT)', rss(rssItem('T'), '<!DOCTYPE rss [<!ELEMENT >]>'), /element name/],
    ['a malformed DOCTYPE (empty NOTATION)', rss(rssItem('T'), '<!DOCTYPE rss [<!NOTATION >]>'), /entity name/],
  ])('a feed the XML parser cannot read: %s', async (_label, feed, detail) => {
    const rejection = await rejectionOf('broken.xml', feed);
    expect(rejection.message).toMatch(/cannot read it as XML \(.*\); expected an RSS 2\.0 or Atom feed/);
    expect(rejection.message).toMatch(detail);
  });

  it('deeply nested HTML in a feed description rejects that item, naming the field', async () => {
    const feed = rss(rssItem('Deep', `&lt;div&gt;`.repeat(20_000)));
    const rejection = await rejectionOf('deep-html.xml', feed);
    expect(rejection).toMatchObject({ source: 'deep-html.xml item 1 (g1)', field: 'summary' });
    expect(rejection.message).toMatch(/cannot be read as HTML: HTML nested more than 100 elements deep/);
  });
});

describe('High 3: many items never overflow the stack; items per source are capped', () => {
  it('a JSON array of 200 000 zeros is refused whole, as over the cap', async () => {
    const rejection = await rejectionOf('zeros.json', JSON.stringify(new Array(200_000).fill(0)));
    expect(rejection.message).toMatch(
      /holds 200000 items, over the limit of 1000 per source \(ingest\.maxItemsPerSource\)/,
    );
  });

  it('with a higher cap, 200 000 rejections come back as a list (no "Maximum call stack size exceeded")', async () => {
    const result = await loadWithGood(
      'zeros-allowed.json',
      JSON.stringify(new Array(200_000).fill(0)),
      newsConfig({ maxItemsPerSource: 1_000_000 }),
    );
    expect(result.items.map((i) => i.item.id)).toEqual(['good-item']);
    expect(result.rejected).toHaveLength(200_000);
    expect(result.rejected[199_999]!.source).toBe('zeros-allowed.json item 200000');
  });

  it('the cap is configurable and applies to JSON, CSV and feeds alike', async () => {
    const small = newsConfig({ maxItemsPerSource: 2 });
    const items = [1, 2, 3].map((i) => ({ ...GOOD_ITEM, id: `j${i}` }));
    expect((await rejectionOf('three.json', JSON.stringify(items), small)).message).toMatch(/holds 3 items/);
    const csv = `id,kind,language,title,summary,url,published\n${[1, 2, 3]
      .map((i) => `c${i},news,en,T,S,https://www.interregeurope.eu/secon,2024-01-10T10:00:00+01:00`)
      .join('\n')}\n`;
    expect((await rejectionOf('three.csv', csv, small)).message).toMatch(
      /holds more than 2 items, over the limit of 2/,
    );
    const feed = rss(['a', 'b', 'c'].map((g) => rssItem(g).replace('<guid>g1', `<guid>${g}`)).join(''));
    expect((await rejectionOf('three.xml', feed, small)).message).toMatch(/holds 3 items/);
  });
});

describe('Medium 4: local images stay inside the news folder and are images by their bytes', () => {
  it.each([
    ['a relative path out of the folder', '../../../../etc/passwd'],
    ['an absolute path elsewhere', '/etc/hostname'],
  ])('%s is refused before the file is touched', async (_label, src) => {
    const rejection = await rejectionOf('escape.md', markdown({ images: `\n  - src: ${src}\n    alt: A photo` }));
    expect(rejection.field).toBe('images[0].src');
    expect(rejection.message).toContain(`"${src}" is outside the news file's folder (${dir})`);
  });

  it('a symbolic link inside the folder that points outside is refused', async () => {
    symlinkSync('/etc/hostname', join(dir, 'images/link.png'));
    const rejection = await rejectionOf(
      'link.md',
      markdown({ images: '\n  - src: images/link.png\n    alt: A photo' }),
    );
    expect(rejection.message).toMatch(/"images\/link\.png" leads to \/etc\/hostname, outside the news file's folder/);
  });

  it('a file named .png that is not an image is refused, by its first bytes', async () => {
    writeFileSync(join(dir, 'images/notes.png'), 'root:x:0:0:root:/root:/bin/bash\n');
    const rejection = await rejectionOf(
      'fake.md',
      markdown({ images: '\n  - src: images/notes.png\n    alt: A photo' }),
    );
    expect(rejection.message).toMatch(/notes\.png is not a PNG, JPEG, GIF or WebP image \(by its first bytes/);
  });

  it('a real image inside the folder is taken; ingest.mediaRoot allows a shared folder too', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'secon-media-'));
    try {
      const sharedImage = join(shared, 'shared.png');
      copyFileSync(join(FIXTURES, 'images/workshop.png'), sharedImage);
      const item = markdown({
        id: 'with-images',
        images: `\n  - src: images/photo.png\n    alt: A photo\n  - src: ${sharedImage}\n    alt: Shared`,
      });
      const refused = await rejectionOf('media.md', item);
      expect(refused.field).toBe('images[1].src');
      const allowed = await loadWithGood('media.md', item, newsConfig({ mediaRoot: shared }));
      expect(allowed.rejected).toEqual([]);
      expect(allowed.items[1]!.item.images.map((i) => i.src)).toEqual([
        join(dir, 'images/photo.png'),
        join(shared, 'shared.png'),
      ]);
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });
});

describe('Medium 5: text that is not UTF-8 is refused with the byte offset', () => {
  const latin1 = (text: string) => Buffer.from(text, 'latin1');
  it.each([
    ['latin1.md', latin1(markdown({ title: 'Café' })), 'latin1.md:5', 'byte 0xE9 at byte offset'],
    ['latin1.json', latin1(JSON.stringify({ ...GOOD_ITEM, id: 'l1', title: 'Café' })), 'latin1.json:1', '0xE9'],
    ['latin1.csv', latin1('id,title\nx,Café\n'), 'latin1.csv:2', '0xE9'],
    ['latin1.xml', latin1(rss(rssItem('Café'))), 'latin1.xml:1', '0xE9'],
  ])('%s', async (name, bytes, source, detail) => {
    const rejection = await rejectionOf(name, bytes);
    expect(rejection.source).toBe(source);
    expect(rejection.message).toContain(detail);
    expect(rejection.message).toMatch(/not valid UTF-8: .*; expected the text saved as UTF-8/);
  });
});

describe('Medium 8: image URLs on private addresses are refused at ingest', () => {
  it.each([
    'http://127.0.0.1/a.png',
    'http://169.254.169.254/latest/a.png',
    'http://[::ffff:127.0.0.1]/a.png',
    'http://[::127.0.0.1]/a.png',
    'http://10.0.0.8/a.png',
    'http://localhost/a.png',
  ])('%s', async (src) => {
    const rejection = await rejectionOf('private.md', markdown({ images: `\n  - src: ${src}\n    alt: A photo` }));
    expect(rejection.field).toBe('images[0].src');
    expect(rejection.message).toMatch(
      /refused: .* loopback\/private\/link-local network \(set ingest\.allowPrivateNetworks/,
    );
  });

  it('an image URL that is no URL at all (found by the fuzzer) is refused as a field, not thrown', async () => {
    const src = 'https://www.interrege\u{b838b}urope.eu/img/recap.png';
    const rejection = await rejectionOf(
      'nourl.json',
      JSON.stringify({ ...GOOD_ITEM, id: 'nourl', images: [{ src, alt: 'A' }] }),
    );
    expect(rejection.field).toBe('images[0].src');
    expect(rejection.message).toMatch(/expected a local path or an http\(s\) URL/);
  });

  it('are taken when ingest.allowPrivateNetworks is set (tests, intranets)', async () => {
    const result = await loadWithGood(
      'private-ok.md',
      markdown({ id: 'private-ok', images: '\n  - src: http://127.0.0.1/a.png\n    alt: A photo' }),
      newsConfig({ allowPrivateNetworks: true }),
    );
    expect(result.rejected).toEqual([]);
  });
});

describe('Low: characters, ids, URLs, language codes', () => {
  it.each([
    ['NUL', '"Hello\\u0000 world"', /contains U\+0000 \(NUL\) at character 6; refused/],
    [
      'a right-to-left override',
      '"Invoice \\u202Efdp.exe"',
      /contains U\+202E \(RIGHT-TO-LEFT OVERRIDE\) at character 9/,
    ],
    ['a bidi isolate', '"a\\u2066b"', /U\+2066 \(LEFT-TO-RIGHT ISOLATE\)/],
    ['an escape character', '"a\\u001b[31mred"', /U\+001B \(a control character\)/],
  ])('%s in a title is refused, saying which character and where', async (_label, title, message) => {
    const rejection = await rejectionOf('chars.md', markdown({ title }));
    expect(rejection.field).toBe('title');
    expect(rejection.message).toMatch(message);
  });

  it('zero-width spaces are stripped, and the item says so in a warning', async () => {
    const result = await loadWithGood('zw.md', markdown({ id: 'zw', title: '"SECON\\u200B partners\\u2060 meet"' }));
    expect(result.rejected).toEqual([]);
    const item = result.items.find((i) => i.item.id === 'zw')!;
    expect(item.item.title).toBe('SECON partners meet');
    expect(item.warnings).toEqual([
      {
        field: 'title',
        line: 5,
        message: 'removed 2 invisible characters: U+200B (ZERO WIDTH SPACE), U+2060 (WORD JOINER)',
      },
    ]);
  });

  it('the zero-width joiner of an emoji sequence is kept', async () => {
    const result = await loadWithGood('zwj.md', markdown({ id: 'zwj', title: '"Team 👩\\u200D💻"' }));
    expect(result.items.find((i) => i.item.id === 'zwj')!.item.title).toBe('Team 👩\u200D💻');
  });

  it.each([
    ['a newline', 'a\nb', /without line breaks, tabs or other control characters/],
    ['"../"', '../secrets', /without a "\.\." path segment/],
    ['a ".." segment inside', 'news/../../x', /without a "\.\." path segment/],
    ['spaces around it', ' padded ', /without leading or trailing spaces/],
  ])('an id with %s is refused', async (_label, id, message) => {
    const rejection = await rejectionOf('id.json', JSON.stringify({ ...GOOD_ITEM, id }));
    expect(rejection.field).toBe('id');
    expect(rejection.message).toMatch(message);
    // A rejected id that could forge an output line is not repeated as the item's name.
    if (id.includes('\n')) expect(rejection.id).toBeUndefined();
  });

  it('ids with inner spaces and feed links as ids stay fine', async () => {
    const items = [
      { ...GOOD_ITEM, id: 'Haskovo workshop 2023' },
      { ...GOOD_ITEM, id: 'https://www.haskovo.bg/news/opening-hours' },
    ];
    const result = await loadWithGood('ids.json', JSON.stringify(items));
    expect(result.rejected).toEqual([]);
  });

  it.each([
    ['url', markdown({ url: 'https://user:hunter2@www.interregeurope.eu/secon' }), 'url'],
    [
      'a translation url',
      markdown({ translations: '\n  de:\n    title: T\n    summary: S\n    url: https://ed:hunter2@example.org/de' }),
      'translations.de.url',
    ],
    [
      'an image URL',
      markdown({ images: '\n  - src: https://me:hunter2@example.org/a.png\n    alt: A' }),
      'images[0].src',
    ],
  ])('a URL with user:password@ is refused (%s), without repeating the password', async (_label, content, field) => {
    const rejection = await rejectionOf('creds.md', content);
    expect(rejection.field).toBe(field);
    expect(rejection.message).toMatch(/expected a URL without a user name or password/);
    expect(rejection.message).toContain('***:***@');
    expect(rejection.message).not.toContain('hunter2');
  });

  it('language codes are taken in any case and normalised to BCP 47 ("EN" → "en", "pt-pt" → "pt-PT")', async () => {
    const result = await loadWithGood(
      'case.md',
      markdown({ id: 'case', language: 'EN', translations: '\n  PT-pt:\n    title: T\n    summary: S' }),
    );
    expect(result.rejected).toEqual([]);
    const item = result.items.find((i) => i.item.id === 'case')!.item;
    expect(item.language).toBe('en');
    expect(Object.keys(item.translations)).toEqual(['pt-PT']);
  });

  it('CSV translation columns take any case too (title.DE)', async () => {
    const csv =
      'id,kind,language,title,summary,url,published,title.DE,summary.DE\n' +
      'csv-de,news,EN,T,S,https://www.interregeurope.eu/secon,2024-01-10T10:00:00+01:00,Titel,Kurz\n';
    const result = await loadWithGood('case.csv', csv);
    expect(result.rejected).toEqual([]);
    expect(result.items[1]!.item.translations).toEqual({ de: { title: 'Titel', summary: 'Kurz' } });
  });
});

describe('Low: JSON syntax errors carry their line and the problem, the same on every Node version', () => {
  it.each([
    ['a missing value', '{\n  "id": "x",\n  "title": \n}', 'bad.json:4', /at line 4, column 1: a value is missing/],
    ['a trailing comma', '[\n  {"id": "a"},\n]', 'bad.json:3', /at line 3, column 1/],
    ['a cut-off file', '[\n  {"id": "a",\n', 'bad.json:3', /at line 3/],
    [
      'a raw line break in a string',
      '{"title": "one\ntwo"}',
      'bad.json:1',
      /at line 1, column 11: a string is not closed/,
    ],
  ])('%s', async (_label, text, source, message) => {
    const rejection = await rejectionOf('bad.json', text);
    expect(rejection.source).toBe(source);
    expect(rejection.message).toMatch(message);
    expect(rejection.message).toMatch(/; expected one item object or an array of them$/);
  });
});

describe('Low: CSV', () => {
  const header = 'id,kind,language,title,summary,url,published';
  const row = (id: string) => `${id},news,en,T,S,https://www.interregeurope.eu/secon,2024-01-10T10:00:00+01:00`;

  it('a duplicate header column rejects the file, naming the column (no silent winner)', async () => {
    const rejection = await rejectionOf('dup.csv', `id,kind,language,title,title,summary,url,published\n${row('a')}\n`);
    expect(rejection.source).toBe('dup.csv:1');
    expect(rejection.message).toMatch(/column "title" appears twice in the header \(columns 4 and 5\)/);
  });

  it('an empty file, or a header without rows, is a rejection (exit 2), not silence', async () => {
    expect((await rejectionOf('empty.csv', '')).message).toMatch(/the file is empty; expected a header row/);
    expect((await rejectionOf('blank.csv', '\n\n  \n')).message).toMatch(/the file is empty/);
    expect((await rejectionOf('header.csv', `${header}\n`)).message).toMatch(/no rows under the header/);
  });

  it('one row with a broken quote is one rejection at its line, and the rows after it are read', async () => {
    const csv = `${header}\n${row('r1')}\nr2,news,en,"T"x,S,u,p\n${row('r3')}\n${row('r4')}\n`;
    const result = await loadWithGood('quote.csv', csv);
    expect(result.items.map((i) => i.item.id)).toEqual(['good-item', 'r1', 'r3', 'r4']);
    expect(result.rejected.map((r) => r.source)).toEqual(['quote.csv:3']);
    expect(result.rejected[0]!.message).toMatch(/Invalid Closing Quote.*; expected quotes in pairs/);
  });

  it('an unclosed quote is one rejection at the row where it opens', async () => {
    const csv = `${header}\n${row('r1')}\nr2,news,en,"T,S\n${row('r3')}\n`;
    const result = await loadWithGood('open.csv', csv);
    expect(result.rejected.map((r) => r.source)).toEqual(['open.csv:3']);
    expect(result.items.map((i) => i.item.id)).toEqual(['good-item', 'r1', 'r3']);
  });

  it('a row with the wrong number of cells is one rejection; rows of empty cells are skipped', async () => {
    const csv = `${header}\n${row('r1')}\nr2,news,en\n,,,,,,\n${row('r3')}\n`;
    const result = await loadWithGood('cells.csv', csv);
    expect(result.items.map((i) => i.item.id)).toEqual(['good-item', 'r1', 'r3']);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatchObject({ source: 'cells.csv:3' });
    expect(result.rejected[0]!.message).toMatch(/3 cells in this row, but the header has 7 columns/);
  });

  it('a quoted cell with a line break keeps the next row on its own line number', async () => {
    const csv =
      `${header}` +
      `\nr1,news,en,T,"two\nlines",https://www.interregeurope.eu/secon,2024-01-10T10:00:00+01:00\n\nr2,news,en\n`;
    const result = await loadWithGood('lines.csv', csv);
    expect(result.rejected.map((r) => r.source)).toEqual(['lines.csv:5']);
  });
});
