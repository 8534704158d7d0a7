import twitter from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { PLATFORM_RULES } from '../../src/templates/platform-rules.ts';
import { fitPost, type ThreadMode } from '../../src/templates/post-fitter.ts';
import { createRenderer } from '../../src/templates/post-renderer.ts';
import { channelFor, shippedConfig } from '../helpers/config.ts';
import { HASKOVO_TEXTS, haskovoItem, LONG_SUMMARIES } from '../helpers/haskovo.ts';
import { languageOf } from '../helpers/language.ts';

const config = shippedConfig();
const renderer = createRenderer({ config });
const now = new Date('2023-11-10T09:00:00+02:00');

/** The item with one language's summary replaced by a long one. */
function longItem(language: 'el' | 'bg' | 'lv') {
  const base = haskovoItem();
  return haskovoItem({
    translations: {
      ...base.translations,
      [language]: { ...HASKOVO_TEXTS[language]!, summary: LONG_SUMMARIES[language] },
    },
  });
}

const words = (text: string) => text.split(/\s+/u).filter(Boolean);
const weighted = (text: string) => twitter.parseTweet(text).weightedLength;

describe('X: a summary far too long', () => {
  for (const language of ['el', 'bg', 'lv'] as const) {
    it(`${language}: the elastic summary is cut at a word boundary with an ellipsis; everything else intact`, () => {
      expect(weighted(LONG_SUMMARIES[language])).toBeGreaterThan(500);
      const post = renderer.render({
        item: longItem(language),
        channel: channelFor(config, 'twitter'),
        language,
        kind: 'news',
        now,
      });
      expect(post.thread).toBeUndefined();
      expect(weighted(post.text)).toBeLessThanOrEqual(280);
      expect(post.metrics.weightedLength).toBe(weighted(post.text));
      // The cut summary: a prefix of whole words of the original, then "…".
      const summaryLine = post.text.split('\n').find((line) => line.endsWith('…'))!;
      expect(summaryLine).toBeDefined();
      const kept = words(summaryLine.slice(0, -1));
      const original = words(LONG_SUMMARIES[language]);
      expect(kept.length).toBeGreaterThan(3);
      expect(kept.slice(0, -1)).toEqual(original.slice(0, kept.length - 1));
      expect(original[kept.length - 1]!.startsWith(kept.at(-1)!)).toBe(true); // last word whole (bar trailing punctuation)
      expect(original[kept.length - 1]!.replace(/[,.;:]$/u, '')).toBe(kept.at(-1));
      // URL, mention and hashtags never cut.
      expect(twitter.extractUrls(post.text)).toEqual([post.link]);
      expect(twitter.extractHashtags(post.text)).toEqual(['SECON', 'SocialEconomy', 'InterregEurope']);
      expect(twitter.extractMentions(post.text)).toEqual(['SeconProject_eu']);
      expect(post.warnings.some((w) => w.startsWith('elastic field shortened'))).toBe(true);
    });

    it(`${language}: a channel asking for threads gets the whole text as numbered posts, each ≤ 280`, () => {
      const channel = channelFor(config, 'twitter', { thread: 'always' });
      const post = renderer.render({ item: longItem(language), channel, language, kind: 'news', now });
      const parts = post.thread!;
      expect(parts.length).toBeGreaterThanOrEqual(3);
      expect(post.text).toBe(parts[0]);
      parts.forEach((part, i) => {
        expect(weighted(part)).toBeLessThanOrEqual(280);
        expect(part.endsWith(`\n${i + 1}/${parts.length}`)).toBe(true);
      });
      // Nothing lost, nothing cut: the parts without their numbers (and the "…" of a part that ends
      // mid-sentence) are the whole text, word for word.
      const bodies = parts.map((part) => part.replace(/\n\d+\/\d+$/u, ''));
      for (const body of bodies.slice(0, -1)) expect(body).toMatch(/[.!?]$|…$/u);
      // A part cut at a comma ends "word…": the comma gives way to the ellipsis.
      const bare = (text: string) => words(text.replace(/[,;:]/gu, '')).join(' ');
      const joined = bodies.map((body) => body.replace(/ ?…$/u, '')).join(' ');
      expect(bare(joined)).toContain(bare(LONG_SUMMARIES[language]));
      expect(twitter.extractUrls(joined)).toEqual([post.link]);
      // The tags go with the last part (never a part of tags alone); one that does not fit there is
      // left out, with a warning.
      const tags = twitter.extractHashtags(parts.at(-1)!);
      const all = ['SECON', 'SocialEconomy', 'InterregEurope'];
      expect(tags).toEqual(all.slice(0, tags.length));
      if (tags.length < all.length)
        expect(post.warnings.some((w) => w.includes(`#${all[tags.length]}`) && w.includes('left out'))).toBe(true);
      expect(post.warnings.some((w) => w.includes(`thread of ${parts.length}`))).toBe(true);
    });
  }

  it('a post that fits is left whole, even on a thread channel', () => {
    const item = haskovoItem({ mentions: [], hashtags: [] });
    const post = renderer.render({
      item,
      channel: channelFor(config, 'twitter', { thread: 'always' }),
      language: 'en',
      kind: 'reminder',
      now,
    });
    expect(post.thread).toBeUndefined();
    expect(post.warnings.filter((w) => w.includes('thread'))).toEqual([]);
  });

  it('becomes a thread when even the shortest allowed summary cannot fit (long title)', () => {
    const title =
      'Social economy enterprises, NGOs and municipalities from Greece, Germany, Belgium, Romania, Poland, ' +
      'Portugal, Latvia, Spain and Bulgaria meet in Haskovo to compare how they reach consumers, institutions ' +
      'and the wider public with their products, services and stories';
    const item = haskovoItem({ title, translations: {} });
    expect(weighted(title)).toBeGreaterThan(200);
    const post = renderer.render({ item, channel: channelFor(config, 'twitter'), language: 'en', kind: 'news', now });
    expect(post.thread!.length).toBeGreaterThanOrEqual(2);
    for (const part of post.thread!) expect(weighted(part)).toBeLessThanOrEqual(280);
    expect(post.thread!.join('\n')).toContain(HASKOVO_TEXTS.en!.summary.split(' ').slice(-3).join(' '));
  });
});

