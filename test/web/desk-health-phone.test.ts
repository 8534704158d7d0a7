import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { cellsOffScreen, DeskClient, phonePage, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/** The health page's queue counts on a phone, in a real browser with the desk's stylesheet: every count in sight. */

let desk: TestDesk;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  desk = await startTestDesk();
  const admin = new DeskClient(desk.server);
  await admin.login('ada');
  browser = await launchChromium();
  page = await phonePage(browser, (await admin.get('/health')).body);
});

afterAll(async () => {
  await browser?.close();
  await desk?.close();
});

describe('the health page on a phone', { timeout: 60_000 }, () => {
  it('shows every queue count on the screen, failed ones too, without scrolling sideways', async () => {
    const out = await cellsOffScreen(page, '[aria-labelledby=h-queues] table');
    expect(out).toEqual([]);
  });
});
