import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createApp } from '../app/create-app.ts';
import { JOB_ID_LENGTH } from '../queues/publish-job-id.ts';
import { type SandboxSet, sandboxConfig, sandboxEnv, startSandboxes } from '../sandbox/index.ts';
import type { Config, Platform } from '../src/config/config-schema.ts';
import { parseConfig } from '../src/config/load-config.ts';
import { createLogger } from '../src/logger.ts';
import type { PlannedPost } from '../src/posts/post.ts';
import { postIdFor } from '../src/posts/post.ts';
import { globEscape, hashTaggedPrefix } from '../src/redis/redis-keys.ts';
import { WorkerRuntime } from '../worker/worker-runtime.ts';
import { type Benchmark, type BenchRow, median, percentile, repeat, settledUsedMemory } from './harness.ts';

/**
 * Scheduling lateness: posts due in a few seconds are published through the real worker, adapters
 * and sandboxes while 10,000 delayed posts (due tomorrow) wait in the same queues; lateness is the
 * sandbox's creation time minus the planned time (p50, p99). Baseline: the same posts with nothing
 * else pending. Memory: Redis used_memory per scheduled post (payload + log record, indexes and
 * stream entry + delayed job), against a bare BullMQ delayed job carrying only the post id.
 */
const CHANNELS: Array<[string, Platform]> = [
  ['x-secon', 'twitter'],
  ['linkedin-secon', 'linkedin'],
  ['facebook-secon', 'facebook'],
];
const NO_LIMIT = { limit: 10_000_000, windowMs: 60_000 };
const quiet = createLogger({ destination: process.stderr, level: 'error', pretty: false });

function benchConfig(prefix: string, sandboxes: SandboxSet): Config {
  const yaml = `
project: { name: SECON, website: https://www.interregeurope.eu/secon, timezone: Europe/Athens }
redis: { keyPrefix: ${prefix} }
channels:
  - { id: x-secon, platform: twitter, account: SeconProject_eu, languages: [en], credentials: { appKey: B_XK, appSecret: B_XS, accessToken: B_XT, accessSecret: B_XA } }
  - { id: linkedin-secon, platform: linkedin, account: "urn:li:organization:93265886", languages: [en], credentials: { accessToken: B_LI } }
  - { id: facebook-secon, platform: facebook, account: "100093083107402", languages: [en], credentials: { pageToken: B_FB } }
platforms: { twitter: { concurrency: 4 }, linkedin: { concurrency: 4 }, facebook: { concurrency: 4 } }
`;
  return sandboxConfig(parseConfig(yaml, 'bench.yaml'), sandboxes.urls);
}

function post(run: string, i: number, at: Date, [channel, platform]: [string, Platform]): PlannedPost {
  const newsId = `b-${run}-${i}`;
  const text = `Scheduling benchmark ${run}/${i}: partner regions share how they support social enterprises`;
  return {
    postId: postIdFor(newsId, channel, 'en', 'news'),
    newsId,
    channel,
    platform,
    language: 'en',
    kind: 'news',
    plannedAt: at.toISOString(),
    state: 'scheduled',
    rendered: { text, images: [], metrics: { length: text.length, limit: 280 }, warnings: [] },
  };
}

/** Schedules `count` posts due far ahead; returns bytes of Redis memory per post. */
async function schedulePending(config: Config, redis: Redis, run: string, count: number): Promise<number> {
  const app = createApp({ config, redis, logger: quiet });
  const before = await settledUsedMemory(redis);
  const tomorrow = new Date(Date.now() + 86_400_000);
  for (let start = 0; start < count; start += 100) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + 100); i++)
      batch.push(post(`${run}-pending`, i, tomorrow, CHANNELS[i % 3]!));
    await Promise.all(batch.map((p) => app.scheduler.schedule({ newsId: p.newsId, posts: [p], skipped: [] }, 'test')));
  }
  const after = await settledUsedMemory(redis);
  await app.close();
  return (after - before) / count;
}

/**
 * The minute sweep over the pending posts (every scheduled post's job state checked): its time,
 * and the time of its first step alone, the log query that lists them (the baseline).
 */
