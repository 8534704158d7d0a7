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

function render(item: NewsItem, platform: Platform, language: string, kind: PostKind, now: string) {
  return renderer.render({ item, channel: channelFor(config, platform), language, kind, now: new Date(now) });
}

describe('an evening event past midnight (22:00–01:30, Europe/Lisbon)', () => {
  it('is announced and reminded as one day, with its start time', () => {
    const announcement = render(lisbon, 'facebook', 'en', 'announcement', '2026-05-04T08:00:00Z');
    expect(announcement.text).toContain('🗓 30 May 2026\n');
    const reminder = render(lisbon, 'facebook', 'en', 'reminder', '2026-05-29T08:00:00Z');
    expect(reminder.text).toContain('🗓 30 May 2026, 22:00\n');
    expect(reminder.text).not.toContain('Starts at');
    expect(render(lisbon, 'facebook', 'pt', 'announcement', '2026-05-04T08:00:00Z').text).toContain(
      '🗓 30 de maio de 2026\n',
    );
  });
});
