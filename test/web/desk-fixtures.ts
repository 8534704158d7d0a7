import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type App, createApp } from '../../app/create-app.ts';
import type { Config, WebRole } from '../../src/config/config-schema.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { hashPassword } from '../../web/auth/password-hash.ts';
import { loadNewsText } from '../../web/news-check.ts';
import { createWebServer, type WebServerOptions } from '../../web/web-server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { CLI_BIN, REPO_ROOT } from '../helpers/cli.ts';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.ts';

/** Every test user's password. */
export const PASSWORD = 'correct horse battery staple';
export const SESSION_SECRET = 'a-test-session-secret-of-enough-length-0123456789';

/** One user per role: ada (admin), aida (approver), ed (editor), vic (viewer). */
export const USERS: Record<string, WebRole> = { ada: 'admin', aida: 'approver', ed: 'editor', vic: 'viewer' };

let hash: Promise<string> | undefined;

/** The shipped configuration under a fresh key prefix, with the test users. */
export async function deskConfig(prefix: string, web: Partial<Config['web']> = {}): Promise<Config> {
  hash ??= hashPassword(PASSWORD);
  const passwordHash = await hash;
  const base = loadConfig('secon-bot.yaml');
  return {
    ...base,
    redis: { keyPrefix: prefix },
    web: {
      ...base.web,
      users: Object.entries(USERS).map(([name, role]) => ({ name, role, passwordHash })),
      ...web,
    },
  };
}

/** A desk on the test Redis (no port: requests are injected). */
export interface TestDesk {
  server: FastifyInstance;
  app: App;
  redis: Redis;
  config: Config;
  close(): Promise<void>;
}

export async function startTestDesk(
  options: {
    web?: Partial<Config['web']>;
    config?: Config;
    server?: Partial<WebServerOptions>;
    keepKeys?: boolean;
    /** The app's credentials. Default process.env. */
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<TestDesk> {
  const config = options.config ?? (await deskConfig(uniquePrefix('desk'), options.web));
  const redis = testRedis();
  const logger = createLogger({ level: 'silent', pretty: false, destination: process.stderr });
  const app = createApp({ config, redis, logger, ...(options.env ? { env: options.env } : {}) });
  const server = await createWebServer({ app, logger, sessionSecret: SESSION_SECRET, ...options.server });
  await server.ready();
  return {
    server,
    app,
    redis,
    config,
    close: async () => {
      await server.close();
      await app.close();
      if (!options.keepKeys) await deletePrefix(redis, config.redis.keyPrefix);
      redis.disconnect();
    },
  };
}

/** A logger whose lines the test reads. */
export function capturingLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const out: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      out.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: 'info', pretty: false, destination });
  return { logger, lines: () => out.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** The CSRF token of the first form on a page. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1]!;
}