async function sweepTimes(
  config: Config,
  redis: Redis,
  pending: number,
): Promise<{ sweepMs: number; queryMs: number }> {
  const app = createApp({ config, redis, logger: quiet });
  try {
    let started = performance.now();
    const listed = await app.publishingLog.query({ state: ['scheduled', 'publishing'] });
    const queryMs = performance.now() - started;
    started = performance.now();
    const report = await app.sweeper.sweep();
    const sweepMs = performance.now() - started;
    if (listed.length !== pending || report.checked !== pending || report.requeued.length)
      throw new Error(`sweep checked ${report.checked} of ${pending} posts and requeued ${report.requeued.length}`);
    return { sweepMs, queryMs };
  } finally {
    await app.close();
  }
}

/**
 * Where the memory of scheduled posts goes: after `schedulePending`, each family of keys is deleted
 * in turn and the drop in used_memory (once freed) is divided by `count`.
 */
async function memoryBreakdown(redis: Redis, prefix: string, count: number): Promise<Array<[string, number]>> {
  const p = globEscape(hashTaggedPrefix(prefix));
  const families: Array<[string, string]> = [
    // A job's key ends in its id, 16 characters (queues/publish-job-id.ts); BullMQ's own keys of a
    // queue (delayed, events, meta, id, marker) do not.
    ['BullMQ job hash', `${p}:publish-*:${'?'.repeat(JOB_ID_LENGTH)}`],
    ['BullMQ delayed set, events', `${p}:publish-*`],
    ['log stream entry', `${p}:log:stream`],
    ['log record (with the payload)', `${p}:log:record:*`],
    ['post hash (claim mark, thread parts)', `${p}:post:*`],
    ['log indexes', `${p}:log:idx:*`],
  ];
  const out: Array<[string, number]> = [];
  let before = await settledUsedMemory(redis);
  for (const [label, pattern] of families) {
    const keys = await redis.keys(pattern);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    const after = await settledUsedMemory(redis);
    out.push([label, (before - after) / count]);
    before = after;
  }
  const left = (await redis.keys(`${p}:*`)).length;
  if (left) out.push([`${left} keys of other families`, 0]);
  return out;
}

/** The same memory measure for bare BullMQ delayed jobs with `{ postId }` as data. */
async function bareMemory(redis: Redis, prefix: string, count: number): Promise<number> {
  const queue = new Queue('bare', { connection: redis, prefix });
  const before = await settledUsedMemory(redis);
  for (let start = 0; start < count; start += 500) {
    const jobs = [];
    for (let i = start; i < Math.min(count, start + 500); i++)
      jobs.push({
        name: 'publish',
        data: { postId: `b-${i}.x-secon.en.news` },
        opts: { jobId: `b-${i}.x-secon.en.news`, delay: 86_400_000 },
      });
    await queue.addBulk(jobs);
  }
  const after = await settledUsedMemory(redis);
  await queue.obliterate({ force: true });
  await queue.close();
  return (after - before) / count;
}

