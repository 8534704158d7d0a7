import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNewsText } from '../../web/news-check.ts';
import { launchChromium } from '../helpers/browser.ts';
import { DeskClient, futureNews, phonePage, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/**
 * The history on a phone, in a real browser: the page as the desk serves it, with the desk's stylesheet. Its table
 * is stacked there (each cell under its column's name).
 */

let desk: TestDesk;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  desk = await startTestDesk();
  const admin = new DeskClient(desk.server);
  await admin.login('ada');
  const { items } = await loadNewsText(desk.config, 'history.md', futureNews('phone-history'));
  await desk.app.intake.take(items, { actor: 'test' });
  browser = await launchChromium();
  page = await phonePage(browser, (await admin.get('/history')).body);
});

afterAll(async () => {
  await browser?.close();
  await desk?.close();
});

describe('the history on a phone', { timeout: 60_000 }, () => {
  it('a state is a small badge, not a bar across the row', async () => {
    const widths = (await page.evaluate(
      `[...document.querySelectorAll('table.history td[data-label=State] .badge')].map((b) => Math.round(b.getBoundingClientRect().width))`,
    )) as number[];
    expect(widths.length).toBeGreaterThan(0);
    // "awaiting-approval", the longest state, is some 120 px; the column is over 200.
    expect(widths.filter((w) => w > 150)).toEqual([]);
  });
});
