import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { type App, createApp } from '../app/create-app.ts';
import { deleteKeys } from '../dev/delete-keys.ts';
import type { Config } from '../src/config/config-schema.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { hashText, type LogEntry } from '../src/log/log-entry.ts';
import type { HistoryFilter } from '../src/log/publishing-log.ts';
import { createLogger } from '../src/logger.ts';
import { keyPattern } from '../src/redis/redis-keys.ts';
import { hashPassword } from '../web/auth/password-hash.ts';
import { HISTORY_PAGE_SIZE } from '../web/routes/history-routes.ts';
import { createWebServer } from '../web/web-server.ts';
import { type BenchContext, type Benchmark, type BenchRow, median, timeMs } from './harness.ts';
import { DAY, grow, POSTS_PER_DAY, START } from './log-growth.ts';

/**
 * The review desk's server time (the request handled in process, `inject`: routing, session from
 * Redis, query, HTML) against the query the CLI runs for the same answer, measured alternately in
 * the same run:
 * - history, first page of one channel and one month, at 10k and 1M log entries, against
 *   `secon-bot history --channel … --since … --until … --limit 50` (the log query);
 * - the calendar with 10,000 scheduled posts, against `secon-bot agenda` (the agenda and the pauses).
 */

const PREFIX = 'bench-web';
const PASSWORD = 'bench password of the desk';
const SESSION_SECRET = 'bench-session-secret-0123456789-abcdefghij';
const SCHEDULED_POSTS = 10_000;

