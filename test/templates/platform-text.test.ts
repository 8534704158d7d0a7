import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twitter from 'twitter-text';
import { afterAll, describe, expect, it } from 'vitest';
import { createRenderer } from '../../src/templates/post-renderer.ts';
import { channelFor, shippedConfig } from '../helpers/config.ts';
import { haskovoItem } from '../helpers/haskovo.ts';
import { linkedinKeeps } from '../helpers/linkedin-keeps.ts';

const config = shippedConfig();
const renderer = createRenderer({ config });
const now = new Date('2023-11-10T09:00:00+02:00');
describe('LinkedIn: reserved characters', () => {
  const title = '(SECON) partners @SeconProject_eu meet on #SocialEconomy [draft] a_b {x} <y> *z* ~w | 50\\50';
  // No image: the link goes as the article card (with an image it is in the text, see linkedin-link.test.ts).
  const item = haskovoItem({
    title,
    translations: {},
    images: [],
    summary: 'Costs: 5 * 3 = 15 (approx.) — see [annex] & more_info.',
  });

  it('escapes every reserved character of the text, so LinkedIn keeps the whole post', () => {
    const post = renderer.render({ item, channel: channelFor(config, 'linkedin'), language: 'en', kind: 'news', now });
    expect(post.text).toContain(
      '\\(SECON\\) partners \\@SeconProject\\_eu meet on {hashtag|\\#|SocialEconomy} \\[draft\\] a\\_b \\{x\\} ' +
        '\\<y\\> \\*z\\* \\~w \\| 50\\\\50',
    );
    expect(post.text).toContain('Costs: 5 \\* 3 = 15 \\(approx.\\) — see \\[annex\\] & more\\_info.');
    expect(linkedinKeeps(post.text)).toBe(post.text);
    // Hashtags and the organisation mention in LinkedIn's own syntax, not escaped away; the tag
    // already in the text (a LinkedIn hashtag there too) is not repeated.
    expect(post.text).toContain(
      '@[SECON Project](urn:li:organization:93265886) {hashtag|\\#|SECON} {hashtag|\\#|Haskovo} ' +
        '{hashtag|\\#|InterregEurope}',
    );
    // The article card carries the plain (unescaped) title: it is not little text.
    expect(post.article).toEqual({ source: post.link, title, description: item.summary });
    expect(post.metrics.length).toBe(post.text.length);
  });

  it('the unescaped text would have been cut (the check above can fail)', () => {
    const post = renderer.render({ item, channel: channelFor(config, 'facebook'), language: 'en', kind: 'news', now });
    expect(linkedinKeeps(post.text).length).toBeLessThan(post.text.length);
  });

  it('X and Facebook get the characters as they are', () => {
    for (const platform of ['twitter', 'facebook'] as const) {
      const post = renderer.render({ item, channel: channelFor(config, platform), language: 'en', kind: 'news', now });
      expect(post.text).toContain(title);
    }
  });

  it('a hashtag already in the text is not repeated, and counts towards the limit on X', () => {
    const post = renderer.render({ item, channel: channelFor(config, 'twitter'), language: 'en', kind: 'news', now });
    const tags = twitter.extractHashtags(post.text);
    expect(tags.filter((t) => t.toLowerCase() === 'socialeconomy')).toHaveLength(1);
    expect(tags.length).toBeLessThanOrEqual(3);
  });
});

