import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Platform } from '../../src/config/config-schema.ts';
import { loadSources } from '../../src/news/load-sources.ts';
import type { NewsItem } from '../../src/news/news-item.ts';
import type { PostKind } from '../../src/posts/post.ts';
import { createRenderer } from '../../src/templates/post-renderer.ts';
import { channelFor, shippedConfig } from '../helpers/config.ts';

/** A reviewer's stress items (test/fixtures/news/stress/), rendered with the shipped templates and configuration. */
const STRESS = resolve('test/fixtures/news/stress');
const config = shippedConfig();
const renderer = createRenderer({ config });

async function stressItem(file: string): Promise<NewsItem> {
  const result = await loadSources([`${STRESS}/${file}`], { config });
  expect(result.rejected).toEqual([]);
  return result.items[0]!.item;
}

const lisbon = await stressItem('stress-lisbon.md');
const webinar = await stressItem('stress-webinar.md');

function render(item: NewsItem, platform: Platform, language: string, kind: PostKind, now: string) {
  return renderer.render({ item, channel: channelFor(config, platform), language, kind, now: new Date(now) });
}

describe('an evening event past midnight (22:00–01:30, Europe/Lisbon)', () => {
  it('is announced and reminded as one day, with its start time', () => {
    const announcement = render(lisbon, 'facebook', 'en', 'announcement', '2026-05-04T08:00:00Z');
    expect(announcement.text).toContain('🗓 30 May 2026\n');
    const reminder = render(lisbon, 'facebook', 'en', 'reminder', '2026-05-29T08:00:00Z');
    // The event's clock (Lisbon) is not the channel's (Athens): the time says whose it is.
    expect(reminder.text).toContain('🗓 30 May 2026, 22:00 WEST\n');
    expect(reminder.text).not.toContain('Starts at');
    expect(render(lisbon, 'facebook', 'pt', 'announcement', '2026-05-04T08:00:00Z').text).toContain(
      '🗓 30 de maio de 2026\n',
    );
  });
});

describe('an online event in another zone (10:00 Europe/Brussels, channels read in Europe/Athens)', () => {
  const reminder = (language: string) =>
    render(webinar, 'facebook', language, 'reminder', '2026-04-14T08:00:00Z').text.split('\n')[3];

  it("gives the time with the event zone's short name, as each language writes it", () => {
    expect(reminder('en')).toBe('🗓 15 April 2026, 10:00 CEST');
    expect(reminder('de')).toBe('🗓 15. April 2026, 10:00 Uhr MESZ');
    expect(reminder('el')).toBe('🗓 15 Απριλίου 2026, 10:00 CEST');
    expect(render(webinar, 'twitter', 'en', 'event-day', '2026-04-15T05:00:00Z').text).toContain('🕘 10:00 CEST');
  });

  it("joins date and time as each language does (language.yaml's dateAtTime and time)", () => {
    expect(reminder('fr')).toBe('🗓 15 avril 2026 à 10\u00a0h UTC+2');
    expect(reminder('pt')).toBe('🗓 15 de abril de 2026, às 10h CEST');
    expect(reminder('es')).toBe('🗓 15 de abril de 2026, a las 10:00 CEST');
    expect(reminder('pl')).toBe('🗓 15 kwietnia 2026, 10:00 CEST');
    // Latvian says the day in the locative before its time (Intl gives "15. aprīlis").
    expect(reminder('lv')).toBe('🗓 2026. gada 15. aprīlī plkst. 10.00 CEST');
    expect(render(webinar, 'facebook', 'pl', 'event-day', '2026-04-15T05:00:00Z').text).toContain('🕘 10:00 CEST');
  });

  it("agrees the article with one o'clock (es 'a la 1:30', pt 'à 1h30'), and only then", () => {
    const late = {
      ...webinar,
      event: { ...webinar.event!, start: '2026-04-15T01:30:00+02:00', end: '2026-04-15T03:00:00+02:00' },
    };
    const lateReminder = (language: string) =>
      render(late, 'facebook', language, 'reminder', '2026-04-14T08:00:00Z').text.split('\n')[3];
    expect(lateReminder('es')).toBe('🗓 15 de abril de 2026, a la 1:30 CEST');
    expect(lateReminder('pt')).toBe('🗓 15 de abril de 2026, à 1h30 CEST');
    expect(lateReminder('fr')).toBe('🗓 15 avril 2026 à 1\u00a0h\u00a030 UTC+2');
  });

  it("gives no zone on a channel whose clock is the event's", () => {
    const brussels = channelFor(config, 'facebook', { timezone: 'Europe/Paris' });
    const post = renderer.render({
      item: webinar,
      channel: brussels,
      language: 'en',
      kind: 'reminder',
      now: new Date('2026-04-14T08:00:00Z'),
    });
    expect(post.text.split('\n')[3]).toBe('🗓 15 April 2026, 10:00');
  });
});

describe('a title that starts with an emoji', () => {
  it("is not given the template's own emoji too, in any language or kind", () => {
    const en = render(lisbon, 'twitter', 'en', 'announcement', '2026-05-04T08:00:00Z');
    expect(en.text.startsWith('Save the date – 🌙 Social Economy Night')).toBe(true);
    for (const [language, kind] of [
      ['de', 'announcement'],
      ['pt', 'event-day'],
      ['el', 'news'],
      ['pl', 'recap'],
    ] as const) {
      const text = render(lisbon, 'facebook', language, kind, '2026-05-30T05:00:00Z').text;
      expect(text).not.toMatch(/^[📅📢🎉🔁]/u);
      expect(text.split('\n')[0]).toContain('🌙');
    }
  });

  it('keeps the emoji for a title without one', () => {
    const text = render(webinar, 'facebook', 'en', 'announcement', '2026-04-01T08:00:00Z').text;
    expect(text.startsWith('📅 Save the date – Webinar')).toBe(true);
  });
});
