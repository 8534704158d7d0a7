import { describe, expect, it } from 'vitest';
import type { RenderedPost } from '../../src/posts/post.ts';
import { postCard, shownText, tokenize } from '../../src/preview/post-card.ts';
import { POST_CARD_CSS, postCardHtml } from '../../src/preview/post-card-html.ts';
import { littleText } from '../../src/templates/linkedin-text.ts';
import { weightedLength } from '../../src/templates/text-measure.ts';

const X = { id: 'x-secon', platform: 'twitter' as const, account: 'SeconProject_eu', name: 'SECON Project' };
const LINKEDIN = {
  id: 'linkedin-secon',
  platform: 'linkedin' as const,
  account: 'urn:li:organization:1',
  name: 'SECON',
};

function rendered(changes: Partial<RenderedPost> = {}): RenderedPost {
  return { text: 'Hello', images: [], metrics: { length: 5, limit: 280 }, warnings: [], ...changes };
}

describe('post card model', () => {
  it('X: account, handle, initials, local time with zone, weighted length per thread part', () => {
    const parts = ['1/2 Εργαστήριο στο Χάσκοβο https://example.org/a #SECON', '2/2 @SeconProject_eu μέχρι αύριο'];
    const card = postCard({
      rendered: rendered({
        text: parts[0]!,
        thread: parts,
        metrics: { length: 40, weightedLength: weightedLength(parts[0]!), limit: 280 },
      }),
      channel: X,
      plannedAt: '2023-11-13T08:00:00.000Z',
      zone: 'Europe/Sofia',
      language: 'el',
      kind: 'announcement',
    });
    expect(card.handle).toBe('@SeconProject_eu');
    expect(card.avatarInitials).toBe('SP');
    expect(card.localTime).toBe('Mon 13 Nov 2023, 10:00');
    expect(card.zoneAbbreviation).toBe('EET');
    expect(card.thread).toBe(true);
    expect(card.parts.map((p) => p.length)).toEqual(parts.map((p) => weightedLength(p)));
    expect(card.length.weighted).toBe(true);
    expect(card.parts[0]!.tokens.map((t) => t.kind)).toEqual(['text', 'link', 'text', 'hashtag']);
    expect(card.parts[1]!.tokens.find((t) => t.kind === 'mention')?.text).toBe('@SeconProject_eu');
  });

  it('LinkedIn little text is shown as LinkedIn shows it: escapes removed, hashtags and mentions read', () => {
    const tokens = tokenize(
      'Workshop \\(Haskovo\\) with @[SECON \\[EU\\]](urn:li:organization:93265886)\n\n{hashtag|\\#|SocialEconomy} https://example.org/a%5Fb',
      'linkedin',
    );
    expect(tokens).toEqual([
      { kind: 'text', text: 'Workshop (Haskovo) with ' },
      { kind: 'mention', text: 'SECON [EU]' },
      { kind: 'text', text: '\n\n' },
      { kind: 'hashtag', text: '#SocialEconomy', tag: 'SocialEconomy' },
      { kind: 'text', text: ' ' },
      // Shown decoded, as LinkedIn shows it; the href keeps what was sent.
      { kind: 'link', text: 'https://example.org/a_b', href: 'https://example.org/a%5Fb' },
    ]);
  });

  it('shownText: the same reading as plain text, and X and Facebook text as sent', () => {
    expect(shownText('Hi \\(all\\) {hashtag|\\#|SECON} @[SECON](urn:li:organization:1)', 'linkedin')).toBe(
      'Hi (all) #SECON SECON',
    );
    expect(shownText('Hi (all) #SECON', 'twitter')).toBe('Hi (all) #SECON');
  });

  it('shownText: a LinkedIn link reads as LinkedIn shows it, "_" and "(" not "%5F" and "%28"', () => {
    // The renderer percent-encodes the reserved characters of a link in LinkedIn text
    // (linkedin-text.ts); the history, the desk and `edit` show what readers see.
    const sent =
      'Read more: https://www.interregeurope.eu/secon?utm%5Fsource=linkedin&utm%5Fmedium=social\n\n' +
      'https://en.wikipedia.org/wiki/Social%5Feconomy%5F%28Europe%29 {hashtag|\\#|SECON}';
    const shown = shownText(sent, 'linkedin');
    expect(shown).toBe(
      'Read more: https://www.interregeurope.eu/secon?utm_source=linkedin&utm_medium=social\n\n' +
        'https://en.wikipedia.org/wiki/Social_economy_(Europe) #SECON',
    );
    // What readers see is what a person edits: written again, it is the same text as sent.
    expect(littleText(shown).text).toBe(sent);
    // A link that would not come back whole once decoded (a ")" ending a query is not taken as
    // part of a URL) is shown as sent, so an edit keeps it working.
    const query = 'https://example.org/a?c=a%28b%29';
    expect(shownText(`See ${query}`, 'linkedin')).toBe(`See ${query}`);
    // Only links are decoded: a "%5F" in the words stays as written.
    expect(shownText('100%5F is not a link', 'linkedin')).toBe('100%5F is not a link');
  });

  it('a link card and images with alt text; a missing alt is flagged', () => {
    const card = postCard({
      rendered: rendered({
        article: { source: 'https://www.example.org/news', title: 'Title', description: 'About it' },
        images: [
          { src: '/news/a.png', alt: 'Partners at the table' },
          { src: 'https://example.org/b.png', alt: ' ' },
        ],
        metrics: { length: 5, limit: 3000 },
      }),
      channel: LINKEDIN,
      plannedAt: '2023-11-13T08:00:00.000Z',
      zone: 'Europe/Athens',
      language: 'en',
      kind: 'recap',
    });
    expect(card.linkCard).toEqual({
      url: 'https://www.example.org/news',
      domain: 'example.org',
      title: 'Title',
      description: 'About it',
    });
    expect(card.images.map((i) => i.missingAlt)).toEqual([false, true]);
    expect(card.handle).toBeUndefined();
  });
});

describe('post card HTML', () => {
  it('escapes every text from the news and keeps non-http links inert', () => {
    const card = postCard({
      rendered: rendered({
        text: '<script>alert(1)</script> & "quotes"',
        article: { source: 'javascript:alert(1)', title: '<b>t</b>', description: '<img src=x onerror=alert(1)>' },
        images: [{ src: '/a.png', alt: '" onload="alert(1)' }],
      }),
      channel: { ...X, name: '<i>SECON</i>' },
      plannedAt: '2023-11-13T08:00:00.000Z',
      zone: 'UTC',
      language: 'en',
      kind: 'news',
    });
    const out = postCardHtml(card, { imageHref: () => '/img/0' }).value;
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<b>t</b>');
    expect(out).not.toContain('<img src=x');
    expect(out).not.toContain('<i>SECON</i>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(out).toContain('href="#"');
    expect(out).toContain('alt="&quot; onload=&quot;alert(1)"');
    expect(out).not.toMatch(/style=/);
  });

  it('marks a part over the limit and shows each thread part with its counter', () => {
    const long = 'a'.repeat(300);
    const card = postCard({
      rendered: rendered({ text: long, metrics: { length: 300, weightedLength: 300, limit: 280 } }),
      channel: X,
      plannedAt: '2023-11-13T08:00:00.000Z',
      zone: 'UTC',
      language: 'en',
      kind: 'news',
    });
    const out = postCardHtml(card).value;
    expect(out).toContain('pc-count pc-over');
    expect(out).toContain('300/280 weighted');
    expect(POST_CARD_CSS).toContain('.pc-over');
  });
});
