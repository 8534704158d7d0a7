import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxSet, sandboxConfig, sandboxEnv, startSandboxes } from '../../sandbox/index.ts';
import type { Config } from '../../src/config/config-schema.ts';
import { createLogger } from '../../src/logger.ts';
import { type RunningDesk, startDesk } from '../../web/start-desk.ts';
import { WorkerRuntime } from '../../worker/worker-runtime.ts';
import { launchChromium } from '../helpers/browser.ts';
import { REPO_ROOT } from '../helpers/cli.ts';
import { quietDaysFromToday } from '../helpers/quiet-days.ts';
import { deletePrefix, testRedis, testRedisUrl, uniquePrefix } from '../helpers/redis.ts';
import { deskConfig, futureNews, PASSWORD, SESSION_SECRET } from './desk-fixtures.ts';

/**
 * The review desk in a real browser (Debian's chromium through playwright-core), against the test
 * Redis, the sandbox platforms and a worker running in this process. One browser for the file;
 * the steps build on each other like a person's session. Screenshots of every page, at laptop and
 * phone widths, go to test-output/screenshots/ (git-ignored) for a person to look at.
 */

const SCREENSHOTS = join(REPO_ROOT, 'test-output', 'screenshots');
const LAPTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const NEWS_ID = 'riga-study-visit';
const LONG =
  'SECON partners from nine regions visit Riga to see how the city buys from social enterprises: catering, ' +
  'cleaning and printing through reserved contracts. Day one is with the procurement office, day two with three ' +
  'social enterprises and their customers. The findings go into the partners’ action plans. Read more on our ' +
  'website.';
/**
 * A link as the partners paste them, with tracking parameters: its query is one word of some 80 characters that a
 * browser may not break, wider than a phone.
 */
const TRACKED_LINK =
  'https://www.interregeurope.eu/secon/news/riga-study-visit?utm_source=linkedin&utm_medium=social' +
  '&utm_campaign=secon_riga_study_visit_2026';

/**
 * Run in the page: where the ids that `find` (an expression) gives break onto a new line after a character other than
 * one of `after` ("SeconPro ject_eu", "faceboo k-secon"): an expression, a list of problems.
 */
const idBreaks = (find: string, after: string) => `(() => {
  const out = [];
  for (const id of ${find}) {
    const chars = [];
    const walker = document.createTreeWalker(id, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode())
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        chars.push({ char: node.data[i], top: range.getBoundingClientRect().top });
      }
    for (let i = 1; i < chars.length; i++)
      if (chars[i].top > chars[i - 1].top + 2 && !${JSON.stringify(after)}.includes(chars[i - 1].char))
        out.push('id broken after "' + id.textContent.slice(0, i) + '"');
  }
  return out;
})()`;

/**
 * Run in the page (a string: the test is compiled without the DOM's types): what a person with a screen reader or a
 * phone would trip on. `width` is the screen's: a mobile browser widens its window to fit a page that is too wide,
 * so window.innerWidth would hide the overflow.
 */
const pageChecks = (width: number) => `(() => {
  const out = [];
  for (const field of document.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
    const named = (field.labels && field.labels.length > 0) || field.getAttribute('aria-label') || field.textContent.trim();
    if (!named) out.push('unlabelled ' + field.tagName + ' ' + field.name);
  }
  if (document.querySelectorAll('h1').length !== 1) out.push('not exactly one h1');
  if (!document.querySelector('main') || !document.querySelector('nav')) out.push('no main or nav landmark');
  if (document.documentElement.scrollWidth > ${width} + 1)
    out.push('wider than the screen (' + document.documentElement.scrollWidth + 'px)');
  // A post id in a narrow column breaks after a dot or a hyphen, never inside a word.
  out.push(...${idBreaks("document.querySelectorAll('.post-id')", '.-')});
  return out;
})()`;

/**
 * Run in the page: the main menu's link that `find` (an expression) gives, if any, and whether it is "visible": wholly
 * on the screen and on top.
 */
const menuLink = (find: string, width: number) => `(() => {
  const link = ${find};
  if (!link || !link.closest('header nav')) return null;
  const box = link.getBoundingClientRect();
  const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  const onScreen = box.width > 0 && box.left >= -1 && box.right <= ${width} + 1;
  return { text: link.textContent, visible: onScreen && (top === link || link.contains(top)) };
})()`;

