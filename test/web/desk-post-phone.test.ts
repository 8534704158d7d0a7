import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNewsText } from '../../web/news-check.ts';
import { launchChromium } from '../helpers/browser.ts';
import { cellsOffScreen, DeskClient, futureNews, phonePage, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/** A post's page on a phone, in a real browser with the desk's stylesheet: its timeline in sight. */

let desk: TestDesk;
let browser: Browser;

beforeAll(async () => {
  desk = await startTestDesk();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await desk?.close();
});

describe('the post page on a phone', { timeout: 60_000 }, () => {
  it('shows every cell of the timeline on the screen (who, attempt, detail), without scrolling sideways', async () => {
    const { items } = await loadNewsText(desk.config, 'phone.md', futureNews('phone-timeline'));
    const [taken] = await desk.app.intake.take(items, { actor: 'test', requireApproval: true });
    const post = taken!.posts[0]!;
    await desk.app.postActions.approve(post.postId, 'web:aida');
    const admin = new DeskClient(desk.server);
    await admin.login('ada');
    const page = await phonePage(browser, (await admin.get(`/posts/${encodeURIComponent(post.postId)}`)).body);
    expect(await page.locator('table:has(> caption) tbody tr').count()).toBe(2);
    expect(await cellsOffScreen(page, 'table:has(> caption)')).toEqual([]);
  });
});