/** A browser-like client over inject: keeps cookies, sends forms with the page's token. */
export class DeskClient {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly server: FastifyInstance,
    private readonly headers: Record<string, string> = {},
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies as Array<{ name: string; value: string; expires?: Date }>) {
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now()))
        this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.server.inject({
        method: 'GET',
        url,
        headers: { ...this.headers, cookie: this.cookieHeader(), ...headers },
      }),
    );
  }

  /** Posts a form; `csrf` is the token to send (default: one from a fresh GET of `from`; null sends none). */
  async post(
    url: string,
    form: Record<string, string | string[]>,
    options: { csrf?: string | null; from?: string; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    let token = options.csrf;
    if (token === undefined) token = csrfOf((await this.get(options.from ?? '/calendar')).body);
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
    if (token !== null) body.append('_csrf', token);
    return this.keep(
      await this.server.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: {
          ...this.headers,
          'content-type': 'application/x-www-form-urlencoded',
          cookie: this.cookieHeader(),
          ...options.headers,
        },
      }),
    );
  }

  /**
   * Posts a multipart form as a browser sends a file upload: fields, and files as `{ filename, text }`,
   * with a CSRF token from a fresh GET of `from`.
   */
  async postMultipart(
    url: string,
    parts: Array<[name: string, value: string | { filename: string; text: string }]>,
    from: string,
  ): Promise<LightMyRequestResponse> {
    const boundary = '----secon-test-boundary';
    const token = csrfOf((await this.get(from)).body);
    const part = ([name, value]: (typeof parts)[number]) =>
      typeof value === 'string'
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\n` +
          `Content-Type: text/markdown\r\n\r\n${value.text}\r\n`;
    const payload = `${[['_csrf', token] as (typeof parts)[number], ...parts].map(part).join('')}--${boundary}--\r\n`;
    return this.keep(
      await this.server.inject({
        method: 'POST',
        url,
        payload,
        headers: {
          ...this.headers,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          cookie: this.cookieHeader(),
        },
      }),
    );
  }

  async login(user: string, password = PASSWORD): Promise<LightMyRequestResponse> {
    return this.post('/login', { user, password, next: '/calendar' }, { from: '/login' });
  }
}

/** ISO date-time `days` from now, at a whole hour, with the offset. */
function daysFromNow(days: number, hour: number, second = 0): string {
  const at = new Date(Date.now() + days * 86_400_000);
  at.setUTCHours(hour, 0, second, 0);
  return at.toISOString().replace('.000Z', 'Z');
}

/**
 * A second of the hour of its own for each id: items of one title published at the same time under
 * two ids are the same news twice (their posts wait for a person), and the tests take this one item
 * under many ids as different news.
 */
function secondOf(id: string): number {
  let sum = 0;
  for (const char of id) sum = (sum * 31 + char.charCodeAt(0)) % 3600;
  return sum;
}

/**
 * A news item in Markdown about an event three weeks ahead (so every post plans in the future),
 * with an English original, German and Greek translations and the sample image. `brokenStart`
 * puts a date that is not a date on line 12 (event.start), as a person might type it.
 */
export function futureNews(id: string, options: { brokenStart?: boolean } = {}): string {
  const start = options.brokenStart ? 'next Tuesday morning' : daysFromNow(21, 7);
  return `---
id: ${id}
kind: announcement
language: en
title: SECON study visit to Riga
summary: >-
  Partners from nine regions visit social enterprises in Riga and compare how cities buy from them.
url: https://www.interregeurope.eu/secon
published: ${daysFromNow(-1, 8, secondOf(id))}
event:
  name: SECON study visit
  start: ${start}
  end: ${daysFromNow(22, 14)}
  location: Riga, Latvia
  timezone: Europe/Riga
images:
  - src: images/haskovo-workshop.png
    alt: Nine yellow dots on a ring, the nine SECON partner regions
translations:
  de:
    title: SECON-Studienbesuch in Riga
    summary: Partner aus neun Regionen besuchen Sozialunternehmen in Riga.
  el:
    title: Επίσκεψη μελέτης του SECON στη Ρίγα
    summary: Εταίροι από εννέα περιφέρειες επισκέπτονται κοινωνικές επιχειρήσεις στη Ρίγα.
---
The partners meet the city's procurement office and three social enterprises.
`;
}

/** Runs the CLI as a child process with `input` on its standard input (not a terminal). */
export function runCliWithInput(
  args: string[],
  input: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** A phone's screen, in CSS pixels. */
export const PHONE = { width: 390, height: 844 };

/**
 * A desk page as the desk served it (`html`), opened in a phone-sized page of `browser` with the
 * desk's stylesheet inlined (a page set from a string has no server to fetch the stylesheet from).
 */
export async function phonePage(browser: Browser, html: string): Promise<Page> {
  const page = await browser.newPage({ viewport: PHONE, isMobile: true });
  await page.setContent(html.replace(/<link[^>]*stylesheet[^>]*>/, ''));
  await page.addStyleTag({ content: readFileSync(join(REPO_ROOT, 'web', 'static', 'desk.css'), 'utf8') });
  return page;
}

/**
 * For one phone test file: a desk (having taken the news item `news`, when named), Chromium, and the
 * desk's `path` as an admin sees it on a phone. The page is there from `beforeAll` on.
 */
export function usePhonePage(path: string, news?: string): { page: () => Page } {
  let desk: TestDesk | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    desk = await startTestDesk();
    if (news) {
      const { items } = await loadNewsText(desk.config, `${news}.md`, futureNews(news));
      await desk.app.intake.take(items, { actor: 'test' });
    }
    const admin = new DeskClient(desk.server);
    await admin.login('ada');
    browser = await launchChromium();
    page = await phonePage(browser, (await admin.get(path)).body);
  });
  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });
  return { page: () => page! };
}

/**
 * What of the table under `selector` a phone does not show: "the table scrolls sideways" when its
 * wrapper does, and each body cell not wholly on the screen, by its column's label and text.
 */
export async function cellsOffScreen(page: Page, selector: string): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const out = [];
    const table = document.querySelector(${JSON.stringify(selector)});
    if (!table) return ['no table ' + ${JSON.stringify(selector)}];
    const wrap = table.closest('.table-wrap');
    if (wrap && wrap.scrollWidth > wrap.clientWidth + 1) out.push('the table scrolls sideways');
    for (const cell of table.querySelectorAll('tbody th, tbody td')) {
      const box = cell.getBoundingClientRect();
      if (box.width === 0 || box.left < -1 || box.right > ${PHONE.width} + 1)
        out.push('cut off: ' + (cell.dataset.label || '') + ' ' + cell.textContent.trim());
    }
    return out;
  })()`)) as string[];
}
