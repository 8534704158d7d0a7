import { type NewsItem, newsItemSchema } from '../../src/news/news-item.ts';
import type { RenderedPost } from '../../src/posts/post.ts';
import type { PostRenderer, RenderRequest } from '../../src/templates/post-renderer.ts';

/** The Haskovo workshop (13–14 November 2023), announced in English with a Bulgarian translation. */
export function workshopItem(patch: Partial<Record<keyof NewsItem, unknown>> = {}): NewsItem {
  return newsItemSchema.parse({
    id: 'haskovo-workshop-2023',
    kind: 'announcement',
    language: 'en',
    title: 'SECON partners meet in Haskovo',
    summary: 'Haskovo Municipality hosts the interregional SECON workshop on the social economy.',
    url: 'https://www.interregeurope.eu/secon/news/haskovo-workshop',
    // Before every planning time the tests use: an embargo has its own tests.
    published: '2023-10-30T10:00:00+02:00',
    event: {
      name: 'SECON interregional workshop',
      start: '2023-11-13T09:00:00+02:00',
      end: '2023-11-14T17:00:00+02:00',
      location: 'Haskovo, Bulgaria',
      timezone: 'Europe/Sofia',
    },
    translations: {
      bg: {
        title: 'Партньорите по SECON се срещат в Хасково',
        summary: 'Община Хасково е домакин на междурегионалния семинар.',
      },
    },
    ...patch,
  });
}

/** A renderer that only says what it was asked, and remembers every request. */
export class RecordingRenderer implements PostRenderer {
  readonly requests: RenderRequest[] = [];
  render(request: RenderRequest): RenderedPost {
    this.requests.push(request);
    const text = `[${request.kind}/${request.language}] ${request.item.title}`;
    return { text, images: [], metrics: { length: text.length, limit: 280 }, warnings: [] };
  }
}

/** English text, for a feed item that says it is German. */
export const ENGLISH_FAIR_SUMMARY =
  'On 17 December twelve social enterprises from the region present their work at Mannheim city hall. The region invites administrations, foundations and companies to meet the founders.';

/** An English item as a German feed gives it: language de, no translations, published an hour ago. */
export function englishInGermanFeed(id: string, summary = ENGLISH_FAIR_SUMMARY): NewsItem {
  return {
    id,
    kind: 'news',
    language: 'de',
    title: 'Social enterprises present themselves in Mannheim',
    summary,
    body: '',
    url: 'https://www.m-r-n.com/secon/fair',
    published: new Date(Date.now() - 3_600_000).toISOString(),
    hashtags: [],
    mentions: [],
    images: [],
    translations: {},
  };
}
