import { type Config, configSchema } from '../../src/config/config-schema.ts';
import { type NewsItem, newsItemSchema } from '../../src/news/news-item.ts';
import type { RenderedPost } from '../../src/posts/post.ts';
import type { PostRenderer, RenderRequest } from '../../src/templates/post-renderer.ts';

/** Three channels like the shipped config: X (en), LinkedIn (en), Facebook (many languages). */
export function testConfig(patch: (raw: Record<string, any>) => void = () => {}): Config {
  const raw: Record<string, any> = {
    project: { name: 'SECON', website: 'https://www.interregeurope.eu/secon', timezone: 'Europe/Athens' },
    channels: [
      {
        id: 'x-secon',
        platform: 'twitter',
        account: 'SeconProject_eu',
        languages: ['en'],
        credentials: { accessToken: 'SECON_X_ACCESS_TOKEN' },
        schedule: {
          slots: [
            { days: ['mon', 'tue', 'wed', 'thu', 'fri'], time: '10:00' },
            { days: ['mon', 'tue', 'wed', 'thu', 'fri'], time: '15:00' },
          ],
          minGapMinutes: 120,
        },
      },
      {
        id: 'linkedin-secon',
        platform: 'linkedin',
        account: 'urn:li:organization:93265886',
        languages: ['en'],
        credentials: { accessToken: 'SECON_LINKEDIN_TOKEN' },
        schedule: { slots: [{ days: ['tue', 'wed', 'thu'], time: '09:30' }] },
      },
      {
        id: 'facebook-secon',
        platform: 'facebook',
        account: '100093083107402',
        languages: ['en', 'de', 'bg', 'el'],
        credentials: { pageToken: 'SECON_FACEBOOK_PAGE_TOKEN' },
        schedule: { slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], time: '11:00' }], minGapMinutes: 30 },
      },
    ],
    planning: {
      schedule: { slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], time: '10:00' }], minGapMinutes: 60 },
    },
  };
  patch(raw);
  return configSchema.parse(raw);
}

/** The Haskovo workshop (13–14 November 2023), announced in English with a Bulgarian translation. */
export function workshopItem(patch: Partial<Record<keyof NewsItem, unknown>> = {}): NewsItem {
  return newsItemSchema.parse({
    id: 'haskovo-workshop-2023',
    kind: 'announcement',
    language: 'en',
    title: 'SECON partners meet in Haskovo',
    summary: 'Haskovo Municipality hosts the interregional SECON workshop on the social economy.',
    url: 'https://www.interregeurope.eu/secon/news/haskovo-workshop',
    published: '2023-11-09T10:00:00+02:00',
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
