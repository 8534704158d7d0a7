import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { DeskClient, PHONE, phonePage, startTestDesk, type TestDesk } from './desk-fixtures.ts';

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
    const out = (await page.evaluate(`(() => {
      const out = [];
      const table = document.querySelector('[aria-labelledby=h-queues] table');
      const wrap = table.closest('.table-wrap');
      if (wrap && wrap.scrollWidth > wrap.clientWidth + 1) out.push('the table scrolls sideways');
      for (const cell of table.querySelectorAll('tbody th, tbody td')) {
        const box = cell.getBoundingClientRect();
        if (box.width === 0 || box.left < -1 || box.right > ${PHONE.width} + 1)
          out.push('cut off: ' + (cell.dataset.label || '') + ' ' + cell.textContent.trim());
      }
      return out;
    })()`)) as string[];
    expect(out).toEqual([]);
  });
});