describe('emoji and a URL with parentheses', () => {
  const url = 'https://en.wikipedia.org/wiki/Social_economy_(Europe)';
  const family = '👩‍👩‍👧';
  // 60 family emoji in the summary: each weighs 2 on X, and none may be split.
  const summary = `${Array.from({ length: 60 }, (_, i) => `${family}${i}`).join(' ')} end`;
  const item = haskovoItem({ title: `🎉 Social economy day ${family}`, summary, url, translations: {} });

  it('X: the link (parentheses and UTM) is one URL counted 23; emoji count 2 and are never split', () => {
    const post = renderer.render({ item, channel: channelFor(config, 'twitter'), language: 'en', kind: 'news', now });
    expect(post.link).toBe(`${url}?utm_source=twitter&utm_medium=social&utm_campaign=haskovo-workshop-2023`);
    expect(twitter.extractUrls(post.text)).toEqual([post.link]);
    expect(twitter.parseTweet(post.text).weightedLength).toBeLessThanOrEqual(280);
    // Every grapheme of the shortened summary is a grapheme of the original (no half emoji).
    const graphemes = (s: string) =>
      [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);
    const allowed = new Set([...graphemes(post.text.split('\n')[0]!), ...graphemes(summary), '…', ' ', '\n']);
    const summaryLine = post.text.split('\n').find((line) => line.endsWith('…'))!;
    for (const g of graphemes(summaryLine)) expect(allowed.has(g), JSON.stringify(g)).toBe(true);
    expect(summaryLine).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/u);
    expect(summaryLine.endsWith(`${family}…`) || /\d…$/u.test(summaryLine)).toBe(true);
  });

  it('LinkedIn and Facebook: the link with parentheses goes whole in the link card', () => {
    const withoutImages = haskovoItem({
      title: `🎉 Social economy day ${family}`,
      summary,
      url,
      translations: {},
      images: [],
    });
    for (const platform of ['linkedin', 'facebook'] as const) {
      const post = renderer.render({
        item: withoutImages,
        channel: channelFor(config, platform),
        language: 'en',
        kind: 'news',
        now,
      });
      expect(post.article?.source).toBe(
        `${url}?utm_source=${platform}&utm_medium=social&utm_campaign=haskovo-workshop-2023`,
      );
      expect(post.link).toBe(post.article?.source);
      expect(post.text).toContain(`🎉 Social economy day ${family}`);
    }
  });

  it('LinkedIn with an image: the link with parentheses is in the text, percent-encoded, and LinkedIn keeps it whole', () => {
    const post = renderer.render({ item, channel: channelFor(config, 'linkedin'), language: 'en', kind: 'news', now });
    expect(post.article).toBeUndefined();
    expect(post.link).toBe(`${url}?utm_source=linkedin&utm_medium=social&utm_campaign=haskovo-workshop-2023`);
    expect(post.text).toContain(
      'Read more: https://en.wikipedia.org/wiki/Social%5Feconomy%5F%28Europe%29?utm%5Fsource=linkedin&utm%5Fmedium=social&utm%5Fcampaign=haskovo-workshop-2023\n',
    );
    expect(linkedinKeeps(post.text)).toBe(post.text);
  });

  it('links.utm: false sends the link as it is', () => {
    const plain = createRenderer({ config: { ...config, links: { utm: false, utmMedium: 'social' } } });
    const post = plain.render({ item, channel: channelFor(config, 'twitter'), language: 'en', kind: 'news', now });
    expect(post.link).toBe(url);
    expect(twitter.extractUrls(post.text)).toEqual([url]);
  });
});

describe('an event across a daylight-saving change (Europe/Sofia, 29 October 2023)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secon-dst-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  for (const language of ['en', 'de', 'bg']) {
    mkdirSync(join(dir, language), { recursive: true });
    writeFileSync(
      join(dir, language, 'facebook.liquid'),
      '{{ event.start | date_range: event.end }} | {{ event.start | local_time }}–{{ event.end | local_time }} | ' +
        '{{ event.start | relative }}\n',
    );
  }
  const item = haskovoItem({
    event: {
      name: 'Study visit',
      start: '2023-10-28T09:00:00+03:00',
      end: '2023-10-30T17:00:00+02:00',
      location: 'Haskovo',
      timezone: 'Europe/Sofia',
    },
    translations: {},
  });
  const channel = channelFor(config, 'facebook', { templates: dir, hashtags: [] });
  const bare = createRenderer({ config: { ...config, project: { ...config.project, hashtags: [] } } });
  const render = (language: string, at: string) =>
    bare.render({ item: { ...item, hashtags: [] }, channel, language, kind: 'reminder', now: new Date(at) }).text;

  it('shows the days and local times of the event in its own zone on both sides of the change', () => {
    // 17:00 local on the 30th is 15:00 UTC; a fixed +03:00 offset would wrongly show 18:00.
    expect(render('en', '2023-10-27T12:00:00+03:00')).toBe('28–30 October 2023 | 09:00–17:00 | tomorrow');
    expect(render('de', '2023-10-27T12:00:00+03:00')).toBe('28.–30. Oktober 2023 | 9:00 Uhr–17:00 Uhr | morgen');
    expect(render('bg', '2023-10-27T12:00:00+03:00')).toBe('28–30 октомври 2023\u202fг. | 9:00 ч.–17:00 ч. | утре');
  });

  it('counts days in local calendar days across the 25-hour day', () => {
    // From 23:30 on 26 October (EEST) to 09:00 on 28 October: two local days, though only 33.5 hours.
    expect(render('en', '2023-10-26T23:30:00+03:00').split(' | ')[2]).toBe('in 2 days');
    const afterChange = bare.render({
      item: { ...item, hashtags: [], event: { ...item.event!, start: '2023-10-30T00:30:00+02:00' } },
      channel,
      language: 'en',
      kind: 'reminder',
      now: new Date('2023-10-28T23:45:00+03:00'),
    }).text;
    // 28 Oct 23:45 EEST → 30 Oct 00:30 EET is 25h45m: still "in 2 days" by the calendar (a 24-hour count says 1).
    expect(afterChange.split(' | ')[2]).toBe('in 2 days');
  });
});