describe('X: a thread whose tags do not fit its last part', () => {
  // Two full parts of sentences, then the link line: the tags do not fit after it.
  const sentence =
    'Partners from nine regions compare how they support social enterprises in their towns and villages today. ';
  const body = `${sentence.repeat(4).trim()}\n\nRead more: https://example.org/news/haskovo`;
  const tags = '@SeconProject_eu #SECON #SocialEconomy #Haskovo';
  const fitted = (maxThreadParts: number) =>
    fitPost({
      rules: PLATFORM_RULES.twitter,
      parts: { before: body, after: '' },
      tail: () => ({ text: tags, warnings: [] }),
      language: languageOf('en'),
      threadMode: 'auto',
      maxThreadParts,
    });

  it('takes one more part to keep them, with the link line (never tags alone)', () => {
    const post = fitted(6);
    expect(post.hold).toBeUndefined();
    const parts = post.thread!;
    expect(parts).toHaveLength(3);
    expect(parts.at(-1)).toBe(`Read more: https://example.org/news/haskovo\n${tags}\n3/3`);
    expect(parts[1]).toMatch(/today\.\n2\/3$/u);
    for (const part of parts) expect(weighted(part)).toBeLessThanOrEqual(280);
    expect(post.warnings.filter((w) => w.includes('left out'))).toEqual([]);
  });

  it('leaves tags out, with a warning, rather than go past platforms.twitter.maxThreadParts', () => {
    const post = fitted(2);
    expect(post.hold).toBeUndefined();
    expect(post.thread).toHaveLength(2);
    expect(post.warnings.some((w) => w.startsWith("left out of the thread's last part"))).toBe(true);
  });
});

describe('X: a post a little over 280', () => {
  const tags = '#SECON #SocialEconomy #Portugal';
  // A text without an elastic field (an X reminder) that is 282 long with its tags on the last line.
  const body = `${'word '.repeat(49)}words`;
  const fitted = (threadMode: ThreadMode) =>
    fitPost({
      rules: PLATFORM_RULES.twitter,
      parts: { before: body, after: '' },
      tail: () => ({ text: tags, warnings: [] }),
      language: languageOf('en'),
      threadMode,
      maxThreadParts: 6,
    });

  for (const mode of ['auto', 'always', 'never'] as const) {
    it(`thread: ${mode} → one plain post without its last hashtag, never a thread "1/1"`, () => {
      expect(weighted(`${body}\n${tags}`)).toBe(282);
      const post = fitted(mode);
      expect(post.thread).toBeUndefined();
      expect(post.hold).toBeUndefined();
      expect(post.text).toBe(`${body}\n#SECON #SocialEconomy`);
      expect(post.text).not.toMatch(/1\/1$/u);
      expect(post.warnings).toEqual(['left out to fit 280 (was 282): #Portugal']);
    });
  }

  // The same with a "read more" line: keeping every tag would take a thread whose first post is the
  // words alone; one post without a tag reads better.
  const withLink = `${'word '.repeat(42)}words\n\nRead more: https://example.org/news`;
  for (const mode of ['auto', 'always'] as const) {
    it(`thread: ${mode}, a post with a link line → one post without its last hashtag, not a thread to keep it`, () => {
      expect(weighted(`${withLink}\n${tags}`)).toBe(283);
      const post = fitPost({
        rules: PLATFORM_RULES.twitter,
        parts: { before: withLink, after: '' },
        tail: () => ({ text: tags, warnings: [] }),
        language: languageOf('en'),
        threadMode: mode,
        maxThreadParts: 6,
      });
      expect(post.thread).toBeUndefined();
      expect(post.text).toBe(`${withLink}\n#SECON #SocialEconomy`);
    });
  }
});

