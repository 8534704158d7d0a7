import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/news/feed-parser.ts';

/** An RSS feed of one item with this description. */
function rss(description: string): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>SECON news</title>
<item><guid>riga-visit</guid><title>Study visit to Riga</title><link>https://www.interregeurope.eu/secon</link>
<pubDate>Mon, 07 Dec 2026 08:00:00 GMT</pubDate><description>${description}</description></item></channel></rss>`;
}

function summaryOf(description: string, maxSummaryLength?: number): string {
  const { candidates } = parseFeed(rss(description), 'https://example.test/feed.xml', {
    kind: 'news',
    defaultLanguage: 'en',
    ...(maxSummaryLength ? { maxSummaryLength } : {}),
  });
  return (candidates[0]!.data as { summary: string }).summary;
}

describe('a feed item’s summary from a long description', () => {
  const sentence = 'Partners from nine regions visit social enterprises in Riga, and compare support schemes. ';

  it('is cut at a word within the limit, with an ellipsis and no comma or full stop before it', () => {
    const summary = summaryOf(sentence.repeat(10));
    expect(summary.length).toBeLessThanOrEqual(500);
    expect(summary).toMatch(/\p{L}…$/u);
    expect(sentence.repeat(10).startsWith(summary.slice(0, -1))).toBe(true);
    // 60 characters end after "Riga,": the comma goes.
    expect(summaryOf(sentence, 60)).toBe('Partners from nine regions visit social enterprises in Riga…');
  });

  it('a short description is kept whole', () => {
    expect(summaryOf(sentence.trim())).toBe(sentence.trim());
  });
});
