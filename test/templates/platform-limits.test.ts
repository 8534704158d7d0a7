import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Platform } from '../../src/config/config-schema.ts';
import { PLATFORM_LIMITS } from '../../src/platforms/platform-limits.ts';
import { PLATFORM_RULES } from '../../src/templates/platform-rules.ts';
import { createRenderer } from '../../src/templates/post-renderer.ts';
import { channelFor, shippedConfig } from '../helpers/config.ts';
import { haskovoItem } from '../helpers/haskovo.ts';
import { pngFile, type SandboxWorld, startSandboxWorld } from '../helpers/sandbox-world.ts';

const PLATFORMS: Platform[] = ['twitter', 'linkedin', 'facebook'];
const config = shippedConfig();
const renderer = createRenderer({ config });
const now = new Date('2023-11-10T09:00:00+02:00');
const fiveImages = Array.from({ length: 5 }, (_, i) => ({
  src: pngFile(`photo-${i + 1}.png`),
  alt: `Workshop photo ${i + 1}`,
}));
const item = haskovoItem({ images: fiveImages });

let w: SandboxWorld;
beforeAll(async () => {
  w = await startSandboxWorld();
});
afterAll(async () => {
  await w.sandboxes.stop();
});

describe('platform limits: one table for the renderer and the adapters', () => {
  test.each(PLATFORMS)("%s: the renderer's limit, unit and image count are the adapter's", (platform) => {
    const channel = w.config.channels.find((c) => c.platform === platform)!;
    const adapter = w.adapter(channel.id);
    const rules = PLATFORM_RULES[platform];
    expect(adapter.limits).toBe(PLATFORM_LIMITS[platform]);
    expect({ limit: rules.limit, measure: rules.measure, maxImages: rules.maxImages }).toEqual({
      limit: adapter.limits.maxTextLength,
      measure: PLATFORM_LIMITS[platform].measure,
      maxImages: adapter.limits.maxImages,
    });
  });
});

describe("images past the platform's count", () => {
  test('X keeps the first 4 of 5 images and names the one left out; LinkedIn and Facebook keep all 5', () => {
    const x = renderer.render({
      item,
      channel: channelFor(config, 'twitter'),
      language: 'en',
      kind: 'announcement',
      now,
    });
    expect(x.images).toEqual(fiveImages.slice(0, 4));
    expect(x.warnings.filter((warning) => warning.includes('image'))).toEqual([
      `twitter takes at most 4 images per post: left out ${fiveImages[4]!.src}`,
    ]);
    for (const platform of ['linkedin', 'facebook'] as const) {
      const post = renderer.render({
        item,
        channel: channelFor(config, platform),
        language: 'en',
        kind: 'announcement',
        now,
      });
      expect(post.images).toEqual(fiveImages);
      expect(post.warnings.filter((warning) => warning.includes('image'))).toEqual([]);
    }
  });

  test('the X post rendered from a 5-image item publishes (4 images) instead of failing when due', async () => {
    const rendered = renderer.render({
      item,
      channel: channelFor(config, 'twitter'),
      language: 'en',
      kind: 'announcement',
      now,
    });
    const result = await w
      .adapter('x-test')
      .publish({ postId: 'limits.x.en', text: rendered.text, thread: rendered.thread, images: rendered.images });
    const live = w.sandboxes.twitter.posts().find((p) => p.id === result.platformPostId)!;
    expect(live.media.map((m) => m.altText)).toEqual(fiveImages.slice(0, 4).map((image) => image.alt));
  });
});
