import { DateTime } from 'luxon';
import { pageSettings, type SandboxSet, sandboxConfig, sandboxEnv, startSandboxes } from '../../sandbox/index.ts';
import type { Config } from '../../src/config/config-schema.ts';
import { counted } from '../../src/counted.ts';
import { InputError } from '../../src/input-error.ts';
import { historyTable, type ScreenOptions } from '../../src/log/history-format.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { createLogger } from '../../src/logger.ts';
import { type LoadedItem, loadSources } from '../../src/news/load-sources.ts';
import { packagePath } from '../../src/package-root.ts';
import type { Plan } from '../../src/planning/plan.ts';
import { planItem } from '../../src/planning/plan-item.ts';
import { FINAL_STATES, type PlannedPost } from '../../src/posts/post.ts';
import { safeRedisUrl } from '../../src/redis/connect-redis.ts';
import { createRenderer } from '../../src/templates/post-renderer.ts';
import { WorkerRuntime } from '../../worker/worker-runtime.ts';
import { hasRedisServer, REDIS_SERVER_MISSING, RedisServerProcess } from '../redis-server-process.ts';
import { compressedSpanMs, compressTimeline } from './compress-timeline.ts';
import { type DemoDesk, startDemoDesk } from './demo-desk.ts';

/** The sample news shipped with the package. */
export const SAMPLE_NEWS_DIR = `${packagePath('news')}/`;

/** Options of {@link runDemo}. */
export interface DemoOptions {
  config: Config;
  /** News files or folders. Default: the shipped sample news. */
  inputs?: string[];
  /** Redis to use; when absent a throwaway redis-server is started (and removed afterwards). */
  redisUrl?: string;
  /**
   * Key prefix of the demo's keys and queues. Default {@link DEMO_KEY_PREFIX}; the configured
   * `redis.keyPrefix` is never used (tests pass one of their own to run side by side).
   */
  keyPrefix?: string;
  /** Real seconds between two successive moments of the plan. Default 4. */
  stepSeconds?: number;
  /** Give up waiting for posts to settle after this long. Default 180 s. */
  timeoutMs?: number;
  /** Keep the sandboxes (and their card pages) running until interrupted. Default false. */
  keepSandboxes?: boolean;
  /** Where the demo's report goes. Default: stdout. */
  out?: (line: string) => void;
  /** Port of the sandboxes' one URL. Default: a free port. */
  sandboxPort?: number;
  /**
   * Serve the review desk while the demo runs, on this port (a free one if it is taken), with a
   * demo user whose password is made up for this run and printed. Default: no desk.
   */
  deskPort?: number;
  /** Told how far the demo is (posts settled of all) while it waits for them. Default: none. */
  progress?: DemoProgress;
  /** How the final history table is drawn (terminal width, colour). Default: no limit. */
  screen?: ScreenOptions;
}

/** Where the demo reports how far it is. */
export interface DemoProgress {
  /** Posts settled of all, with what happens now. */
  update(settled: number, total: number, detail: string): void;
  /** Waiting is over (what follows is the history). */
  end(): void;
}

/** What a demo run did, for scripts and tests. */
export interface DemoResult {
  posts: PlannedPost[];
  records: PostRecord[];
  sandboxUrls: Record<string, string>;
  /** The one URL of the three sandboxes (their pages are under /x/, /linkedin/, /facebook/). */
  sandboxUrl: string;
  redisUrl: string;
  /** Address of the review desk, when one was served. */
  deskUrl?: string;
  /** Posts not in a final state when the demo stopped waiting. */
  unsettled: string[];
}

/**
 * The demo's key prefix, whatever `redis.keyPrefix` says. The configured one is the production
 * log's (`secon` in the shipped file): someone who exported REDIS_URL to go live and then ran the
 * demo would otherwise fill the real publishing log, indexes and queues with demo posts.
 */
export const DEMO_KEY_PREFIX = 'secon-demo';

const POLL_MS = 250;
/** Lead time before the first moment, so queuing finishes before anything is due. */
const START_DELAY_MS = 1500;
const MARK: Record<string, string> = { published: '✓', failed: '✗', missed: '⌛', cancelled: '–', unconfirmed: '?' };

/**
 * Plans every item as if the bot had been running since the first one was published, so the
 * announcement, the reminder the day before, the event-day post and the recap all appear, then
 * compresses those days into about a minute of real time (compressTimeline) and lets the real
 * worker publish them to the sandboxes.
 */
