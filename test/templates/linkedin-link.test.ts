import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstUnescapedReserved } from '../../sandbox/little-text.ts';
import { linkedinTextLink } from '../../src/templates/linkedin-text.ts';
import { createRenderer } from '../../src/templates/post-renderer.ts';
import { channelFor, shippedConfig } from '../helpers/config.ts';
import { haskovoItem } from '../helpers/haskovo.ts';

const config = shippedConfig();
const renderer = createRenderer({ config });
const now = new Date('2023-11-10T09:00:00+02:00');
const linkedin = channelFor(config, 'linkedin');

/** A page whose address has LinkedIn-reserved characters of its own, besides the UTM ones. */
const URL_WITH_RESERVED = 'https://www.interregeurope.eu/secon/news/social_economy_(2023)~draft';
const ENCODED =
  'https://www.interregeurope.eu/secon/news/social%5Feconomy%5F%282023%29%7Edraft' +
  '?utm%5Fsource=linkedin&utm%5Fmedium=social&utm%5Fcampaign=haskovo-workshop-2023';
/** The "read more" wording of each language's X template, reused on LinkedIn. */
const READ_MORE: Record<string, string> = {
  en: 'Read more:',
  de: 'Mehr dazu:',
  el: 'Διαβάστε περισσότερα:',
  bg: 'Прочетете повече:',
};

const withImage = haskovoItem({ url: URL_WITH_RESERVED });
const withoutImage = haskovoItem({ url: URL_WITH_RESERVED, images: [] });

describe('LinkedIn post with an image and a link', () => {
  for (const [language, label] of Object.entries(READ_MORE)) {
    it(`${language}: the commentary carries the translated label and the whole link, percent-encoded`, () => {
      const post = renderer.render({ item: withImage, channel: linkedin, language, kind: 'announcement', now });
      expect(post.text).toContain(`\n\n${label} ${ENCODED}\n\n`);
      // Nothing escaped inside the URL, and LinkedIn keeps the whole post (no unescaped reserved character).
      expect(firstUnescapedReserved(post.text)).toBe(-1);
      expect(post.article).toBeUndefined();
      // The link field and what a server or analytics read from the text are the tracked link.
      expect(post.link).toBe(
        `${URL_WITH_RESERVED}?utm_source=linkedin&utm_medium=social&utm_campaign=haskovo-workshop-2023`,
      );
      const read = new URL(ENCODED);
      const sent = new URL(post.link!);
      expect(decodeURIComponent(read.pathname)).toBe(decodeURIComponent(sent.pathname));
      expect([...read.searchParams]).toEqual([...sent.searchParams]);
      expect(post.metrics).toEqual({ length: post.text.length, limit: 3000 });
      expect(post.warnings.filter((w) => /link/.test(w))).toEqual([]);
    });
  }

  it('the only difference from the same post without an image is the link line', () => {
    for (const language of Object.keys(READ_MORE)) {
      const plain = renderer.render({ item: withoutImage, channel: linkedin, language, kind: 'announcement', now });
      const imaged = renderer.render({ item: withImage, channel: linkedin, language, kind: 'announcement', now });
      const tags = plain.text.lastIndexOf('\n\n');
      expect(imaged.text).toBe(
        `${plain.text.slice(0, tags)}\n\n${READ_MORE[language]} ${ENCODED}${plain.text.slice(tags)}`,
      );
    }
  });

  it('a summary far over 3,000 is shortened, never the link line; the limit and metrics hold', () => {
    const summary = Array.from({ length: 400 }, (_, i) => `word_${i}`).join(' ');
    const post = renderer.render({
      item: haskovoItem({ url: URL_WITH_RESERVED, summary, translations: {} }),
      channel: linkedin,
      language: 'en',
      kind: 'news',
      now,
    });
    expect(post.text.length).toBeLessThanOrEqual(3000);
    expect(post.metrics).toEqual({ length: post.text.length, limit: 3000 });
    expect(post.text).toContain(`…\n\nRead more: ${ENCODED}\n\n`);
    expect(post.warnings.some((w) => w.startsWith('elastic field shortened'))).toBe(true);
    expect(firstUnescapedReserved(post.text)).toBe(-1);
  });

  it('a fragment cannot be written there: left out of the text, with a warning; the link field keeps it', () => {
    const post = renderer.render({
      item: haskovoItem({ url: 'https://www.interregeurope.eu/secon/news#part_2' }),
      channel: linkedin,
      language: 'en',
      kind: 'news',
      now,
    });
    expect(post.link).toBe(
      'https://www.interregeurope.eu/secon/news?utm_source=linkedin&utm_medium=social&utm_campaign=haskovo-workshop-2023#part_2',
    );
    expect(post.text).toContain(
      'Read more: https://www.interregeurope.eu/secon/news?utm%5Fsource=linkedin&utm%5Fmedium=social&utm%5Fcampaign=haskovo-workshop-2023\n',
    );
    expect(post.text).not.toMatch(/part(_|%5F|\\_)2/u);
    expect(post.warnings).toContain(
      'the fragment #part_2 of the link is left out of the LinkedIn text (# cannot be written in a URL there)',
    );
  });

  describe('a channel template that does not write the link', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secon-linkedin-link-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'en'));
    writeFileSync(join(dir, 'en', 'linkedin.liquid'), '{{ item.title }}\n');
    const own = channelFor(config, 'linkedin', { templates: dir });

    it('says in a warning that the post carries no link', () => {
      const post = renderer.render({ item: withImage, channel: own, language: 'en', kind: 'news', now });
      expect(post.text).not.toContain('https');
      expect(post.warnings).toContain(
        `linkedin sends the images instead of the link card, and ${join(dir, 'en', 'linkedin.liquid')} does not ` +
          `write {{ link }}: the post carries no link`,
      );
    });
  });
});

