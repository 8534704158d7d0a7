import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedSchema } from '../../src/config/config-schema.ts';
import { type LoadResult, loadSources } from '../../src/news/load-sources.ts';
import { newsConfig } from '../helpers/config.ts';
import { FeedServer } from '../helpers/feed-server.ts';

const FIXTURES = resolve('test/fixtures/news');
const config = newsConfig();

/** A valid Markdown item; `fields` replaces lines of the front matter (null removes a field). */
function markdown(fields: Record<string, string | null> = {}, body = 'Some **body** text.'): string {
  const base: Record<string, string | null> = {
    id: 'good-item',
    kind: 'news',
    language: 'en',
    title: 'SECON partners meet',
    summary: 'The partners meet to compare notes.',
    url: 'https://www.interregeurope.eu/secon',
    published: '2024-01-10T10:00:00+01:00',
    ...fields,
  };
  const lines = Object.entries(base)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join('\n')}\n---\n\n${body}\n`;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'secon-news-'));
  mkdirSync(join(dir, 'images'));
  copyFileSync(join(FIXTURES, 'images/workshop.png'), join(dir, 'images/photo.png'));
  writeFileSync(join(dir, 'good.md'), markdown());
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `name` into the temp dir and loads it together with the good item. */
async function loadWithGood(name: string, content: string | Buffer): Promise<LoadResult> {
  writeFileSync(join(dir, name), content);
  return loadSources([join(dir, 'good.md'), join(dir, name)], { config, cwd: dir });
}

describe('loadSources: formats', () => {
  it('reads the shipped sample news: the German announcement with its translations and the English recap', async () => {
    const result = await loadSources(['news'], { config: newsConfig() });
    expect(result.rejected).toEqual([]);
    const byId = new Map(result.items.map((i) => [i.item.id, i.item]));
    const announcement = byId.get('haskovo-workshop-2023')!;
    expect(announcement.kind).toBe('announcement');
    expect(announcement.language).toBe('de');
    expect(Object.keys(announcement.translations)).toEqual(
      expect.arrayContaining(['en', 'bg', 'el', 'ro', 'pl', 'es']),
    );
    expect(announcement.event).toMatchObject({
      timezone: 'Europe/Sofia',
      start: '2023-11-13T09:00:00+02:00',
      end: '2023-11-14T17:00:00+02:00',
    });
    // Markdown became plain text: no emphasis markers, paragraphs kept.
    expect(announcement.body).toContain('13. und 14. November 2023');
    expect(announcement.body).not.toContain('**');
    expect(announcement.body).toMatch(/\n\n/);
    expect(announcement.images[0]!.src).toBe(resolve('news/images/haskovo-workshop.png'));
    expect(announcement.url).toMatch(/^https:\/\/www\.interregeurope\.eu\/secon/);
    expect(byId.get('haskovo-workshop-2023-recap')).toMatchObject({ kind: 'recap', language: 'en' });
  });

  it('takes the id from the file name when the front matter has none', async () => {
    const result = await loadWithGood('2024-05-riga.md', markdown({ id: null }));
    expect(result.rejected).toEqual([]);
    expect(result.items.map((i) => i.item.id)).toEqual(['good-item', '2024-05-riga']);
  });

  it('reads JSON: one item or an array; local images are resolved next to the file', async () => {
    const result = await loadSources([join(FIXTURES, 'items.json'), join(FIXTURES, 'single.json')], { config });
    expect(result.rejected).toEqual([]);
    expect(result.items.map((i) => i.item.id)).toEqual(['json-news-1', 'json-news-2', 'json-single']);
    expect(result.items[0]!.item.images[0]!.src).toBe(join(FIXTURES, 'images/workshop.png'));
    expect(result.items[1]!.source).toMatch(/items\.json item 2$/);
    expect(result.items[1]!.item.translations.en!.title).toBe('SECON partners in Warsaw');
  });

  it('reads a CSV season plan: event columns, lists, images and title.de-style translations', async () => {
    const result = await loadSources([join(FIXTURES, 'season.csv')], { config });
    expect(result.rejected).toEqual([]);
    const [riga, harghita] = result.items.map((i) => i.item);
    expect(riga).toMatchObject({
      id: 'riga-visit-2024',
      kind: 'announcement',
      hashtags: ['Riga', 'SocialEconomy'],
      event: {
        name: 'Study visit to Riga',
        timezone: 'Europe/Riga',
        location: 'Riga, Latvia',
        end: '2024-06-05T16:00:00+03:00',
      },
      images: [{ src: join(FIXTURES, 'images/workshop.png'), alt: 'Nine yellow dots on a ring' }],
      translations: { de: { title: 'Studienbesuch in Riga' } },
    });
    expect(riga!.translations.ro).toBeUndefined();
    expect(harghita!.summary).toContain('\n');
    expect(harghita!.event).toBeUndefined();
  });

  it('reads RSS and Atom files: HTML becomes clean text, ids from guid/id else link, dates keep their offset', async () => {
    const result = await loadSources([join(FIXTURES, 'rss.xml'), join(FIXTURES, 'atom.xml')], { config });
    expect(result.rejected).toEqual([]);
    const byId = new Map(result.items.map((i) => [i.item.id, i.item]));
    const rss = byId.get('haskovo-1001')!;
    expect(rss.language).toBe('bg');
    expect(rss.published).toBe('2023-11-09T10:00:00+02:00');
    expect(rss.summary).toBe('Partners from nine regions come to Haskovo on 13–14 November.');
    expect(rss.body).toContain('Day one: social enterprises, NGOs & authorities.');
    expect(rss.body).toContain('more about SECON (https://www.interregeurope.eu/secon)');
    expect(rss.body).not.toMatch(/<|track\(\)/);
    expect(rss.images).toEqual([
      { src: 'https://www.haskovo.bg/img/workshop.jpg', alt: 'Workshop participants around a table' },
    ]);
    // No guid: the link is the id.
    expect(byId.get('https://www.haskovo.bg/news/opening-hours')!.published).toBe('2023-11-06T08:30:00Z');
    const atom = byId.get('urn:secon:recap-haskovo')!;
    expect(atom).toMatchObject({
      title: 'Recap: Haskovo workshop',
      language: 'en',
      published: '2023-11-20T11:00:00+02:00',
      summary: 'Nine regions compared how they support social enterprises.',
    });
    expect(atom.images).toEqual([{ src: 'https://www.interregeurope.eu/img/recap.png', alt: 'Partners in Haskovo' }]);
    expect(byId.get('urn:secon:el-haskovo')).toMatchObject({ language: 'el', body: 'Εννέα περιφέρειες συναντήθηκαν.' });
  });

  it('walks folders recursively, skipping README, drafts (_x) and images', async () => {
    const tree = mkdtempSync(join(tmpdir(), 'secon-tree-'));
    try {
      mkdirSync(join(tree, '2024'));
      writeFileSync(join(tree, 'README.md'), '# How to write news\n');
      writeFileSync(join(tree, '_draft.md'), 'not ready');
      writeFileSync(join(tree, 'a.md'), markdown({ id: 'a' }));
      writeFileSync(join(tree, '2024', 'b.md'), markdown({ id: 'b' }));
      copyFileSync(join(FIXTURES, 'images/workshop.png'), join(tree, 'photo.png'));
      const result = await loadSources([tree], { config });
      expect(result.rejected).toEqual([]);
      expect(result.items.map((i) => i.item.id)).toEqual(['b', 'a']);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('a folder with no news file in it is rejected, saying what it holds instead; other inputs carry on', async () => {
    const tree = mkdtempSync(join(tmpdir(), 'secon-tree-'));
    const news = mkdtempSync(join(tmpdir(), 'secon-tree-'));
    try {
      writeFileSync(join(tree, 'README.md'), '# How to write news\n');
      for (const name of ['press-release.txt', 'recap.txt', 'notes.docx', 'photo.png'])
        writeFileSync(join(tree, name), 'text');
      writeFileSync(join(news, 'a.md'), markdown({ id: 'a' }));
      const result = await loadSources([tree, news], { config });
      expect(result.items.map((i) => i.item.id)).toEqual(['a']);
      expect(result.rejected).toHaveLength(1);
      expect(result.rejected[0]!.source).toBe(tree);
      expect(result.rejected[0]!.message).toBe(
        'holds no news file; expected .md, .markdown, .json, .csv, .xml, .rss, .atom files (README files and names ' +
          'starting with "_" or "." are not read); it has 4 other files: notes.docx, photo.png, press-release.txt and 1 more',
      );
    } finally {
      rmSync(tree, { recursive: true, force: true });
      rmSync(news, { recursive: true, force: true });
    }
  });
});

/**
 * Every bad input is loaded next to a good item: the bad one is rejected whole with a message
 * naming the source, the field and what was expected, and the good one still comes through.
 */
describe('loadSources: bad input is rejected whole, the others carry on', () => {
  const cases: Array<{ name: string; file: string; content: string; field?: string; message: RegExp; line?: number }> =
    [
      {
        name: 'broken YAML front matter (a colon in an unquoted title)',
        file: 'broken.md',
        content: '---\nid: broken\ntitle: Haskovo: the workshop\nsummary: x\n---\nbody\n',
        message: /broken YAML front matter: .*; expected valid YAML/,
        line: 3,
      },
      {
        name: 'broken YAML front matter (unclosed quote)',
        file: 'quote.md',
        content: '---\nid: quote\ntitle: "unclosed\nsummary: x\n---\nbody\n',
        message: /broken YAML front matter: Missing closing "quote/,
      },
      {
        name: 'duplicate field in the front matter',
        file: 'twice.md',
        content: '---\nid: twice\ntitle: a\ntitle: b\n---\nbody\n',
        message: /the field "title" is given twice \(lines 3 and 4\); expected each field once/,
        line: 4,
      },
      {
        name: 'no front matter at all',
        file: 'plain.md',
        content: '# Just a heading\n',
        message: /no YAML front matter/,
      },
      {
        name: 'missing title',
        file: 'no-title.md',
        content: markdown({ id: 'no-title', title: null }),
        field: 'title',
        message: /title: missing; expected text/,
      },
      {
        name: 'missing kind (a choice: the choices, not "got nothing")',
        file: 'no-kind.md',
        content: markdown({ id: 'no-kind', kind: null }),
        field: 'kind',
        message: /kind: missing; expected one of "announcement", "recap", "news"$/,
      },
      {
        name: 'missing url',
        file: 'no-url.md',
        content: markdown({ id: 'no-url', url: null }),
        field: 'url',
        message: /url: missing/,
      },
      {
        name: 'missing language',
        file: 'no-lang.md',
        content: markdown({ id: 'no-lang', language: null }),
        field: 'language',
        message: /language: missing/,
      },
      {
        name: 'unknown language code',
        file: 'xx.md',
        content: markdown({ id: 'xx', language: 'xx' }),
        field: 'language',
        message: /unknown language code.*"xx"/,
        line: 4,
      },
      {
        name: "a country's code for its language (gr, for Greek)",
        file: 'gr.md',
        content: markdown({ id: 'gr', language: 'gr' }),
        field: 'language',
        message: /^language: unknown language code; got "gr", the country code of Greece, whose language is "el"$/,
      },
      {
        name: 'unknown language of a translation',
        file: 'tr.md',
        content: markdown({ id: 'tr', translations: '\n  qq:\n    title: T\n    summary: S' }),
        field: 'translations.qq',
        message: /unknown language code/,
      },
      {
        name: 'event ending before it starts',
        file: 'event.md',
        content: markdown({
          id: 'event',
          event:
            '\n  name: Workshop\n  start: 2023-11-14T09:00:00+02:00\n  end: ' +
            '2023-11-13T17:00:00+02:00\n  timezone: Europe/Sofia',
        }),
        field: 'event.end',
        message: /ends .* before it starts/,
        line: 12,
      },
      {
        name: 'unknown time zone',
        file: 'zone.md',
        content: markdown({
          id: 'zone',
          event: '\n  name: Workshop\n  start: 2023-11-13T09:00:00+02:00\n  timezone: Europe/Haskovo',
        }),
        field: 'event.timezone',
        message: /IANA time zone.*"Europe\/Haskovo"/,
      },
      {
        name: 'invalid date (30 February)',
        file: 'date.md',
        content: markdown({ id: 'date', published: '2023-02-30T10:00:00+01:00' }),
        field: 'published',
        message: /expected an ISO 8601 date or date-time/,
        line: 8,
      },
      {
        name: 'a date in words',
        file: 'words.md',
        content: markdown({ id: 'words', published: 'next Tuesday' }),
        field: 'published',
        message: /expected an ISO 8601 date or date-time, e\.g\. 2023-11-13 or 2023-11-13T09:00:00\+02:00/,
      },
      {
        name: 'image without alt text',
        file: 'alt.md',
        content: markdown({ id: 'alt', images: '\n  - src: images/photo.png' }),
        field: 'images[0].alt',
        message: /images\[0\]\.alt: missing/,
      },
      {
        name: 'image with empty alt text',
        file: 'alt2.md',
        content: markdown({ id: 'alt2', images: '\n  - src: images/photo.png\n    alt: "  "' }),
        field: 'images[0].alt',
        message: /alt text/,
      },
      {
        name: 'missing local image',
        file: 'img.md',
        content: markdown({ id: 'img', images: '\n  - src: images/missing.png\n    alt: A photo' }),
        field: 'images[0].src',
        message: /image file not found: .*images\/missing\.png/,
      },
      {
        name: 'non-http(s) image URL',
        file: 'ftp.md',
        content: markdown({ id: 'ftp', images: '\n  - src: ftp://example.org/a.png\n    alt: A photo' }),
        field: 'images[0].src',
        message: /expected a local path or an http\(s\) URL/,
      },
      {
        name: 'non-http(s) news URL',
        file: 'js.md',
        content: markdown({ id: 'js', url: 'javascript:alert(1)' }),
        field: 'url',
        message: /http\(s\) URL/,
      },
      {
        name: 'unknown kind',
        file: 'kind.md',
        content: markdown({ id: 'kind', kind: 'press-release' }),
        field: 'kind',
        message: /expected one of "announcement", "recap", "news"/,
      },
      {
        name: 'misspelt field',
        file: 'typo.md',
        content: markdown({ id: 'typo', sumary: 'x' }),
        field: 'sumary',
        message: /^sumary: unknown field; did you mean summary\?$/,
      },
      {
        name: 'body both in the front matter and below it',
        file: 'body.md',
        content: markdown({ id: 'body', body: 'front' }, 'below'),
        field: 'body',
        message: /given twice/,
      },
      {
        name: 'unknown channel',
        file: 'chan.md',
        content: markdown({ id: 'chan', channels: '[mastodon-secon]' }),
        field: 'channels[0]',
        message: /unknown channel "mastodon-secon"/,
      },
      {
        name: 'feed that is not XML',
        file: 'feed.xml',
        content: '<rss><channel><item></channel>',
        message: /not XML .*line \d+.*expected an RSS 2.0 or Atom feed/,
      },
      {
        name: 'XML that is not a feed',
        file: 'page.xml',
        content: '<?xml version="1.0"?><html><body>hi</body></html>',
        message: /not an RSS 2.0 or Atom feed.*got <html>/,
      },
      {
        name: 'JSON that does not parse',
        file: 'bad.json',
        content: '{ "id": "x",\n  "title": }',
        message: /not valid JSON/,
      },
      {
        name: 'CSV with an unknown column',
        file: 'bad.csv',
        content: 'id,title,colour\na,b,c\n',
        message: /unknown column "colour"; expected the documented columns/,
      },
      {
        name: 'CSV with misspelt columns: the ones meant are named',
        file: 'typo.csv',
        content: 'id,titel,event.strat\na,b,c\n',
        message:
          /^unknown columns "titel" \(did you mean title\?\), "event\.strat" \(did you mean event\.start\?\); expected/,
      },
      { name: 'unsupported file type', file: 'notes.txt', content: 'hello', message: /unsupported file type ".txt"/ },
    ];

  it.each(cases)('$name', async ({ file, content, field, message, line }) => {
    const result = await loadWithGood(file, content);
    expect(result.items.map((i) => i.item.id)).toEqual(['good-item']);
    expect(result.rejected).toHaveLength(1);
    const [rejection] = result.rejected;
    expect(rejection!.source).toContain(file);
    if (line !== undefined) expect(rejection!.source).toBe(`${file}:${line}`);
    if (field) expect(rejection!.field).toBe(field);
    expect(rejection!.message).toMatch(message);
  });

  it('names the field a typo meant, in a translation too; a field nothing is near says to check the spelling', async () => {
    const result = await loadWithGood(
      'typo-de.md',
      markdown({ id: 'typo-de', translations: '{ de: { title: T, sumary: S } }', colour: 'red' }),
    );
    const said = Object.fromEntries(result.rejected[0]!.issues!.map((i) => [i.field, i.message]));
    expect(said).toMatchObject({
      'translations.de.sumary': 'unknown field; did you mean summary?',
      colour: 'unknown field; check the spelling (fields are case-sensitive)',
    });
  });

  it('lists every problem of an item at once', async () => {
    const result = await loadWithGood(
      'many.md',
      markdown({ id: 'many', title: null, language: 'xx', published: 'yesterday' }),
    );
    expect(result.rejected[0]!.issues!.map((i) => i.field)).toEqual(['language', 'title', 'published']);
  });

  it('rejects a file over the size cap (1 MB by default) without parsing it', async () => {
    const result = await loadWithGood('huge.md', markdown({ id: 'huge' }, 'x'.repeat(1_100_000)));
    expect(result.items.map((i) => i.item.id)).toEqual(['good-item']);
    expect(result.rejected[0]!.message).toMatch(/over the size cap of 1048576 bytes \(ingest\.maxBytes\)/);
  });

  it('rejects every item of a duplicate id, naming the other source', async () => {
    writeFileSync(join(dir, 'dup-a.md'), markdown({ id: 'same' }));
    writeFileSync(
      join(dir, 'dup-b.json'),
      JSON.stringify({
        id: 'same',
        kind: 'news',
        language: 'en',
        title: 'T',
        summary: 'S',
        url: 'https://www.interregeurope.eu/secon',
        published: '2024-01-10T10:00:00+01:00',
      }),
    );
    const result = await loadSources([join(dir, 'good.md'), join(dir, 'dup-a.md'), join(dir, 'dup-b.json')], {
      config,
      cwd: dir,
    });
    expect(result.items.map((i) => i.item.id)).toEqual(['good-item']);
    expect(result.rejected.map((r) => [r.source, r.field])).toEqual([
      ['dup-a.md', 'id'],
      ['dup-b.json', 'id'],
    ]);
    expect(result.rejected[0]!.message).toMatch(/duplicate id "same", also used by dup-b\.json/);
  });

  it('rejects a CSV row with the wrong number of cells, naming its line, and keeps the other rows', async () => {
    const csv =
      'id,kind,language,title,summary,url,published\n' +
      'row-ok,news,en,T,S,https://www.interregeurope.eu/secon,2024-01-10T10:00:00+01:00\n' +
      'row-bad,news,en,T,S\n' +
      'row-date,news,en,T,S,https://www.interregeurope.eu/secon,2024-13-01T10:00:00+01:00\n';
    const result = await loadWithGood('rows.csv', csv);
    expect(result.items.map((i) => i.item.id)).toEqual(['good-item', 'row-ok']);
    expect(result.rejected.map((r) => r.source)).toEqual(['rows.csv:3', 'rows.csv:4']);
    expect(result.rejected[1]!.field).toBe('published');
  });

  it('reads a season plan as a spreadsheet in the partner regions saves it: semicolons or tabs, day-first dotted dates', async () => {
    // Excel with German, Polish or Latvian settings: ";" between cells, a byte order mark, CRLF,
    // dates as "20.01.2027 10:00", and a comma inside an unquoted cell (the place).
    const semicolons =
      '\uFEFFid;kind;language;title;summary;url;published;event.name;event.start;event.location;event.timezone;schedule\r\n' +
      'riga-meeting;announcement;lv;Tikšanās Rīgā;Partneri tiekas Rīgā.;https://www.interregeurope.eu/secon;' +
      '08.12.2026;Tikšanās;20.01.2027 10:00;Rīga, Latvija;Europe/Riga;10.12.2026 09:30 11.12.2026 09:30\r\n' +
      'riga-bad-day;news;lv;T;S;https://www.interregeurope.eu/secon;32.12.2026;;;;;\r\n';
    const result = await loadWithGood('plan-lv.csv', semicolons);
    expect(result.items.map((i) => i.item.id)).toEqual(['good-item', 'riga-meeting']);
    const riga = result.items[1]!.item;
    expect(riga.published).toBe('2026-12-08T00:00:00+02:00');
    expect(riga.event).toMatchObject({ start: '2027-01-20T10:00:00+02:00', location: 'Rīga, Latvija' });
    expect(riga.schedule).toEqual(['2026-12-10T09:30:00+02:00', '2026-12-11T09:30:00+02:00']);
    // A day that does not exist is refused as written, not as a made-up ISO date.
    expect(result.rejected.map((r) => [r.source, r.field])).toEqual([['plan-lv.csv:3', 'published']]);
    expect(result.rejected[0]!.message).toContain('got "32.12.2026"');

    const tabs =
      'id\tkind\tlanguage\ttitle\tsummary\turl\tpublished\n' +
      'tab-news\tnews\ten\tPartners, together\tS\thttps://www.interregeurope.eu/secon\t2024-01-10T10:00:00+01:00\n';
    const tabbed = await loadWithGood('plan.tsv.csv', tabs);
    expect(tabbed.rejected).toEqual([]);
    expect(tabbed.items[1]!.item.title).toBe('Partners, together');
  });

  it('reads slashed dates day first, as Greek, Spanish or Portuguese settings save them, unless the file shows month first', async () => {
    // Excel with Greek settings: ";" and "20/1/2027 10:00". "5/12/2026" could be either; the file's
    // "20/1/2027" can only be day first, so it is 5 December.
    const greek =
      'id;kind;language;title;summary;url;published;event.name;event.start;event.timezone;schedule\r\n' +
      'tripoli-forum;announcement;el;Φόρουμ στην Τρίπολη;Οι εταίροι συναντώνται.;https://www.interregeurope.eu/secon;' +
      '5/12/2026;Φόρουμ;20/1/2027 10:00;Europe/Athens;8/12/2026 09:30\r\n';
    const result = await loadWithGood('plan-el.csv', greek);
    expect(result.rejected).toEqual([]);
    const forum = result.items[1]!.item;
    expect(forum.published).toBe('2026-12-05T00:00:00+02:00');
    expect(forum.event).toMatchObject({ start: '2027-01-20T10:00:00+02:00' });
    expect(forum.schedule).toEqual(['2026-12-08T09:30:00+02:00']);

    // United States settings: "1/20/2027" can only be month first, so "1/5/2027" is 5 January.
    const american =
      'id,kind,language,title,summary,url,published,event.name,event.start,event.timezone\n' +
      'us-forum,announcement,en,Forum,Partners meet.,https://www.interregeurope.eu/secon,1/5/2027,Forum,1/20/2027 10:00,Europe/Athens\n';
    const us = await loadWithGood('plan-us.csv', american);
    expect(us.rejected).toEqual([]);
    expect(us.items[1]!.item.published).toBe('2027-01-05T00:00:00+02:00');
    expect(us.items[1]!.item.event).toMatchObject({ start: '2027-01-20T10:00:00+02:00' });
  });

  it('refuses the rows with slashed dates of a file that writes them both day and month first, naming both', async () => {
    const mixed =
      'id,kind,language,title,summary,url,published\n' +
      'row-day,news,en,T,S,https://www.interregeurope.eu/secon,20/01/2027\n' +
      'row-iso,news,en,T,S,https://www.interregeurope.eu/secon,2027-01-21\n' +
      'row-month,news,en,T,S,https://www.interregeurope.eu/secon,1/22/2027\n';
    const result = await loadWithGood('plan-mixed.csv', mixed);
    expect(result.items.map((i) => i.item.id)).toEqual(['good-item', 'row-iso']);
    expect(result.rejected.map((r) => r.source)).toEqual(['plan-mixed.csv:2', 'plan-mixed.csv:4']);
    expect(result.rejected[0]!.message).toBe(
      'this file writes dates with slashes day first ("20/01/2027", line 2) and month first ("1/22/2027", line 4), ' +
        'so its slashed dates are not read; expected one order in a file, or ISO 8601 (2027-01-20 10:00)',
    );
  });

  it('rejects a missing input and keeps going', async () => {
    const result = await loadSources([join(dir, 'nope.md'), join(dir, 'good.md')], { config, cwd: dir });
    expect(result.items).toHaveLength(1);
    expect(result.rejected[0]!.message).toMatch(/ENOENT/);
  });
});

describe('loadSources: URLs', () => {
  const server = new FeedServer();
  beforeAll(async () => {
    await server.start();
    server.routes.set('/feed.xml', {
      headers: { 'content-type': 'application/rss+xml' },
      body: '<rss version="2.0"><channel><title>t</title><item><title>Hi</title><link>https://www.interregeurope.eu/secon</link><guid>g1</guid><pubDate>Thu, 09 Nov 2023 10:00:00 +0100</pubDate><description>Hello</description></item></channel></rss>',
    });
    server.routes.set('/slow', { handle: () => undefined });
    server.routes.set('/item.md', {
      body: markdown({ id: 'remote-md', images: '\n  - src: images/photo.png\n    alt: A photo' }),
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('refuses a feed on a private network unless the config allows it', async () => {
    const refused = await loadSources([server.url('/feed.xml')], { config });
    expect(refused.items).toEqual([]);
    expect(refused.rejected[0]).toMatchObject({ source: server.url('/feed.xml') });
    expect(refused.rejected[0]!.message).toMatch(/refused: 127\.0\.0\.1 is on a loopback\/private\/link-local network/);

    const allowed = await loadSources([server.url('/feed.xml')], {
      config: newsConfig({ allowPrivateNetworks: true }),
    });
    expect(allowed.rejected).toEqual([]);
    expect(allowed.items[0]!.item).toMatchObject({ id: 'g1', title: 'Hi', published: '2023-11-09T10:00:00+01:00' });
  });

  it('rejects a feed that times out', async () => {
    const result = await loadSources([server.url('/slow'), join(dir, 'good.md')], {
      config: newsConfig({ allowPrivateNetworks: true, timeoutMs: 300 }),
    });
    expect(result.items.map((i) => i.item.id)).toEqual(['good-item']);
    expect(result.rejected[0]!.message).toMatch(/no complete answer within 300 ms/);
  });

  it('refuses local image paths in a remote news file (there is no folder to resolve them in)', async () => {
    const result = await loadSources([server.url('/item.md')], {
      config: newsConfig({ allowPrivateNetworks: true }),
    });
    expect(result.rejected[0]).toMatchObject({ field: 'images[0].src' });
    expect(result.rejected[0]!.message).toMatch(/local path, but this source is remote/);
  });

  it("reads a configured feed's address with that feed's settings, as the worker does, and counts what it would leave out as too old", async () => {
    const base = newsConfig({ allowPrivateNetworks: true });
    const feedFile = join(dir, 'partner.rss');
    writeFileSync(feedFile, String(server.routes.get('/feed.xml')!.body).replace('<guid>g1', '<guid>g2'));
    const feeds = [
      { id: 'partner-news', url: server.url('/feed.xml'), language: 'de', kind: 'recap', channels: ['facebook-secon'] },
      { id: 'partner-file', url: 'partner.rss', maxAgeDays: 100_000 },
    ].map((feed) => feedSchema.parse(feed));
    const configured = await loadSources([server.url('/feed.xml'), feedFile], { config: { ...base, feeds }, cwd: dir });
    expect(configured.rejected).toEqual([]);
    expect(configured.items[0]!.item).toMatchObject({
      id: 'g1',
      language: 'de',
      kind: 'recap',
      channels: ['facebook-secon'],
    });
    expect(configured.feeds).toEqual([
      { source: server.url('/feed.xml'), feed: feeds[0], older: 1 },
      { source: 'partner.rss', feed: feeds[1], older: 0 },
    ]);

    // The feed's id stands for its address.
    const byId = await loadSources(['partner-news'], { config: { ...base, feeds }, cwd: dir });
    expect(byId.items.map((i) => i.item.id)).toEqual(['g1']);
    expect(byId.feeds.map((f) => f.source)).toEqual([server.url('/feed.xml')]);

    const plain = await loadSources([server.url('/feed.xml')], { config: base });
    expect(plain.items[0]!.item).toMatchObject({ language: 'en', kind: 'news' });
    expect(plain.items[0]!.item.channels).toBeUndefined();
    expect(plain.feeds).toEqual([]);
  });

  it('rejects a URL answering an HTTP error', async () => {
    const result = await loadSources([server.url('/gone.xml')], {
      config: newsConfig({ allowPrivateNetworks: true }),
    });
    expect(result.rejected[0]!.message).toMatch(/HTTP 404/);
  });
});