/**
 * Run in the page: what of the health page's channels table a phone does not show. Each cell of its rows must be
 * wholly on the screen (not in a box that scrolls sideways), and an account id may break only after a colon
 * (urn:li:organization:…), never inside a word ("SeconPro ject_eu").
 */
const channelsTableChecks = (width: number) => `(() => {
  const out = [];
  const table = document.querySelector('[aria-labelledby=h-channels] table');
  const wrap = table.closest('.table-wrap');
  if (wrap && wrap.scrollWidth > wrap.clientWidth + 1) out.push('the table scrolls sideways');
  for (const cell of table.querySelectorAll('tbody th, tbody td')) {
    const box = cell.getBoundingClientRect();
    if (box.width === 0 || box.left < -1 || box.right > ${width} + 1)
      out.push('cut off: ' + cell.textContent.trim().slice(0, 30) + ' (' + Math.round(box.left) + '..' + Math.round(box.right) + ')');
  }
  out.push(...${idBreaks("table.querySelectorAll('tbody .mono')", ':')});
  return out;
})()`;

interface MenuLink {
  text: string;
  visible: boolean;
}

/** On a phone the header may take this much of the screen's height: two short rows (it was about 180 px). */
const PHONE_HEADER_MAX_PX = 100;

const quiet = createLogger({ level: 'silent', pretty: false, destination: process.stderr });
const redis = testRedis();
let config: Config;
let sandboxes: SandboxSet;
let desk: RunningDesk;
let worker: WorkerRuntime;
let browser: Browser;
let admin: BrowserContext;
let page: Page;

async function shoot(target: Page, name: string): Promise<void> {
  await target.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function login(context: BrowserContext, user: string, password = PASSWORD): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(`${desk.url}/login`);
  await tab.getByLabel('User name', { exact: true }).fill(user);
  await tab.getByLabel('Password', { exact: true }).fill(password);
  await tab.getByRole('button', { name: 'Log in' }).click();
  return tab;
}

/** A phone's browser context (close it), with `user` logged in on its calendar. */
async function phoneLogin(user = 'ada'): Promise<{ phone: BrowserContext; tab: Page }> {
  const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const tab = await login(phone, user);
  await tab.waitForURL(/calendar/);
  return { phone, tab };
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const base = await deskConfig(uniquePrefix('browser'));
  sandboxes = await startSandboxes();
  // LinkedIn needs a colleague's approval here, so the approvals page has work.
  // A worker runs through every test: no post may come due on its own meanwhile (quiet days).
  config = sandboxConfig(
    {
      ...base,
      channels: base.channels.map((c) => (c.platform === 'linkedin' ? { ...c, requireApproval: true } : c)),
      planning: { ...base.planning, schedule: { ...base.planning.schedule, quietDays: quietDaysFromToday() } },
    },
    sandboxes.urls,
  );
  const env = { ...process.env, ...sandboxEnv(config) };
  desk = await startDesk({
    config,
    redisUrl: testRedisUrl(),
    logger: quiet,
    sessionSecret: SESSION_SECRET,
    port: 0,
    env,
  });
  worker = await WorkerRuntime.start({
    config,
    redisUrl: testRedisUrl(),
    env,
    logger: quiet,
    port: null,
    pollFeeds: false,
  });
  browser = await launchChromium();
  admin = await browser.newContext({ viewport: LAPTOP, acceptDownloads: true });
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await desk?.stop();
  await sandboxes?.stop();
  if (config) await deletePrefix(redis, config.redis.keyPrefix);
  redis.disconnect();
});