export function planDemo(items: LoadedItem[], config: Config): Plan[] {
  const renderer = createRenderer({ config });
  const taken = new Map<string, Date[]>();
  const start = Math.min(...items.map(({ item }) => Date.parse(item.published)));
  const plans: Plan[] = [];
  for (const { item } of [...items].sort((a, b) => Date.parse(a.item.published) - Date.parse(b.item.published))) {
    const now = new Date(Math.max(start, Date.parse(item.published)));
    const plan = planItem(item, config, { now, renderer, busy: (channel) => taken.get(channel) ?? [] });
    for (const post of plan.posts)
      taken.set(post.channel, [...(taken.get(post.channel) ?? []), new Date(post.plannedAt)]);
    plans.push(plan);
  }
  return plans;
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const stepMs = (options.stepSeconds ?? 4) * 1000;
  let redisServer: RedisServerProcess | undefined;
  let sandboxes: SandboxSet | undefined;
  let runtime: WorkerRuntime | undefined;
  let desk: DemoDesk | undefined;
  try {
    // 1. Sample news, validated like any input.
    const loaded = await loadSources(options.inputs ?? [SAMPLE_NEWS_DIR], { config: options.config });
    for (const r of loaded.rejected) out(`rejected ${r.source}: ${r.message}`);
    if (!loaded.items.length) throw new InputError('demo: no valid news item to publish');

    // 2. Redis: the one named by REDIS_URL, else a throwaway one; either way under the demo's own
    // key prefix, never the configured (production) one.
    const keyPrefix = options.keyPrefix ?? DEMO_KEY_PREFIX;
    let redisUrl = options.redisUrl;
    if (!redisUrl) {
      if (!hasRedisServer()) throw new Error(`demo: REDIS_URL is not set and ${REDIS_SERVER_MISSING}`);
      redisServer = new RedisServerProcess();
      redisUrl = await redisServer.start();
      out(
        `redis       throwaway redis-server at ${redisUrl}, key prefix "${keyPrefix}" ` +
          '(removed afterwards; set REDIS_URL to keep the history)',
      );
    } else {
      out(
        `redis       ${safeRedisUrl(redisUrl)}, key prefix "${keyPrefix}" (the demo's own, not ` +
          `redis.keyPrefix "${options.config.redis.keyPrefix}")`,
      );
    }

    // 3. Sandbox platforms, and the configuration and credentials that point the bot at them.
    const zone = options.config.project.timezone;
    sandboxes = await startSandboxes({
      port: options.sandboxPort,
      onePort: true,
      pages: pageSettings(options.config),
    });
    const config = sandboxConfig({ ...options.config, redis: { ...options.config.redis, keyPrefix } }, sandboxes.urls);
    const env = { ...process.env, ...sandboxEnv(config) };
    out(
      `sandboxes   ${sandboxes.url}  (pages: ${sandboxes.urls.twitter}/  ${sandboxes.urls.linkedin}/  ` +
        `${sandboxes.urls.facebook}/)`,
    );

    // The review desk, so a newcomer watches the posts go out in the browser.
    if (options.deskPort !== undefined) {
      desk = await startDemoDesk({ config, redisUrl, env, port: options.deskPort });
      out(
        `review desk ${desk.url}/   user "${desk.user}", password "${desk.password}" (made up for this demo run only)`,
      );
    }

    // 4. The plan, in the news' own time.
    const plans = planDemo(loaded.items, config);
    const virtual = plans.flatMap((p) => p.posts);
    out(
      `\nplan        ${virtual.length} posts from ${loaded.items.length} news items, planned as when the news ` +
        `came out; ` +
        `the ${counted(planDays(virtual), 'day', 'days')} below play in ${Math.round(compressedSpanMs(virtual, stepMs) / 1000) + 2} s`,
    );
    for (const post of virtual) {
      out(
        `  ${planTime(post.plannedAt, zone)}  ${post.channel.padEnd(15)} ${post.language.padEnd(3)} ` +
          `${post.kind.padEnd(12)} ${post.state}`,
      );
    }
    for (const skip of plans.flatMap((p) => p.skipped))
      out(`  no post on ${skip.channel}${skip.language ? ` (${skip.language})` : ''}: ${skip.reason}`);

    // 5. The real worker, in this process; the demo only watches the publishing log.
    options.progress?.update(0, virtual.length, 'starting the worker');
    runtime = await WorkerRuntime.start({
      config,
      redisUrl,
      env,
      port: null,
      pollFeeds: false,
      // Only sandboxes are published to: a Redis that cannot make claims durable (a REDIS_URL
      // pointing at Redis 7.0, say) risks nothing real here, so the demo runs on it too.
      allowUndurableClaims: true,
      logger: createLogger({ destination: process.stderr, pretty: false, level: process.env.LOG_LEVEL ?? 'error' }),
    });
    const app = runtime.app;

    // 6. The days compressed into seconds, starting once the worker is up, then queued.
    const posts = compressTimeline(virtual, { realStart: new Date(Date.now() + START_DELAY_MS), stepMs });
    const byId = new Map(posts.map((p) => [p.postId, p]));
    out(
      `\npublishing  (plan time → what happened, at the real time ` +
        `${DateTime.now().setZone(zone).toFormat('HH:mm')} on)`,
    );
    for (const plan of plans) {
      const reports = await app.scheduler.schedule(
        { ...plan, posts: plan.posts.map((p) => byId.get(p.postId)!) },
        'demo',
      );
      for (const kept of reports.filter((r) => r.action === 'kept'))
        out(`  ${kept.postId}: ${kept.note ?? kept.state} (earlier run) — not published again`);
    }
    const planned = new Map(virtual.map((p) => [p.postId, p.plannedAt]));
    const unsettled = await watch(app.publishingLog, posts, options.timeoutMs ?? 180_000, {
      out,
      zone,
      planned,
      progress: options.progress,
    });
    options.progress?.end();

    // 7. The history, as `secon-bot history` shows it.
    const records = await app.publishingLog.query({ newsId: [...new Set(posts.map((p) => p.newsId))] });
    out(`\nhistory\n${historyTable(records, zone, options.screen)}`);
    const counts = countStates(records);
    out(
      `\n${Object.entries(counts)
        .map(([state, n]) => `${n} ${state}`)
        .join(
          ', ',
        )}; on the sandboxes: X ${sandboxes.twitter.posts().length}, LinkedIn ${sandboxes.linkedin.posts().length}, Facebook ${sandboxes.facebook.posts().length} posts`,
    );
    if (options.keepSandboxes) {
      out(
        `\nthe sandboxes keep running: open ${sandboxes.urls.twitter}/, ${sandboxes.urls.linkedin}/ and ` +
          `${sandboxes.urls.facebook}/ to see the posts as each platform shows them` +
          `${desk ? `, and the review desk at ${desk.url}/` : ''}; Ctrl-C to stop`,
      );
      await runtime.stop();
      runtime = undefined;
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    } else out('(the sandbox pages close with the demo; `secon-bot demo --keep` keeps them open to look at)');
    return {
      posts,
      records,
      sandboxUrls: sandboxes.urls,
      sandboxUrl: sandboxes.url!,
      redisUrl,
      unsettled,
      ...(desk ? { deskUrl: desk.url } : {}),
    };
  } finally {
    await desk?.stop();
    await runtime?.stop();
    await sandboxes?.stop();
    await redisServer?.stop();
  }
}

