import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRenderer, SHIPPED_TEMPLATES_DIR, TemplateError } from '../../src/templates/post-renderer.ts';
import { channelFor, shippedConfig } from '../helpers/config.ts';
import { HASKOVO_TEXTS, haskovoItem } from '../helpers/haskovo.ts';

const config = shippedConfig();
const now = new Date('2023-11-10T09:00:00+02:00');
const root = mkdtempSync(join(tmpdir(), 'secon-templates-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A folder of templates: { 'en/twitter.liquid': '…' }. */
function folder(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

function renderError(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return error as TemplateError;
  }
  throw new Error('expected a TemplateError');
}

describe('missing translation', () => {
  it('falls back to the original, field by field, with a warning', () => {
    const renderer = createRenderer({ config });
    // Only German has a translation, and it has no url of its own.
    const item = haskovoItem({ translations: { de: HASKOVO_TEXTS.de } });
    const greek = renderer.render({
      item,
      channel: channelFor(config, 'facebook'),
      language: 'el',
      kind: 'announcement',
      now,
    });
    expect(greek.text).toContain('Σημειώστε την ημερομηνία: Interregional workshop in Haskovo'); // Greek frame, English content
    expect(greek.text).toContain('13–14 Νοεμβρίου 2023');
    expect(greek.warnings).toContain('no el translation: title and summary from the original (en)');
    const german = renderer.render({
      item,
      channel: channelFor(config, 'facebook'),
      language: 'de',
      kind: 'announcement',
      now,
    });
    expect(german.text).toContain(HASKOVO_TEXTS.de!.title);
    expect(german.link).toContain('https://www.interregeurope.eu/secon/news/haskovo-workshop?'); // url from the original
    expect(german.warnings.filter((w) => w.startsWith('no de translation'))).toEqual([]);
  });

  it("uses the translation's own url and body when it has them", () => {
    const renderer = createRenderer({
      config,
      templatesDir: folder('body', { 'de/default.liquid': '{{ item.body }} {{ link }}' }),
    });
    const item = haskovoItem({
      body: 'English body',
      translations: {
        de: { ...HASKOVO_TEXTS.de, body: 'Deutscher Text', url: 'https://www.interregeurope.eu/secon/de/haskovo' },
      },
    });
    const post = renderer.render({
      item,
      channel: channelFor(config, 'facebook', { hashtags: [] }),
      language: 'de',
      kind: 'news',
      now,
    });
    expect(post.text.split('\n\n')[0]).toBe(
      'Deutscher Text https://www.interregeurope.eu/secon/de/haskovo?utm_source=facebook&utm_medium=social&utm_campaign=haskovo-workshop-2023',
    );
  });
});

describe('template errors name the file and the line', () => {
  it('a misspelt variable', () => {
    const dir = folder('typo', {
      'en/twitter.liquid': '{% # line 1 %}\n{{ item.title }}\n{{ item.titel }}\n{{ link }}\n',
    });
    const renderer = createRenderer({ config });
    const error = renderError(() =>
      renderer.render({
        item: haskovoItem(),
        channel: channelFor(config, 'twitter', { templates: dir }),
        language: 'en',
        kind: 'news',
        now,
      }),
    );
    expect(error.file).toBe(join(dir, 'en/twitter.liquid'));
    expect(error.line).toBe(3);
    expect(error.reason).toContain('item.titel');
    expect(error.message).toMatch(/en\/twitter\.liquid:3(:\d+)?: .*item\.titel/u);
  });

  it('a misspelt filter, when the template is compiled', () => {
    const dir = folder('filter', { 'en/facebook.liquid': 'Hello\n\n{{ event.start | local_dat }}\n' });
    const error = renderError(() =>
      createRenderer({ config }).render({
        item: haskovoItem(),
        channel: channelFor(config, 'facebook', { templates: dir }),
        language: 'en',
        kind: 'news',
        now,
      }),
    );
    expect(error.line).toBe(3);
    expect(error.reason).toContain('local_dat');
  });

  it('an unclosed tag, and two elastic fields', () => {
    const unclosed = folder('unclosed', { 'en/facebook.liquid': 'a\n{% if event %}\nb\n' });
    const e1 = renderError(() =>
      createRenderer({ config }).render({
        item: haskovoItem(),
        channel: channelFor(config, 'facebook', { templates: unclosed }),
        language: 'en',
        kind: 'news',
        now,
      }),
    );
    expect(e1.file).toBe(join(unclosed, 'en/facebook.liquid'));
    expect(e1.line).toBe(2);
    const twice = folder('twice', {
      'en/facebook.liquid': '{{ item.title | elastic }}\n{{ item.summary | elastic }}\n',
    });
    const e2 = renderError(() =>
      createRenderer({ config }).render({
        item: haskovoItem(),
        channel: channelFor(config, 'facebook', { templates: twice }),
        language: 'en',
        kind: 'news',
        now,
      }),
    );
    expect(e2.reason).toContain('more than one field is marked elastic');
    // Where: the lines that mark one, so the officer knows which to keep.
    expect(e2.line).toBe(1);
    expect(e2.reason).toContain('lines 1 and 2 mark a field `| elastic`');
  });

  /** The error a template in a channel folder gives for the Haskovo news on Facebook. */
  const facebookError = (name: string, template: string) =>
    renderError(() =>
      createRenderer({ config }).render({
        item: haskovoItem(),
        channel: channelFor(config, 'facebook', { templates: folder(name, { 'de/facebook.liquid': template }) }),
        language: 'de',
        kind: 'recap',
        now,
      }),
    );

  it('each error also says what was expected: the name meant, the closing tag, the missing "}}"', () => {
    // Misspelt names: the nearest known one.
    const variable = facebookError('hint-var', '🔁 {{ item.title }}\n\n{{ item.summry | elastic }}\n');
    expect(variable.message).toMatch(
      /de\/facebook\.liquid:3:\d+: undefined variable: item\.summry \(did you mean item\.summary\?\)$/u,
    );
    // A field written without its object: the object it belongs to.
    const bare = facebookError('hint-bare', '🔁 {{ titel }}\n');
    expect(bare.reason).toBe('undefined variable: titel (did you mean item.title?)');
    const filter = facebookError('hint-filter', '🔁 {{ item.title | labeled: "Rückblick" }}\n');
    expect(filter.message).toMatch(
      /de\/facebook\.liquid:1:\d+: undefined filter: labeled \(did you mean labelled\?\)$/u,
    );
    // An unclosed tag is quoted as written (not as the renderer trims it) with the tag that closes it.
    const unclosed = facebookError('hint-if', '🔁 {{ item.title }}\n{% if event %}\n{{ event.name }}\n');
    expect(unclosed.line).toBe(2);
    expect(unclosed.reason).toBe('tag {% if event %} not closed: expected {% endif %} after it');
    const kinds = facebookError('hint-case', '{% case kind %}\n{% when "recap" %}\nRückblick\n');
    expect(kinds.reason).toBe('tag {% case kind %} not closed: expected {% endcase %} after it');
    // An unknown tag: the nearest known one; a closing tag without its opening says so.
    const tag = facebookError('hint-tag', '{% iff event %}x{% endif %}\n');
    expect(tag.reason).toBe('unknown tag "iff" (did you mean if?)');
    const stray = facebookError('hint-end', 'Rückblick\n{% endif %}\n');
    expect(stray.line).toBe(2);
    expect(stray.reason).toBe('{% endif %} without its {% if %} before it');
    // An output left open: the line where it opens, not the line where the next one trips.
    const open = facebookError(
      'hint-output',
      '🔁 {{ item.title | labelled: "Rückblick" \n\n{{ item.summary | elastic }}\n',
    );
    expect(open.line).toBe(1);
    expect(open.reason).toBe('output {{ item.title | labelled: "Rückblick" … not closed: expected }} on the same line');
  });

  it('a date of an item without an event: the error says to test it first', () => {
    const error = renderError(() =>
      createRenderer({ config }).render({
        item: haskovoItem({ event: undefined }),
        channel: channelFor(config, 'facebook', {
          templates: folder('no-event', {
            'en/facebook.liquid': '{{ item.title }}\n🗓 {{ event.start | local_date }}\n',
          }),
        }),
        language: 'en',
        kind: 'news',
        now,
      }),
    );
    expect(error.line).toBe(2);
    expect(error.reason).toBe(
      'local_date: expected a date (such as event.start or an ISO date-time), got null: a value that may be ' +
        'missing (event is null for news without an event) is tested first, {% if event %}…{% endif %}',
    );
  });

  it("a template's own text too long for the platform: the post waits, naming the template and that text's length", () => {
    const fixed = 'Das Projekt SECON verbindet neun Partnerregionen, die voneinander lernen. '.repeat(4).trim();
    const dir = folder('fixed-too-long', {
      'de/twitter.liquid': `{{ item.title }}\n\n${fixed}\n\n{{ item.summary | elastic }}\n\n{{ link }}\n`,
    });
    const post = createRenderer({ config }).render({
      item: haskovoItem({ hashtags: [], mentions: [] }),
      channel: channelFor(config, 'twitter', { templates: dir, thread: 'never', hashtags: [] }),
      language: 'de',
      kind: 'news',
      now,
    });
    expect(post.hold).toMatch(/posts no threads \(thread: never\)/u);
    // What to shorten, and where: the text around the elastic field is the template's and the title's.
    expect(post.hold).toMatch(
      /without its elastic field it is \d{3} long: shorten the text of .*de\/twitter\.liquid or the item's title$/u,
    );
  });

  it('a post that cannot fit a platform without threads waits for a person, with the reason', () => {
    const dir = folder('long', { 'en/linkedin.liquid': '{{ item.title }} {{ item.body }}\n' });
    const item = haskovoItem({ body: 'word '.repeat(700) });
    const post = createRenderer({ config }).render({
      item,
      channel: channelFor(config, 'linkedin', { templates: dir }),
      language: 'en',
      kind: 'news',
      now,
    });
    expect(post.hold).toMatch(/limit 3000.*no field as elastic/u);
    expect(post.warnings.some((w) => w.startsWith('waits for a person:'))).toBe(true);
  });
});

describe('fallback chain and cache', () => {
  it('channel folder first, by kind, then platform, then default; then the shipped templates; then the default language', () => {
    const dir = folder('chain', {
      'en/twitter.recap.liquid': 'custom recap {{ item.title }}',
      'en/twitter.liquid': 'custom x {{ item.title }}',
      'de/default.liquid': 'eigene Vorlage {{ item.title }}',
    });
    const renderer = createRenderer({ config });
    const item = haskovoItem({ mentions: [], hashtags: [] });
    const x = channelFor(config, 'twitter', { templates: dir });
    const first = (kind: 'recap' | 'news', language: string, channel = x) =>
      renderer.render({ item, channel, language, kind, now }).text.split('\n')[0];
    expect(first('recap', 'en')).toBe('custom recap Interregional workshop in Haskovo');
    expect(first('news', 'en')).toBe('custom x Interregional workshop in Haskovo');
    // German: the channel's de/default.liquid wins over the shipped de/twitter.liquid (override first within a
    // language).
    expect(first('news', 'de')).toBe(`eigene Vorlage ${HASKOVO_TEXTS.de!.title}`);
    // Greek: nothing in the channel folder → the shipped Greek template.
    expect(first('news', 'el')).toBe(HASKOVO_TEXTS.el!.title);
    // A regional code uses its language's folder.
    const portuguese = renderer.render({
      item,
      channel: channelFor(config, 'twitter'),
      language: 'pt-PT',
      kind: 'news',
      now,
    });
    expect(portuguese.text).toContain('Saiba mais: https://');
    expect(portuguese.warnings.filter((w) => w.includes('template'))).toEqual([]);
  });

  it('a language without templates uses the project default language, with a warning', () => {
    const renderer = createRenderer({ config });
    const item = haskovoItem({
      translations: {
        it: { title: 'Workshop interregionale a Haskovo', summary: 'I partner di SECON si incontrano a Haskovo.' },
      },
    });
    const post = renderer.render({
      item,
      channel: channelFor(config, 'facebook'),
      language: 'it',
      kind: 'announcement',
      now,
    });
    expect(post.text).toContain('Save the date: Workshop interregionale a Haskovo');
    expect(post.warnings.some((w) => w.startsWith('no it template for facebook/announcement: used en'))).toBe(true);
  });

  it('no template anywhere is an error that lists where it looked', () => {
    const empty = folder('empty', { 'README.md': 'nothing here' });
    const error = renderError(() =>
      createRenderer({ config, templatesDir: empty }).render({
        item: haskovoItem(),
        channel: channelFor(config, 'twitter'),
        language: 'de',
        kind: 'news',
        now,
      }),
    );
    expect(error.reason).toContain(join(empty, 'de/twitter.news.liquid'));
    expect(error.reason).toContain(join(empty, 'en/default.liquid'));
  });

  it('a template file no lookup can reach is named in every post of the channel, with what was expected', () => {
    const dir = folder('stray', {
      'de/facebook.liquid': 'eigene Vorlage {{ item.title }}',
      'de/facebok.recap.liquid': 'Tippfehler im Plattformnamen',
      'de/facebook.recapp.liquid': 'Tippfehler in der Art',
      'de/x.liquid': 'X heißt hier twitter',
      'de/default.recap.liquid': 'default hat keine Arten',
      'de/notes.md': 'not a template: ignored',
      'de/language.yaml': 'time: "{H}.{mm} Uhr"',
      'gr/twitter.liquid': 'Griechisch ist el',
      'twitter.liquid': 'ohne Sprachordner',
    });
    const post = createRenderer({ config }).render({
      item: haskovoItem(),
      channel: channelFor(config, 'facebook', { templates: dir }),
      language: 'de',
      kind: 'recap',
      now,
    });
    // The good template is still used.
    expect(post.text.split('\n')[0]).toBe(`eigene Vorlage ${HASKOVO_TEXTS.de!.title}`);
    const strays = post.warnings.filter((w) => w.includes('never used'));
    const of = (file: string) => strays.find((w) => w.startsWith(`${join(dir, file)}:`));
    expect(of('de/facebok.recap.liquid')).toContain('(did you mean facebook.recap.liquid?)');
    expect(of('de/facebook.recapp.liquid')).toContain('(did you mean facebook.recap.liquid?)');
    expect(of('de/x.liquid')).toContain('expected <platform>.<kind>.liquid, <platform>.liquid or default.liquid');
    expect(of('de/x.liquid')).toContain('platform: facebook, linkedin, twitter');
    expect(of('de/default.recap.liquid')).toContain('only default.liquid, for every kind');
    expect(of('gr/twitter.liquid')).toContain('"gr" is no language code');
    expect(of('twitter.liquid')).toContain('expected it in a language folder, such as en/twitter.liquid');
    expect(of('de/language.yaml')).toContain('only the shipped templates/de/language.yaml is read');
    expect(strays).toHaveLength(7);
    // The shipped templates have none.
    const shipped = createRenderer({ config }).render({
      item: haskovoItem(),
      channel: channelFor(config, 'facebook'),
      language: 'de',
      kind: 'recap',
      now,
    });
    expect(shipped.warnings.filter((w) => w.includes('never used'))).toEqual([]);
  });

  it('compiles a template once per renderer: a changed file is not re-read', () => {
    const dir = folder('cache', { 'en/facebook.liquid': 'first {{ item.id }}' });
    const renderer = createRenderer({ config });
    const channel = channelFor(config, 'facebook', { templates: dir });
    const render = () =>
      renderer.render({ item: haskovoItem(), channel, language: 'en', kind: 'news', now }).text.split('\n')[0];
    expect(render()).toBe('first haskovo-workshop-2023');
    writeFileSync(join(dir, 'en/facebook.liquid'), 'second {{ item.id }}');
    expect(render()).toBe('first haskovo-workshop-2023');
    expect(
      createRenderer({ config })
        .render({ item: haskovoItem(), channel, language: 'en', kind: 'news', now })
        .text.split('\n')[0],
    ).toBe('second haskovo-workshop-2023');
  });

  it('ships a README that documents the chain', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(join(SHIPPED_TEMPLATES_DIR, 'README.md'), 'utf8');
    expect(readme).toContain('<channel folder>/L/P.K.liquid');
  });
});

describe('fit: false (benchmarks, debugging)', () => {
  it('leaves the text unmeasured and says so', () => {
    const item = haskovoItem({ summary: 'word '.repeat(100).trim(), translations: {} });
    const post = createRenderer({ config, fit: false }).render({
      item,
      channel: channelFor(config, 'twitter'),
      language: 'en',
      kind: 'news',
      now,
    });
    expect(post.text).toContain('word '.repeat(100).trim());
    expect(post.warnings).toContain('not fitted to the platform (fit: false)');
  });
});