async function loginCookie(server: FastifyInstance): Promise<string> {
  const form = await server.inject({ method: 'GET', url: '/login' });
  const cookies = () => form.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const login = await server.inject({
    method: 'POST',
    url: '/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies() },
    payload: new URLSearchParams({ _csrf: token, user: 'bench', password: PASSWORD }).toString(),
  });
  if (login.statusCode !== 303) throw new Error(`bench login failed: ${login.statusCode}`);
  return login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/** A desk on its own key prefix, logged in. */
async function deskOn(redis: Redis, config: Config): Promise<{ app: App; server: FastifyInstance; cookie: string }> {
  const logger = createLogger({ level: 'silent', pretty: false, destination: process.stderr });
  const app = createApp({ config, redis, logger });
  const server = await createWebServer({ app, logger, sessionSecret: SESSION_SECRET });
  await server.ready();
  return { app, server, cookie: await loginCookie(server) };
}

/** Alternating timings of the page and of the CLI's query (same load on both), after a warm-up (JIT, connection). */
async function alternate(samples: number, page: () => Promise<unknown>, cli: () => Promise<unknown>) {
  for (let i = 0; i < 10; i++) {
    await page();
    await cli();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < samples; i++) {
    a.push(await timeMs(page));
    b.push(await timeMs(cli));
  }
  return { page: median(a), cli: median(b) };
}

/** `count` posts waiting to go out, a few an hour from tomorrow on, on the three channels. */
async function scheduledPosts(app: App, redis: Redis, count: number): Promise<void> {
  const channels = [
    ['x-secon', 'twitter'],
    ['linkedin-secon', 'linkedin'],
    ['facebook-secon', 'facebook'],
  ] as const;
  const now = Date.now();
  for (let n = 0; n < count; n += 1000) {
    const pipeline = redis.pipeline();
    for (let i = n; i < Math.min(count, n + 1000); i++) {
      const [channel, platform] = channels[i % 3]!;
      const text = `SECON partners meet in Riga to compare how cities buy from social enterprises. Post ${i}`;
      const entry: LogEntry = {
        postId: `bench-${Math.floor(i / 6)}.${channel}.en.announcement.${i}`,
        newsId: `bench-${Math.floor(i / 6)}`,
        channel,
        platform,
        language: 'en',
        kind: 'announcement',
        plannedAt: new Date(now + DAY + Math.floor((i * DAY) / POSTS_PER_DAY)).toISOString(),
        at: new Date(now - 60_000).toISOString(),
        attempt: 0,
        state: 'scheduled',
        text,
        textHash: hashText(text),
        actor: 'bench',
      };
      app.publishingLog.queueAppend(pipeline, entry);
    }
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
  }
}

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const redis = new Redis(ctx.redisUrl, { maxRetriesPerRequest: null });
  const rows: BenchRow[] = [];
  const base = loadConfig('secon-bot.yaml');
  const users = [{ name: 'bench', role: 'viewer' as const, passwordHash: await hashPassword(PASSWORD) }];
  const configFor = (prefix: string): Config => ({
    ...base,
    redis: { keyPrefix: prefix },
    web: { ...base.web, users },
  });
  const samples = Math.max(ctx.runs * 5, 15);
  const opened: Array<{ app: App; server: FastifyInstance }> = [];
  try {
    for (const p of [`${PREFIX}-log`, `${PREFIX}-cal`]) await deleteKeys(redis, keyPattern(p));

    // History: first page, one channel, the log's latest full month, as the log grows.
    const history = await deskOn(redis, configFor(`${PREFIX}-log`));
    opened.push(history);
    let state = { post: 0, entries: 0 };
    for (const size of ctx.quick ? [10_000, 100_000] : [10_000, 1_000_000]) {
      const started = Date.now();
      state = await grow(redis, history.app.publishingLog, state, size);
      ctx.log(`log grown to ${state.entries} entries in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      const lastPlanned = START + Math.floor((state.post * DAY) / POSTS_PER_DAY);
      const filter: HistoryFilter = {
        channel: ['facebook-secon'],
        since: new Date(lastPlanned - 31 * DAY).toISOString(),
        until: new Date(lastPlanned - DAY).toISOString(),
      };
      const url = `/history?channel=facebook-secon&since=${encodeURIComponent(filter.since!)}&until=${encodeURIComponent(filter.until!)}`;
      const check = await history.server.inject({ method: 'GET', url, headers: { cookie: history.cookie } });
      const shown = check.body.match(/<tr><td data-label="When"><time/g)?.length ?? 0;
      if (check.statusCode !== 200 || shown !== HISTORY_PAGE_SIZE)
        throw new Error(`history page: HTTP ${check.statusCode}, ${shown} rows`);
      const timing = await alternate(
        samples,
        () => history.server.inject({ method: 'GET', url, headers: { cookie: history.cookie } }),
        () => history.app.publishingLog.query({ ...filter, limit: HISTORY_PAGE_SIZE }),
      );
      const label = state.entries >= 1_000_000 ? `${state.entries / 1_000_000}M` : `${state.entries / 1000}k`;
      rows.push({
        metric: `history page @${label} entries`,
        value: timing.page,
        unit: 'ms',
        baseline: timing.cli,
        baselineLabel: 'history query',
        note: `first page (${HISTORY_PAGE_SIZE} rows), one channel, one month`,
      });
    }

    // Calendar: 10,000 posts still to go out.
    const calendar = await deskOn(redis, configFor(`${PREFIX}-cal`));
    opened.push(calendar);
    await scheduledPosts(calendar.app, redis, SCHEDULED_POSTS);
    const check = await calendar.server.inject({
      method: 'GET',
      url: '/calendar',
      headers: { cookie: calendar.cookie },
    });
    const cards = check.body.match(/class="mini-card /g)?.length ?? 0;
    if (check.statusCode !== 200 || !cards) throw new Error(`calendar: HTTP ${check.statusCode}, ${cards} cards`);
    const ids = base.channels.map((c) => c.id);
    const timing = await alternate(
      samples,
      () => calendar.server.inject({ method: 'GET', url: '/calendar', headers: { cookie: calendar.cookie } }),
      () => Promise.all([calendar.app.postActions.agenda(), calendar.app.channels.paused(ids)]),
    );
    rows.push({
      metric: `calendar @${SCHEDULED_POSTS / 1000}k scheduled`,
      value: timing.page,
      unit: 'ms',
      baseline: timing.cli,
      baselineLabel: 'agenda query',
      note: `4 weeks shown: ${cards} cards`,
    });
  } finally {
    for (const { app, server } of opened) {
      await server.close();
      await app.close();
    }
    for (const p of [`${PREFIX}-log`, `${PREFIX}-cal`]) await deleteKeys(redis, keyPattern(p));
    redis.disconnect();
  }
  return rows;
}

const benchmark: Benchmark = { name: 'web', issue: 10, run };
export default benchmark;