describe('posts without images do not change', () => {
  it('LinkedIn: the article card, no URL and no "read more" in the text', () => {
    for (const [language, label] of Object.entries(READ_MORE)) {
      const post = renderer.render({ item: withoutImage, channel: linkedin, language, kind: 'announcement', now });
      expect(post.article).toEqual({ source: post.link, title: expect.any(String), description: expect.any(String) });
      expect(post.link).toBe(
        `${URL_WITH_RESERVED}?utm_source=linkedin&utm_medium=social&utm_campaign=haskovo-workshop-2023`,
      );
      expect(post.text).not.toMatch(/https?:|%5F/u);
      expect(post.text).not.toContain(label);
    }
  });
});

describe('Facebook photo posts', () => {
  it('carry the localised "read more" line with the link before the hashtags: the text is exactly what is sent', () => {
    for (const [language, label] of Object.entries(READ_MORE)) {
      const post = renderer.render({
        item: withImage,
        channel: channelFor(config, 'facebook'),
        language,
        kind: 'announcement',
        now,
      });
      // A photo post shows no link preview, so no card; the link (not percent-encoded: Facebook
      // has no markup) is in the text, which the adapter then sends as it is.
      expect(post.article).toBeUndefined();
      expect(post.text).toContain(`\n\n${label} ${post.link}\n\n#SECON`);
    }
  });

  it('without a photo: the link card, no "read more" line', () => {
    const post = renderer.render({
      item: withoutImage,
      channel: channelFor(config, 'facebook'),
      language: 'en',
      kind: 'announcement',
      now,
    });
    expect(post.article?.source).toBe(post.link);
    expect(post.text).not.toContain('Read more');
    expect(post.text).not.toContain('https:');
  });
});

describe('linkedinTextLink', () => {
  it('percent-encodes every reserved character of path and query and leaves the rest', () => {
    expect(linkedinTextLink('https://example.org/a_b/(c)~d*e@f|g[h]?q={x}<y>&z=\\&w=a_b')).toEqual({
      url: 'https://example.org/a%5Fb/%28c%29%7Ed%2Ae%40f%7Cg%5Bh%5D?q=%7Bx%7D%3Cy%3E&z=%5C&w=a%5Fb',
      notes: [],
    });
    // A host with `_` is encoded too; URL parsers decode it back to the same host.
    expect(new URL(linkedinTextLink('https://a_b.example.org/').url).host).toBe('a_b.example.org');
  });

  it('leaves out what has no encoded form, and says so', () => {
    expect(linkedinTextLink('https://user:pw@example.org/x#top')).toEqual({
      url: 'https://example.org/x',
      notes: [
        'the user name and password of the link are left out of the LinkedIn text',
        'the fragment #top of the link is left out of the LinkedIn text (# cannot be written in a URL there)',
      ],
    });
    expect(linkedinTextLink('http://[::1]:8080/a_b').notes).toEqual([
      'the host of http://[::1]:8080/a%5Fb holds characters LinkedIn reserves: escaped in the text, the link may ' +
        'not be clickable',
    ]);
  });
});