/** Publishes `count` posts due from 3 s ahead, 3 per 100 ms; returns lateness in ms per post. */
async function lateness(
  config: Config,
  redisUrl: string,
  sandboxes: SandboxSet,
  run: string,
  count: number,
): Promise<number[]> {
  sandboxes.reset();
  for (const p of ['twitter', 'linkedin', 'facebook'] as const) sandboxes[p].setRateLimit(NO_LIMIT);
  const runtime = await WorkerRuntime.start({
    config,
    redisUrl,
    env: { ...process.env, ...sandboxEnv(config) },
    port: null,
    pollFeeds: false,
    logger: quiet,
  });
  try {
    const start = Date.now() + 3000;
    const posts = Array.from({ length: count }, (_, i) =>
      post(`${run}-due`, i, new Date(start + Math.floor(i / 3) * 100), CHANNELS[i % 3]!),
    );
    const planned = new Map(posts.map((p) => [`${p.platform}:${p.rendered.text}`, Date.parse(p.plannedAt)]));
    for (const p of posts) await runtime.app.scheduler.schedule({ newsId: p.newsId, posts: [p], skipped: [] }, 'test');
    const deadline = Date.now() + 60_000 + count * 100;
    const out: number[] = [];
    while (Date.now() < deadline) {
      const live = (['twitter', 'linkedin', 'facebook'] as const).flatMap((platform) =>
        sandboxes[platform].posts().map((s) => ({ platform, s })),
      );
      if (live.length >= count) {
        for (const { platform, s } of live) {
          const at = planned.get(`${platform}:${s.text}`);
          if (at !== undefined) out.push(Date.parse(s.createdAt) - at);
        }
        return out;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('lateness run did not finish in time');
  } finally {
    await runtime.stop();
  }
}

const bench: Benchmark = {
  name: 'schedule',
  issue: 6,
  async run(ctx): Promise<BenchRow[]> {
    const pending = ctx.quick ? 1_000 : 10_000;
    const due = ctx.quick ? 60 : 300;
    const sandboxes = await startSandboxes({ rateLimit: NO_LIMIT });
    const redis = new Redis(ctx.redisUrl, { maxRetriesPerRequest: null });
    try {
      const results = await repeat(ctx.runs, async (i) => {
        const run = `r${i}-${Math.random().toString(36).slice(2, 6)}`;
        const empty = benchConfig(`bench-empty-${run}`, sandboxes);
        const base = await lateness(empty, ctx.redisUrl, sandboxes, `${run}e`, due);
        const loaded = benchConfig(`bench-loaded-${run}`, sandboxes);
        const perPost = await schedulePending(loaded, redis, run, pending);
        const sweep = await sweepTimes(loaded, redis, pending);
        const withPending = await lateness(loaded, ctx.redisUrl, sandboxes, `${run}l`, due);
        const bare = await bareMemory(redis, `bench-bare-${run}`, pending);
        await redis.flushdb();
        if (i === 0) {
          // Once: the same pending posts again, taken apart by key family.
          const total = await schedulePending(benchConfig(`bench-parts-${run}`, sandboxes), redis, `${run}p`, pending);
          const parts = await memoryBreakdown(redis, `bench-parts-${run}`, pending);
          const rest = total - parts.reduce((sum, [, bytes]) => sum + bytes, 0);
          ctx.log(
            `per post, by key family (of ${total.toFixed(0)} B): ${parts.map(([label, b]) => `${label} ${b.toFixed(0)} B`).join(', ')}; not freed by deleting them: ${rest.toFixed(0)} B`,
          );
          await redis.flushdb();
        }
        const row = {
          baseP50: percentile(base, 50),
          baseP99: percentile(base, 99),
          p50: percentile(withPending, 50),
          p99: percentile(withPending, 99),
          perPost,
          bare,
          ...sweep,
        };
        ctx.log(
          `run ${i + 1}: lateness p50 ${row.p50} ms / p99 ${row.p99} ms with ${pending} pending (empty: ${row.baseP50} / ${row.baseP99}); ${row.perPost.toFixed(0)} B per post (bare job ${row.bare.toFixed(0)} B); sweep ${row.sweepMs.toFixed(0)} ms (its log query ${row.queryMs.toFixed(0)} ms)`,
        );
        return row;
      });
      const m = (key: keyof (typeof results)[number]) => median(results.map((r) => r[key]));
      const note = `${due} posts due 3 per 100 ms, ${pending} delayed posts pending`;
      return [
        {
          metric: 'lateness p50',
          value: m('p50'),
          unit: 'ms',
          baseline: m('baseP50'),
          baselineLabel: 'nothing pending',
          note,
        },
        {
          metric: 'lateness p99',
          value: m('p99'),
          unit: 'ms',
          baseline: m('baseP99'),
          baselineLabel: 'nothing pending',
          note,
        },
        {
          metric: 'Redis memory per scheduled post',
          value: m('perPost'),
          unit: 'bytes',
          baseline: m('bare'),
          baselineLabel: 'bare BullMQ delayed job',
          note: 'payload + log record/indexes/stream + job; #13 target ≤ 2048 B',
        },
        {
          metric: `sweep of ${pending} scheduled posts`,
          value: m('sweepMs'),
          unit: 'ms',
          baseline: m('queryMs'),
          baselineLabel: 'its log query alone',
          note: 'the minute sweep: every scheduled post listed, its job state checked',
        },
      ];
    } finally {
      redis.disconnect();
      await sandboxes.stop();
    }
  },
};

export default bench;