/** What the watch reports to. */
interface WatchOutput {
  out: (line: string) => void;
  zone: string;
  /** Each post's time in the plan (before compression), to show beside what happened. */
  planned: Map<string, string>;
  progress?: DemoOptions['progress'];
}

/** Prints each post as it settles; returns the ids still unsettled at the timeout. */
async function watch(
  log: { get(id: string): Promise<PostRecord | null> },
  posts: PlannedPost[],
  timeoutMs: number,
  { out, zone, planned, progress }: WatchOutput,
): Promise<string[]> {
  const pending = new Set(posts.map((p) => p.postId));
  const deadline = Date.now() + timeoutMs;
  while (pending.size && Date.now() < deadline) {
    for (const postId of [...pending]) {
      const record = await log.get(postId);
      if (!record || !FINAL_STATES.has(record.state)) continue;
      pending.delete(postId);
      const where =
        record.url ??
        (record.errorMessage ? `${record.errorKind ?? 'error'}: ${record.errorMessage}` : (record.note ?? ''));
      out(
        `  ${planTime(planned.get(postId) ?? record.plannedAt, zone)}  ${MARK[record.state] ?? ' '} ` +
          `${record.state.padEnd(11)} ${record.channel.padEnd(15)} ${record.language.padEnd(3)} ` +
          `${record.kind.padEnd(12)} ${where}`,
      );
    }
    const next = posts
      .filter((p) => pending.has(p.postId))
      .sort((a, b) => Date.parse(a.plannedAt) - Date.parse(b.plannedAt))[0];
    if (next)
      progress?.update(
        posts.length - pending.size,
        posts.length,
        `next: ${planTime(planned.get(next.postId) ?? next.plannedAt, zone)} (plan) in ` +
          `${Math.max(0, Math.round((Date.parse(next.plannedAt) - Date.now()) / 1000))} s`,
      );
    if (pending.size) await new Promise((r) => setTimeout(r, POLL_MS));
  }
  if (pending.size) out(`  still pending after ${Math.round(timeoutMs / 1000)} s: ${[...pending].join(', ')}`);
  return [...pending];
}

/** A time of the plan as people read it: "Mon 13 Nov 2023 09:00". */
function planTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso).setZone(zone).toFormat('ccc dd LLL yyyy HH:mm');
}

/** How many calendar days the plan spans. */
function planDays(posts: PlannedPost[]): number {
  const times = posts.map((p) => Date.parse(p.plannedAt));
  return Math.max(1, Math.ceil((Math.max(...times) - Math.min(...times)) / 86_400_000));
}

function countStates(records: PostRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) counts[r.state] = (counts[r.state] ?? 0) + 1;
  return counts;
}
