import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageSettings, type SandboxSet, sandboxConfig, sandboxEnv, startSandboxes } from '../../sandbox/index.ts';
import type { Config, Platform } from '../../src/config/config-schema.ts';
import { packagePath } from '../../src/package-root.ts';
import { createAdapter } from '../../src/platforms/adapter-registry.ts';
import type { PostKind } from '../../src/posts/post.ts';
import { createRenderer } from '../../src/templates/post-renderer.ts';
import { launchChromium } from '../helpers/browser.ts';
import { shippedConfig } from '../helpers/config.ts';
import { haskovoItem, LONG_SUMMARIES } from '../helpers/haskovo.ts';

/** Where the screenshots go (git-ignored): look at them after a run. */
const SHOTS = packagePath('test-output', 'sandbox-pages');
const GREEK_ALT = 'Εννέα κίτρινες τελείες σε δαχτυλίδι';
const PATHS: Record<Platform, string> = { twitter: 'x', linkedin: 'linkedin', facebook: 'facebook' };

/**
 * The sandbox pages draw what the platforms received with the shared post card, in each
 * platform's look: real posts, rendered by the templates and sent by the real adapters, then the
 * pages in a real browser (Debian's chromium), screenshots in test-output/sandbox-pages/.
 */
describe('sandbox pages', () => {
  let sandboxes: SandboxSet;
  let config: Config;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const shipped = shippedConfig();
    sandboxes = await startSandboxes({
      onePort: true,
      pages: pageSettings(shipped),
    });
    config = sandboxConfig(shipped, sandboxes.urls);
    const env = sandboxEnv(config);
    const renderer = createRenderer({ config });
    const image = { src: packagePath('news', 'images', 'haskovo-workshop.png'), alt: 'Nine yellow dots on a ring' };
    const item = haskovoItem({ images: [image] });
    const recap = haskovoItem({ id: 'haskovo-recap', kind: 'recap', images: [] });
    const now = new Date('2023-11-10T08:00:00Z');
    const send = async (channelId: string, language: string, kind: PostKind, which = item, thread = false) => {
      const channel = {
        ...config.channels.find((c) => c.id === channelId)!,
        ...(thread ? { thread: 'always' as const } : {}),
      };
      const rendered = renderer.render({ item: which, channel, language, kind, now });
      await createAdapter(channel, config, env).publish({
        postId: `${which.id}.${channelId}.${language}.${kind}`,
        ...rendered,
      });
    };
    // X: a Greek announcement too long for one post becomes a thread (on a channel that asks for
    // threads rather than a shortened text), its photo described in Greek; LinkedIn and Facebook:
    // with an image (the link in the text) and without (a link card).
    const greek = haskovoItem({
      images: [image],
      translations: {
        ...haskovoItem().translations,
        el: { title: 'Εργαστήριο στο Χάσκοβο', summary: LONG_SUMMARIES.el, images: [{ alt: GREEK_ALT }] },
      },
    });
    await send('x-secon', 'el', 'announcement', greek, true);
    await send('x-secon', 'en', 'recap', recap);
    await send('linkedin-secon', 'en', 'announcement');
    await send('linkedin-secon', 'en', 'recap', recap);
    await send('facebook-secon', 'de', 'announcement');
    await send('facebook-secon', 'en', 'recap', recap);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    mkdirSync(SHOTS, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await sandboxes?.stop();
  });

  /** Opens a platform's page with every image loaded, screenshots it, and returns its HTML. */
  async function open(platform: Platform): Promise<string> {
    await page.goto(`${sandboxes.url}/${PATHS[platform]}/`);
    // Lazy images below the fold would not load for a full-page screenshot (a string: the test has no DOM types).
    await page.evaluate(`Promise.all([...document.images].map((img) => {
      img.loading = 'eager';
      return img.complete ? null : new Promise((resolve) => img.addEventListener('load', resolve));
    }))`);
    await page.screenshot({ path: join(SHOTS, `${PATHS[platform]}.png`), fullPage: true });
    return page.content();
  }

  it('LinkedIn: hashtags as #SECON, mentions by name, links decoded, the article as a link card', async () => {
    const text = await open('linkedin');
    expect(await page.locator('.pc-tag', { hasText: '#SECON' }).count()).toBeGreaterThan(0);
    expect(text).not.toContain('{hashtag|');
    expect(text).not.toMatch(/\\#/);
    expect(await page.locator('.pc-mention', { hasText: 'SECON Project' }).count()).toBeGreaterThan(0);
    expect(text).not.toContain('urn:li:organization:93265886)');
    const shown = await page.locator('.pc-url').allTextContents();
    expect(shown.some((link) => link.includes('utm_source=linkedin'))).toBe(true);
    expect(shown.some((link) => link.includes('%5F'))).toBe(false);
    expect(await page.locator('.pc-linkcard').count()).toBeGreaterThan(0);
    expect(await page.locator('.pc-account').first().textContent()).toBe('SECON Project');
    expect(await page.locator('.pc-avatar').first().textContent()).toBe('SP');
    expect(await page.locator('.pc-meta').first().textContent()).toMatch(/\d{2}:\d{2} (EET|GMT\+2)/);
    // Counted as a person says it.
    expect(await page.locator('.sb-note').textContent()).toMatch(/^2 posts as LinkedIn would show them/);
  });

  it('the index counts each platform’s posts in words: "2 posts", never "post(s)"', async () => {
    await page.goto(`${sandboxes.url}/`);
    const items = await page.locator('li').allTextContents();
    // X received the Greek thread's four parts and the recap.
    expect(items.map((item) => item.replace(/^.* — /, ''))).toEqual(['5 posts', '2 posts', '2 posts']);
  });

  it('X: the thread parts joined into one card, the handle, the image with its alt text on hover', async () => {
    await open('twitter');
    const thread = page.locator('.post-card', { has: page.locator('.pc-part-head') });
    expect(await thread.count()).toBe(1);
    const parts = await thread.locator('.pc-part-head').allTextContents();
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]).toBe(`Part 1 of ${parts.length}`);
    expect(await page.locator('.pc-handle').first().textContent()).toBe('@SeconProject_eu');
    const img = page.locator('.pc-image img').first();
    expect(await img.getAttribute('alt')).toBe(GREEK_ALT);
    expect(await img.getAttribute('title')).toBe(GREEK_ALT);
    const caption = page.locator('.pc-image figcaption').first();
    expect(await caption.isVisible()).toBe(false);
    await img.hover();
    expect(await caption.isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'x-image-hover.png') });
  });

  it('Facebook: a link post shows its link card; a photo post its image; the page name, not its number', async () => {
    const text = await open('facebook');
    expect(await page.locator('.pc-linkcard .pc-domain').first().textContent()).toBe('interregeurope.eu');
    expect(await page.locator('.pc-image img').count()).toBe(1);
    expect(await page.locator('.pc-account').allTextContents()).toEqual(['SECON Project', 'SECON Project']);
    expect(text).not.toMatch(/<h2>[^<]*100093083107402/);
    expect(await page.locator('.pc-tag', { hasText: '#SECON' }).count()).toBe(2);
  });
});