describe('the review desk in a browser', { timeout: 60_000 }, () => {
  it('asks for a login, then shows the calendar; the skip link comes first on the keyboard', async () => {
    page = await admin.newPage();
    await page.goto(`${desk.url}/calendar`);
    await expect.poll(() => page.url()).toContain('/login?next=%2Fcalendar');
    await shoot(page, 'login-laptop');
    await page.getByLabel('User name', { exact: true }).fill('ada');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Calendar', level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
  });

  it('a news item with an error shows the error as ingest gives it (source, line, field, expected)', async () => {
    await page.goto(`${desk.url}/news`);
    await page.getByLabel('Or paste the text').fill(futureNews(NEWS_ID, { brokenStart: true }));
    await page.getByLabel('Format of the pasted text').selectOption('.md');
    await page.getByRole('button', { name: 'Check and preview' }).click();
    const problem = page.locator('.problems tr.problem').first();
    await problem.waitFor();
    const cells = await problem.locator('td').allTextContents();
    expect(cells[0]).toMatch(/^pasted\.md:12$/);
    expect(cells[1]).toBe(NEWS_ID);
    expect(cells[3]).toBe('event.start');
    expect(cells[4]).toMatch(/ISO 8601|date/i);
    expect(await page.getByRole('button', { name: /Schedule/ }).count()).toBe(0);
    await shoot(page, 'news-error-laptop');
  });

  it('fixed, it previews every post in every language side by side, then schedules', async () => {
    await page.getByLabel('Or paste the text').fill(futureNews(NEWS_ID));
    await page.getByRole('button', { name: 'Check and preview' }).click();
    await page.getByRole('button', { name: 'Schedule 1 item' }).waitFor();
    const columns = await page.locator('.lang-col h4').allTextContents();
    expect(columns).toEqual(expect.arrayContaining(['English (en)', 'German (de)', 'Greek (el)']));
    // The Greek column shows the Greek post (in its language), as the platform will show it.
    const greek = page.locator('.lang-col', { has: page.locator('h4', { hasText: 'Greek (el)' }) });
    await expect.poll(() => greek.locator('.post-card[lang="el"] .pc-text').first().textContent()).toContain('Ρίγα');
    expect(await page.locator('.post-card .pc-count').count()).toBeGreaterThan(5);
    await shoot(page, 'news-preview-laptop');
    await page.getByRole('button', { name: 'Schedule 1 item' }).click();
    await page.getByRole('heading', { name: 'Scheduled', level: 1 }).waitFor();
    expect(await page.getByRole('status').first().textContent()).toMatch(
      /^1 item scheduled, 0 unchanged, 0 rejected\. 3 posts wait for approval/,
    );
    const record = await desk.app.publishingLog.get(`${NEWS_ID}.x-secon.en.announcement`);
    expect(record).toMatchObject({ state: 'scheduled', actor: 'web:ada' });
    await shoot(page, 'news-scheduled-laptop');
  });

  it('approves a post waiting for approval (bulk form on the approvals page)', async () => {
    const postId = `${NEWS_ID}.linkedin-secon.en.announcement`;
    expect((await desk.app.publishingLog.get(postId))?.state).toBe('awaiting-approval');
    await page.goto(`${desk.url}/approvals`);
    await shoot(page, 'approvals-laptop');
    await page.getByLabel(postId).check();
    // "Cancel selected" asks first (its own question, not the form's): said no to, nothing changes.
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await page.getByRole('button', { name: 'Cancel selected' }).first().click();
    await expect.poll(() => asked).toBe('Cancel the selected posts? They will not go out.');
    expect((await desk.app.publishingLog.get(postId))?.state).toBe('awaiting-approval');
    // Approving asks nothing (a dialog left unanswered would stop the form).
    await page.getByRole('button', { name: 'Approve selected' }).first().click();
    await page.getByText('Approved 1 post.').waitFor();
    expect(await desk.app.publishingLog.get(postId)).toMatchObject({ state: 'scheduled', actor: 'web:ada' });
  });

  it('on a phone, the approvals page fits a post whose text starts with a long tracked link', async () => {
    // The approval cards are flex rows: their text's longest word (this link's query) set the page's width until the
    // card's text could shrink (min-width:0) and wrap anywhere.
    const postId = `${NEWS_ID}.linkedin-secon.en.event-day`;
    await page.goto(`${desk.url}/posts/${postId}`);
    await page.getByLabel('Text', { exact: true }).fill(`${TRACKED_LINK} SECON partners visit Riga today.`);
    await page.getByRole('button', { name: 'Save text' }).click();
    await page.getByText(/Text saved and fitted to LinkedIn again/).waitFor();
    expect((await desk.app.publishingLog.get(postId))?.state).toBe('awaiting-approval');
    const { phone, tab } = await phoneLogin();
    await tab.goto(`${desk.url}/approvals`);
    expect(await tab.locator('.approval-list .mc-text').allTextContents()).toContainEqual(
      expect.stringContaining('riga-study-visit?utm'),
    );
    expect(await tab.evaluate(pageChecks(PHONE.width))).toEqual([]);
    // Nor did that text squeeze its card's checkbox (a flex item shrinks unless told not to).
    const boxes = await tab
      .locator('.approval-list input[type=checkbox]')
      .evaluateAll((inputs) => inputs.map((input) => Math.round(input.getBoundingClientRect().width)));
    expect(boxes.length).toBeGreaterThan(1);
    expect(new Set(boxes), `checkbox widths ${boxes.join(', ')}`).toEqual(new Set([boxes[0]]));
    expect(boxes[0]).toBeGreaterThanOrEqual(18);
    await shoot(tab, 'approvals-long-link-phone');
    await phone.close();
  });

  it('edits a post: the new text is fitted again and the card shows the new lengths (an X thread)', async () => {
    const postId = `${NEWS_ID}.x-secon.en.announcement`;
    await page.goto(`${desk.url}/posts/${postId}`);
    await page.getByLabel('Text', { exact: true }).fill(LONG);
    await page.getByRole('button', { name: 'Save text' }).click();
    await page.getByText(/Text saved and fitted to X again/).waitFor();
    const counters = await page.locator('.post-card .pc-count').allTextContents();
    expect(counters.length).toBeGreaterThan(1);
    for (const counter of counters) {
      const [used, limit] = counter.replace(' weighted', '').split('/').map(Number);
      expect(limit).toBe(280);
      expect(used).toBeLessThanOrEqual(280);
    }
    expect(await page.locator('.pc-part-head').first().textContent()).toMatch(/Part 1 of \d/);
    await shoot(page, 'post-edited-laptop');
  });

  it('cancels a post', async () => {
    const postId = `${NEWS_ID}.facebook-secon.de.announcement`;
    await page.goto(`${desk.url}/posts/${postId}`);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Cancel post' }).click();
    await page.getByText(`Cancelled: ${postId} will not go out.`).waitFor();
    expect(await page.locator('.facts .badge').first().textContent()).toBe('cancelled');
    expect(await desk.app.publishingLog.get(postId)).toMatchObject({ state: 'cancelled', actor: 'web:ada' });
  });

  it('shows a post become published while the page is open (the worker publishes; the page updates itself)', async () => {
    const postId = `${NEWS_ID}.facebook-secon.en.announcement`;
    await page.goto(`${desk.url}/posts/${postId}`);
    expect(await page.locator('.facts .badge').first().textContent()).toBe('scheduled');
    const calendar = await admin.newPage();
    await calendar.goto(`${desk.url}/calendar?channel=facebook-secon`);
    // Due in two seconds: the worker in this test publishes it to the Facebook sandbox.
    await desk.app.postActions.reschedule(postId, new Date(Date.now() + 2000), 'test');
    await page.locator('.facts .badge.state-published').waitFor({ timeout: 30_000 });
    expect(await page.locator('.facts a[href*="facebook.com"]').count()).toBe(1);
    await calendar.locator(`li[data-post="${postId}"] .badge.state-published`).waitFor({ timeout: 10_000 });
    expect(sandboxes.facebook.posts().length).toBe(1);
    await shoot(page, 'post-published-laptop');
    await calendar.close();
  });

  it('filters the history and downloads the CSV of the filter', async () => {
    await page.goto(`${desk.url}/history`);
    await page.getByLabel('Channel', { exact: true }).selectOption('facebook-secon');
    await page.getByLabel('State', { exact: true }).selectOption('cancelled');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('table.history tbody tr').count()).toBe(1);
    expect(await page.locator('table.history tbody tr').first().textContent()).toContain(
      `${NEWS_ID}.facebook-secon.de.announcement`,
    );
    await shoot(page, 'history-laptop');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/history-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split('\n');
    expect(lines[0]).toMatch(/^postId,newsId,channel,platform,language,kind,state/);
    expect(lines.slice(1).filter((l) => l.startsWith(NEWS_ID))).toHaveLength(1);
    expect(lines[1]).toContain('cancelled');
    // The same selection for Excel in the partner regions: semicolons between the cells.
    const [excel] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV for Excel (;)' }).click(),
    ]);
    const semicolons = readFileSync((await excel.path())!, 'utf8')
      .slice(1)
      .trim()
      .split('\n');
    expect(semicolons[0]).toMatch(/^postId;newsId;channel;platform;language;kind;state/);
    expect(semicolons).toHaveLength(lines.length);
  });

  it('a change made while the page loaded, before its event stream opened, still shows (the stream catches up)', async () => {
    const postId = `${NEWS_ID}.facebook-secon.el.announcement`;
    const live = await admin.newPage();
    // The browser's event stream is held back until the change is made, as a slow network would.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await live.route('**/events*', async (route) => {
      await held;
      await route.continue();
    });
    await live.goto(`${desk.url}/posts/${postId}`);
    expect(await live.locator('.facts .badge').first().textContent()).not.toBe('cancelled');
    await desk.app.postActions.cancel(postId, 'test');
    release();
    await live.locator('.facts .badge.state-cancelled').waitFor({ timeout: 10_000 });
    await live.close();
  });

  it('a change that came in while a person was in a field shows once they leave it', async () => {
    const postId = `${NEWS_ID}.x-secon.en.announcement`;
    const live = await admin.newPage();
    await live.goto(`${desk.url}/posts/${postId}`);
    const rows = live.locator('table.timeline tbody tr');
    const before = await rows.count();
    await live.getByLabel('Text', { exact: true }).focus();
    await desk.app.postActions.reschedule(postId, new Date(Date.now() + 3 * 86_400_000), 'test');
    // The refresh is held back while the field has the focus (it would take what the person is doing away)...
    await live.waitForTimeout(1500);
    expect(await rows.count()).toBe(before);
    // ...and comes once they leave it, with nothing typed.
    await live.getByLabel('Text', { exact: true }).blur();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(before + 1);
    await live.close();
  });

  it('a viewer sees no approve button and an approve request is refused with 403', async () => {
    const postId = `${NEWS_ID}.linkedin-secon.en.reminder`;
    expect((await desk.app.publishingLog.get(postId))?.state).toBe('awaiting-approval');
    const viewer = await browser.newContext({ viewport: LAPTOP });
    const tab = await login(viewer, 'vic');
    await tab.goto(`${desk.url}/posts/${postId}`);
    expect(await tab.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await tab.locator('.post-actions').textContent()).toContain('Your role (viewer) cannot act on this post.');
    await shoot(tab, 'post-viewer-laptop');
    const token = await tab.locator('input[name=_csrf]').first().getAttribute('value');
    const response = await tab.request.post(`${desk.url}/posts/${postId}/approve`, {
      form: { _csrf: token! },
      headers: { origin: desk.url },
    });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('approver role');
    expect((await desk.app.publishingLog.get(postId))?.state).toBe('awaiting-approval');
    await viewer.close();
  });

  it('a request without the CSRF token is refused', async () => {
    const postId = `${NEWS_ID}.linkedin-secon.en.reminder`;
    const response = await page.request.post(`${desk.url}/posts/${postId}/approve`, {
      form: {},
      headers: { origin: desk.url },
    });
    expect(response.status()).toBe(403);
    expect((await desk.app.publishingLog.get(postId))?.state).toBe('awaiting-approval');
  });

  it('five wrong passwords throttle the login, even for the right password', async () => {
    const context = await browser.newContext({ viewport: LAPTOP });
    const tab = await context.newPage();
    for (let i = 0; i < 5; i++) {
      await tab.goto(`${desk.url}/login`);
      await tab.getByLabel('User name', { exact: true }).fill('ed');
      await tab.getByLabel('Password', { exact: true }).fill(`wrong ${i}`);
      await tab.getByRole('button', { name: 'Log in' }).click();
      await tab.getByText('Wrong user name or password.').waitFor();
    }
    await tab.goto(`${desk.url}/login`);
    await tab.getByLabel('User name', { exact: true }).fill('ed');
    await tab.getByLabel('Password', { exact: true }).fill(PASSWORD);
    const [response] = await Promise.all([
      tab.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'),
      tab.getByRole('button', { name: 'Log in' }).click(),
    ]);
    expect(response.status()).toBe(429);
    await tab.getByText(/Too many wrong passwords/).waitFor();
    await shoot(tab, 'login-throttled-laptop');
    await context.close();
  });

  it('the health page names the Redis, its settings and what a confirmed claim survives', async () => {
    await page.goto(`${desk.url}/health`);
    const redis = page.getByRole('region', { name: 'Redis' });
    await redis.waitFor();
    const text = (await redis.textContent()) ?? '';
    expect(text).toMatch(
      /(Valkey|Redis) \d+\.\d+\.\d+: appendonly yes, appendfsync everysec, maxmemory-policy noeviction/,
    );
    // The test server runs Valkey under everysec: WAITAOF answers before the fsync there.
    expect(text).toMatch(/survive a crash of Redis, not a power cut: .*For power cuts too: set appendfsync always \(/s);
    await shoot(page, 'health-redis-laptop');
  });

  it("on a phone the health page's channels table shows every column, account ids whole", async () => {
    const { phone, tab } = await phoneLogin();
    await tab.goto(`${desk.url}/health`);
    expect(await tab.evaluate(pageChecks(PHONE.width))).toEqual([]);
    expect(await tab.evaluate(channelsTableChecks(PHONE.width))).toEqual([]);
    // Every column's name is still there for each row, now beside its value.
    const labels = await tab.evaluate(
      "[...document.querySelectorAll('[aria-labelledby=h-channels] tbody tr:first-child td')].map((td) => getComputedStyle(td, '::before').content)",
    );
    expect(labels).toEqual(['"Account"', '"Status"', '"Credentials"', '"Last published"', '"Pause"']);
    await tab
      .locator('[aria-labelledby=h-channels]')
      .screenshot({ path: join(SCREENSHOTS, 'health-channels-phone.png') });
    await phone.close();
  });

  it('on a phone the header is a short band, and every menu link can be reached from the keyboard', async () => {
    const { phone, tab } = await phoneLogin();
    await tab.goto(`${desk.url}/health`);
    const height = (await tab.evaluate("document.querySelector('header').getBoundingClientRect().height")) as number;
    expect(height).toBeLessThanOrEqual(PHONE_HEADER_MAX_PX);
    await shoot(tab, 'header-phone');
    const labels = await tab.locator('header nav a').allTextContents();
    expect(labels).toEqual(['Calendar', 'Approvals', 'News', 'History', 'Activity', 'Report', 'Health']);
    // The current page's entry is in view on arrival, though it is the last one.
    const current = menuLink("document.querySelector('header nav a[aria-current=page]')", PHONE.width);
    await expect.poll(() => tab.evaluate(current)).toEqual({ text: 'Health', visible: true });
    const reached: string[] = [];
    for (let i = 0; i < 12 && reached.length < labels.length; i++) {
      await tab.keyboard.press('Tab');
      const focused = (await tab.evaluate(menuLink('document.activeElement', PHONE.width))) as MenuLink | null;
      if (!focused) continue;
      expect(focused.visible, `${focused.text} on the screen when focused`).toBe(true);
      reached.push(focused.text);
    }
    expect(reached).toEqual(labels);
    // Log out after the menu, as on a laptop, though drawn above it here (desk.css says why).
    await tab.keyboard.press('Tab');
    expect(await tab.evaluate('document.activeElement?.textContent')).toBe('Log out');
    await phone.close();
  });

  it('every page: labelled controls, one h1, landmarks; screenshots at laptop and phone widths', async () => {
    const postId = `${NEWS_ID}.x-secon.en.announcement`;
    const pages = ['calendar', 'approvals', 'news', 'history', 'activity', 'report', 'health', `posts/${postId}`];
    const { phone, tab: phoneTab } = await phoneLogin();
    for (const path of pages) {
      const name = path.startsWith('posts/') ? 'post' : path;
      for (const [tab, width, screen] of [
        [page, 'laptop', LAPTOP],
        [phoneTab, 'phone', PHONE],
      ] as const) {
        await tab.goto(`${desk.url}/${path}`);
        const problems = (await tab.evaluate(pageChecks(screen.width))) as string[];
        expect(problems, `${path} at ${width}`).toEqual([]);
        await shoot(tab, `${name}-${width}`);
      }
    }
    await phone.close();
  });
});