describe('X: a thread keeps a long title in one part', () => {
  // Titles of a workshop in Germany, each a little under one part (≤ 273 of the 280 once the
  // numbering and an ellipsis are kept free), too long to follow the reminder's first line.
  const TITLES = {
    en:
      'SECON in Chemnitz, Germany: partners from nine regions, social enterprises, chambers and ministries work ' +
      'out how public procurement, regional funds and business advice can help social economy enterprises grow, ' +
      'hire people far from the labour market and reach new customers',
    de:
      'SECON in Chemnitz: Partner aus neun Regionen, Sozialunternehmen, Kammern und Ministerien erarbeiten, wie ' +
      'öffentliche Aufträge, Regionalfonds und Beratung Sozialunternehmen beim Wachsen helfen, damit sie Menschen ' +
      'fern vom Arbeitsmarkt einstellen und neue Kunden gewinnen',
  } as const;
  const chemnitz = (title: string, deTitle: string) =>
    haskovoItem({
      title,
      translations: { de: { title: deTitle, summary: HASKOVO_TEXTS.de!.summary, hashtags: ['Chemnitz'] } },
      event: {
        name: 'SECON workshop',
        start: '2024-05-14T09:00:00+02:00',
        location: 'Chemnitz, Germany',
        timezone: 'Europe/Berlin',
      },
    });
  const dayBefore = new Date('2024-05-13T09:00:00+02:00');
  const bodyOf = (part: string) => part.replace(/\n\d+\/\d+$/u, '');

  for (const language of ['en', 'de'] as const) {
    for (const kind of ['reminder', 'announcement', 'event-day'] as const) {
      it(`${language} ${kind}: the title is whole in one part, the split falls before or after it`, () => {
        const title = TITLES[language];
        expect(weighted(title)).toBeGreaterThan(260);
        expect(weighted(title)).toBeLessThanOrEqual(273);
        const post = renderer.render({
          item: chemnitz(TITLES.en, TITLES.de),
          channel: channelFor(config, 'twitter'),
          language,
          kind,
          now: dayBefore,
        });
        const parts = post.thread!;
        expect(parts.length).toBeGreaterThanOrEqual(2);
        for (const part of parts) expect(weighted(part)).toBeLessThanOrEqual(280);
        // No part is just the line before the title ("⏰ Reminder – tomorrow", "🎉 Heute…"): a part
        // ends before the title only when it holds enough (40% of a part, as for a sentence end);
        // else the title is split where a reader would stop, like a title longer than a part.
        for (const part of parts.slice(0, -1)) expect(weighted(bodyOf(part))).toBeGreaterThanOrEqual(0.4 * 276);
        const before = post.text.slice(0, post.text.indexOf(title.slice(0, 20)));
        if (weighted(`${before}${title}`) <= 273)
          expect(parts.filter((part) => bodyOf(part).includes(title))).toHaveLength(1);
        else expect(bodyOf(parts[0]!)).toContain(title.split(' ').slice(0, 12).join(' '));
      });
    }
  }

  it('the tags and mention stay with the last part, with the link line: the thread takes one more part for them', () => {
    const post = renderer.render({
      item: chemnitz(TITLES.en, TITLES.de),
      channel: channelFor(config, 'twitter'),
      language: 'en',
      kind: 'announcement',
      now: dayBefore,
    });
    const parts = post.thread!;
    for (const part of parts) expect(weighted(part)).toBeLessThanOrEqual(280);
    expect(parts.length).toBeLessThanOrEqual(config.platforms.twitter.maxThreadParts);
    const last = parts.at(-1)!;
    expect(twitter.extractHashtags(last)).toEqual(['SECON', 'Haskovo', 'SocialEconomy']);
    expect(twitter.extractMentions(last)).toEqual(['SeconProject_eu']);
    // Never a part of tags alone: the link line goes with them.
    expect(bodyOf(last)).toMatch(/(^|\n)Read more: https:\/\/\S+\n@SeconProject_eu #SECON #Haskovo #SocialEconomy$/u);
    expect(post.warnings.filter((w) => w.includes("thread's last part"))).toEqual([]);
  });

  it('a title the first part opens with stays whole in it', () => {
    const post = renderer.render({
      item: chemnitz(TITLES.en, TITLES.de),
      channel: channelFor(config, 'twitter'),
      language: 'de',
      kind: 'news',
      now: dayBefore,
    });
    expect(bodyOf(post.thread![0]!)).toBe(TITLES.de);
  });

  it('a title longer than a part is still split between words, every part within 280', () => {
    const title = `${TITLES.en} in Saxony`;
    expect(weighted(title)).toBeGreaterThan(280);
    const post = renderer.render({
      item: chemnitz(title, TITLES.de),
      channel: channelFor(config, 'twitter'),
      language: 'en',
      kind: 'reminder',
      now: dayBefore,
    });
    const parts = post.thread!;
    for (const part of parts) expect(weighted(part)).toBeLessThanOrEqual(280);
    // Nothing of the title lost: the parts, without their numbers and "…", hold it word for word
    // (a comma may give way to the ellipsis).
    const bare = (text: string) => words(text.replace(/,/gu, '')).join(' ');
    expect(bare(parts.map((part) => bodyOf(part).replace(/…$/u, '')).join(' '))).toContain(bare(title));
  });
});
