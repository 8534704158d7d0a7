import { Agent as HttpAgent } from 'node:http';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { TwitterApi } from 'twitter-api-v2';
import { SANDBOX_CREDENTIALS, type SandboxSet, sandboxConfig, sandboxEnv, startSandboxes } from '../sandbox/index.ts';
import type { Config } from '../src/config/config-schema.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { createLogger } from '../src/logger.ts';
import { redirectPlugin } from '../src/platforms/twitter-adapter.ts';
import type { PlannedPost } from '../src/posts/post.ts';
import { postIdFor } from '../src/posts/post.ts';
import { DurableClaim } from '../src/publishing/durable-claim.ts';
import { redisKeys } from '../src/redis/redis-keys.ts';
import { WorkerRuntime } from '../worker/worker-runtime.ts';
import { type Benchmark, median, repeat } from './harness.ts';

/**
 * Follows a worker's completions until `count` distinct jobs completed: completions per job (a sweep
 * can requeue a post that just went out: a no-op job) and the jobs that did not end published.
 */
function watchCompletions(worker: Worker, count: number) {
  const completions = new Map<string, number>();
  const others: string[] = [];
  const drained = new Promise<void>((resolve) =>
    worker.on('completed', (job) => {
      const result = job.returnvalue as { state?: string; note?: string } | undefined;
      if (result?.state !== 'published') others.push(`${job.id}: ${result?.state} (${result?.note})`);
      completions.set(String(job.id), (completions.get(String(job.id)) ?? 0) + 1);
      if (completions.size === count) resolve();
    }),
  );
  return { completions, others, drained };
}

/**
 * Jobs per second through the thin slice — a scheduled post becomes a BullMQ job, the worker claims
 * it in the publishing log, publishes through twitter-api-v2 (OAuth 1.0a) to the X sandbox and logs
 * the outcome — against a bare BullMQ worker that makes the same call (the same client library,
 * the same OAuth 1.0a signature) and nothing else, on the same Redis, with the same concurrency. The
 * ratio is the price of exactly-once bookkeeping. More rows: the slice without the durable claim;
 * the least any exactly-once publisher must add to the bare worker (a claim, made durable, and the
 * outcome: the best ratio the target can be measured against); the CPU each side spends per post,
 * and how busy its event loop was (near 100 %: CPU, not waiting, bounds it), and what it costs
 * the Redis server per post; the slice against the baseline used before (fetch with a bearer
 * token: no signing anywhere).
 */
export const CONCURRENCY = 4;
const NO_LIMIT = { limit: 10_000_000, windowMs: 60_000 };
/** A share of time busy (event loop or server) from which that side is taken to bound the rate. */
const BOUND_BUSY = 0.8;

export function xPost(run: string, i: number): PlannedPost {
  const newsId = `bench-${run}-${i}`;
  const text = `Thin-slice post ${run}/${i}: social economy news from nine partner regions`;
  return {
    postId: postIdFor(newsId, 'x-secon', 'en', 'news'),
    newsId,
    channel: 'x-secon',
    platform: 'twitter',
    language: 'en',
    kind: 'news',
    plannedAt: new Date().toISOString(),
    state: 'scheduled',
    rendered: {
      text,
      images: [],
      metrics: { length: text.length, weightedLength: text.length, limit: 280 },
      warnings: [],
    },
  };
}

/** The sandboxes of every thin-slice run: no rate limit, so the platforms never hold a side back. */
export function startSliceSandboxes(): Promise<SandboxSet> {
  return startSandboxes({ rateLimit: NO_LIMIT });
}

/**
 * The project's configuration (secon-bot.yaml) pointed at the sandboxes, its X queue at
 * CONCURRENCY: the setting of every thin-slice run (this file, cluster, durable-claim, compare).
 */
export function sliceConfig(sandboxes: SandboxSet, redis: Config['redis']): Config {
  const base = loadConfig('secon-bot.yaml');
  const sandboxed = sandboxConfig(base, sandboxes.urls);
  return {
    ...sandboxed,
    redis,
    platforms: {
      ...sandboxed.platforms,
      twitter: { ...base.platforms.twitter, baseUrl: sandboxes.urls.twitter, concurrency: CONCURRENCY },
    },
  };
}

/** What one drained run measured. */
export interface SliceRun {
  jobsPerSecond: number;
  /** Putting the posts in: the slice's schedule() of one plan, the bare side's addBulk. */
  enqueueMs: number;
  /**
   * This process's CPU time per post (user + system, every thread: the worker, the in-process X
   * sandbox it calls, the garbage collector), from putting the posts in to the last completion.
   */
  cpuMsPerPost: number;
  /** How busy the main thread's event loop was meanwhile (0–1): near 1, CPU bounds the rate. */
  loopBusy: number;
  /**
   * The Redis server's CPU time per post (user + system, every thread of it, from INFO cpu) over the
   * same span: what the side's commands and scripts cost the server. NaN on a Redis Cluster (not
   * measured: the URL lists several nodes).
   */
  serverCpuMsPerPost: number;
}

/** The Redis server's CPU time so far (INFO cpu: used_cpu_sys + used_cpu_user), in ms. */
async function serverCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const seconds = (field: string) => Number(new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  return (seconds('used_cpu_sys') + seconds('used_cpu_user')) * 1000;
}

/** Starts measuring a run on the server at `redisUrl`; the returned function ends it for `count` posts. */
async function meter(redisUrl: string): Promise<(count: number, enqueueMs: number) => Promise<SliceRun>> {
  const server = redisUrl.includes(',') ? undefined : new Redis(redisUrl);
  const serverCpu = server ? await serverCpuMs(server) : Number.NaN;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  return async (count, enqueueMs) => {
    const { user, system } = process.cpuUsage(cpu);
    const run = {
      jobsPerSecond: count / ((performance.now() - started) / 1000),
      enqueueMs,
      cpuMsPerPost: (user + system) / 1000 / count,
      loopBusy: performance.eventLoopUtilization(loop).utilization,
    };
    const serverCpuMsPerPost = server ? ((await serverCpuMs(server)) - serverCpu) / count : Number.NaN;
    server?.disconnect();
    return { ...run, serverCpuMsPerPost };
  };
}

/** The whole slice, drained (bench/cluster.bench.ts runs it on a cluster too). */
export async function thinSlice(
  config: Config,
  redisUrl: string,
  sandboxes: SandboxSet,
  count: number,
  run: string,
): Promise<SliceRun> {
  const runtime = await WorkerRuntime.start({
    config,
    redisUrl,
    env: { ...process.env, ...sandboxEnv(config) },
    port: null,
    pollFeeds: false,
    logger: createLogger({ destination: process.stderr, level: 'error', pretty: false }),
    // The comparison run with the durable claim switched off (below) must be let start.
    allowUndurableClaims: !config.publishing.durableClaim,
  });
  try {
    const worker = runtime.workers.find((w) => w.name.includes('twitter'))!;
    const { others, drained } = watchCompletions(worker, count);
    const done = await meter(redisUrl);
    const started = performance.now();
    const posts = Array.from({ length: count }, (_, i) => xPost(run, i));
    await runtime.app.scheduler.schedule({ newsId: `bench-${run}`, posts, skipped: [] }, 'bench');
    const enqueueMs = performance.now() - started;
    await drained;
    const measured = await done(count, enqueueMs);
    const onSandbox = sandboxes.twitter.posts().length;
    if (onSandbox !== count) {
      const live = new Set(sandboxes.twitter.posts().map((p) => p.text));
      const missing = posts.filter((p) => !live.has(p.rendered.text)).map((p) => p.postId);
      throw new Error(
        `thin slice: expected ${count} posts on the X sandbox, found ${onSandbox}; missing ${missing.join(', ')}; completed without publishing: ${others.join('; ') || 'none'}`,
      );
    }
    return measured;
  } finally {
    await runtime.stop();
  }
}

/** How the bare worker calls the X sandbox (see {@link bareBullmq}). */
type BareCall = 'oauth1' | 'bearer-fetch';

/** The sandbox call of a bare worker: one post, nothing else. */
function bareCaller(xUrl: string, call: BareCall): (text: string) => Promise<void> {
  if (call === 'oauth1') {
    const { appKey, appSecret, accessToken, accessSecret } = SANDBOX_CREDENTIALS.twitter;
    const client = new TwitterApi(
      { appKey: appKey!, appSecret: appSecret!, accessToken: accessToken!, accessSecret: accessSecret! },
      { plugins: [redirectPlugin(xUrl, 10_000)], httpAgent: new HttpAgent({ keepAlive: true }) },
    ).v2;
    return async (text) => {
      await client.tweet({ text });
    };
  }
  return async (text) => {
    const response = await fetch(`${xUrl}/2/tweets`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${SANDBOX_CREDENTIALS.twitter.bearerToken}`,
        'content-type': 'application/json;charset=UTF-8',
      },
      body: JSON.stringify({ text }),
    });
    if (response.status !== 201) throw new Error(`sandbox answered ${response.status}`);
    await response.arrayBuffer();
  };
}

/**
 * The writes no exactly-once publisher can do without, and nothing else, around a bare worker's
 * call: a claim that only one attempt can win, made durable before the call (the project's own
 * DurableClaim, wakes and all), and the outcome after it. One plain command each, on a client of
 * their own: no lease, no reads, no log, no indexes. `durable: false` leaves the durable claim out
 * (the comparison for the slice without it).
 */
function leastWrites(redisUrl: string, run: string, durable: boolean) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const keys = redisKeys(`bench-least-${run}`);
  const claim = new DurableClaim(redis, keys, { enabled: durable, allowUndurable: !durable });
  // The baseline's own two hashes, not keys of the project (those live in redis-keys.ts).
  const claims = `bench-least-${run}:claims`;
  const outcomes = `bench-least-${run}:outcomes`;
  return {
    async around(id: string, call: () => Promise<void>): Promise<void> {
      if (!(await redis.hsetnx(claims, id, '1'))) throw new Error(`${id} was claimed before`);
      const synced = await claim.sync(2000);
      if (synced !== (durable ? 'durable' : 'skipped')) throw new Error(`the claim of ${id} ended ${synced}`);
      await call();
      await redis.hset(outcomes, id, 'published');
    },
    async close(): Promise<void> {
      claim.close();
      await redis.del(claims, outcomes, keys.durableClaim);
      redis.disconnect();
    },
  };
}

/**
 * A bare BullMQ queue and worker doing only the sandbox call. `oauth1`:
 * the very call the thin slice makes (twitter-api-v2, OAuth 1.0a signature, which the sandbox
 * verifies), so the ratio is the price of the bookkeeping alone. `bearer-fetch`: the baseline
 * this benchmark used before (fetch with an OAuth 2.0 token: no signing, no signature check).
 * `least`: the oauth1 call inside {@link leastWrites}, what exactly-once costs at the very least
 * (`least-undurable`: the same without the durable claim).
 */
async function bareBullmq(
  redisUrl: string,
  xUrl: string,
  count: number,
  run: string,
  call: BareCall,
  least: 'least' | 'least-undurable' | false = false,
): Promise<SliceRun> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const name = `bare-${call}${least ? `-${least}` : ''}-${run}`;
  const queue = new Queue(name, { connection, prefix: 'bench-bare' });
  const post = bareCaller(xUrl, call);
  const writes = least ? leastWrites(redisUrl, run, least === 'least') : undefined;
  const worker = new Worker(
    name,
    (job) => (writes ? writes.around(job.id!, () => post(job.data.text)) : post(job.data.text)),
    { connection, prefix: 'bench-bare', concurrency: CONCURRENCY },
  );
  try {
    await worker.waitUntilReady();
    const { drained } = watchCompletions(worker, count);
    const done = await meter(redisUrl);
    const started = performance.now();
    await queue.addBulk(
      Array.from({ length: count }, (_, i) => ({
        name: 'post',
        data: { text: xPost(run, i).rendered.text },
        opts: { jobId: `j${i}` },
      })),
    );
    const enqueueMs = performance.now() - started;
    await drained;
    return await done(count, enqueueMs);
  } finally {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await writes?.close();
    connection.disconnect();
  }
}

const bench: Benchmark = {
  name: 'thin-slice',
  issue: 2,
  async run(ctx) {
    const count = ctx.quick ? 100 : 500;
    const sandboxes = await startSliceSandboxes();
    const config = sliceConfig(sandboxes, { keyPrefix: 'bench-thin' });
    // The same slice with the durable claim switched off (publishing.durableClaim: false, not a
    // supported setting): what the WAITAOF before each platform call costs. Under appendfsync
    // everysec a WAITAOF is answered at the server's next cron turn at the latest (1/hz; the
    // benchmark's server runs hz 100), sooner while the server is busy.
    const undurable: Config = {
      ...config,
      redis: { keyPrefix: 'bench-thin-undurable' },
      publishing: { ...config.publishing, durableClaim: false },
    };
    try {
      const ways = ['slice', 'bare', 'undurable', 'bareBearer', 'least', 'leastUndurable'] as const;
      type Way = (typeof ways)[number];
      const runs = Object.fromEntries(ways.map((way) => [way, [] as SliceRun[]])) as Record<Way, SliceRun[]>;
      const round = async (i: number, label: string) => {
        const rates = {} as Record<Way, SliceRun>;
        // Rotate which goes first so warm-up and Redis growth do not favour one side.
        for (let k = 0; k < ways.length; k++) {
          const which = ways[(i + k) % ways.length]!;
          sandboxes.reset();
          rates[which] =
            which === 'slice'
              ? await thinSlice(config, ctx.redisUrl, sandboxes, count, `${label}${i}`)
              : which === 'undurable'
                ? await thinSlice(undurable, ctx.redisUrl, sandboxes, count, `${label}u${i}`)
                : await bareBullmq(
                    ctx.redisUrl,
                    sandboxes.urls.twitter,
                    count,
                    `${label}${which}${i}`,
                    which === 'bareBearer' ? 'bearer-fetch' : 'oauth1',
                    which === 'least' ? 'least' : which === 'leastUndurable' ? 'least-undurable' : false,
                  );
          // Every side must really have posted each one (a bare side has no log to say so).
          const onSandbox = sandboxes.twitter.posts().length;
          if (onSandbox !== count)
            throw new Error(`thin slice, ${which}: ${onSandbox} of ${count} posts on the X sandbox`);
        }
        return rates;
      };
      const cpu = (run: SliceRun) =>
        `${run.cpuMsPerPost.toFixed(2)} ms CPU/post, loop ${(run.loopBusy * 100).toFixed(0)} % busy, Redis ${run.serverCpuMsPerPost.toFixed(2)} ms/post`;
      const show = (rates: Record<Way, SliceRun>) =>
        `thin slice ${rates.slice.jobsPerSecond.toFixed(0)} jobs/s (${cpu(rates.slice)}; without the durable claim ${rates.undurable.jobsPerSecond.toFixed(0)}), ` +
        `bare BullMQ ${rates.bare.jobsPerSecond.toFixed(0)} jobs/s with the same twitter-api-v2 call (${cpu(rates.bare)}; ${rates.bareBearer.jobsPerSecond.toFixed(0)} with fetch + bearer), ` +
        `with the least exactly-once needs ${rates.least.jobsPerSecond.toFixed(0)} jobs/s (${cpu(rates.least)}; without the durable claim ${rates.leastUndurable.jobsPerSecond.toFixed(0)}); ` +
        `putting the ${count} posts in: ${rates.slice.enqueueMs.toFixed(0)} ms (addBulk ${rates.bare.enqueueMs.toFixed(0)} ms)`;
      // The first round in a fresh process runs every side on cold code (JIT, connections) and was
      // the slowest of every run measured: it warms up and is not counted.
      ctx.log(`warm-up, not counted: ${show(await round(0, 'w'))}`);
      await repeat(ctx.runs, async (i) => {
        const rates = await round(i, 'r');
        for (const way of ways) runs[way].push(rates[way]);
        ctx.log(
          `run ${i + 1}: ${show(rates)} — ratio ${(rates.slice.jobsPerSecond / rates.bare.jobsPerSecond).toFixed(2)}×`,
        );
      });
      const of = (way: Way, field: keyof SliceRun) => median(runs[way].map((run) => run[field]));
      const bare = of('bare', 'jobsPerSecond');
      const baselineLabel = 'bare BullMQ + the same twitter-api-v2 OAuth 1.0a call';
      // The machine's speed drifts between rounds (the bare baseline alone has moved 2× within one
      // run): each round's own ratio, slice and baseline measured back to back, is steadier.
      const paired = (way: Way, against: Way = 'bare') => {
        const ratios = runs[way].map((run, i) => run.jobsPerSecond / runs[against][i]!.jobsPerSecond);
        return `ratio per round: median ${median(ratios).toFixed(2)}×, ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×`;
      };
      const busy = (way: Way) => `event loop ${(of(way, 'loopBusy') * 100).toFixed(0)} % busy`;
      // What bounds the slice is read off the figures, not assumed: the busier of its event loop and
      // the server (the server's share of time: its CPU per post times the posts per second).
      const loopBusy = of('slice', 'loopBusy');
      const serverBusy = (of('slice', 'serverCpuMsPerPost') * of('slice', 'jobsPerSecond')) / 1000;
      const bound =
        Math.max(loopBusy, serverBusy) < BOUND_BUSY
          ? 'neither is near full: waiting, not CPU, bounds the slice'
          : serverBusy > loopBusy
            ? "the server's CPU bounds the slice"
            : "the worker's CPU, not the server's, bounds the slice";
      return [
        {
          metric: `jobs/s, ${count} X posts, concurrency ${CONCURRENCY}`,
          value: of('slice', 'jobsPerSecond'),
          unit: 'jobs/s',
          baseline: bare,
          baselineLabel,
          note: `thin slice = lease + claim in log + durable claim + twitter-api-v2 OAuth1 + outcome logged; #13 target ≥ 0.7×; ${paired('slice')}`,
        },
        {
          metric: 'jobs/s, the same without the durable claim',
          value: of('undurable', 'jobsPerSecond'),
          unit: 'jobs/s',
          baseline: bare,
          baselineLabel,
          note: 'publishing.durableClaim: false (no WAITAOF before the call): what the durable claim costs',
        },
        {
          metric: 'jobs/s, the least exactly-once needs',
          value: of('least', 'jobsPerSecond'),
          unit: 'jobs/s',
          baseline: bare,
          baselineLabel,
          note: `the bare worker + a claim only one attempt wins (HSETNX), made durable (DurableClaim), and the outcome (HSET): what the target is measured against at best; ${paired('least')}`,
        },
        {
          metric: 'jobs/s, thin slice vs the least exactly-once needs',
          value: of('slice', 'jobsPerSecond'),
          unit: 'jobs/s',
          baseline: of('least', 'jobsPerSecond'),
          baselineLabel: 'the row above',
          note: `what the slice spends beyond that least (the reads before the claim, the log's entries, indexes and records); ${paired('slice', 'least')}`,
        },
        {
          metric: 'jobs/s, the least exactly-once needs, without the durable claim',
          value: of('leastUndurable', 'jobsPerSecond'),
          unit: 'jobs/s',
          baseline: bare,
          baselineLabel,
          note: `the HSETNX claim and the HSET outcome alone: against the row with the durable claim, what the durable claim costs any publisher; ${paired('leastUndurable')}`,
        },
        {
          metric: "jobs/s, both without the durable claim: the slice's bookkeeping alone",
          value: of('undurable', 'jobsPerSecond'),
          unit: 'jobs/s',
          baseline: of('leastUndurable', 'jobsPerSecond'),
          baselineLabel: 'the row above',
          note: `the lease, the reads, the log's entries, indexes and records against two plain commands; ${paired('undurable', 'leastUndurable')}`,
        },
        {
          metric: 'ms of CPU per post (this process: worker, in-process X sandbox, GC)',
          value: of('slice', 'cpuMsPerPost'),
          unit: 'ms',
          baseline: of('bare', 'cpuMsPerPost'),
          baselineLabel: 'the bare worker, the same way',
          note: `thin slice ${busy('slice')}, bare ${busy('bare')}, least ${of('least', 'cpuMsPerPost').toFixed(2)} ms and ${busy('least')}`,
        },
        {
          metric: 'ms of Redis server CPU per post',
          value: of('slice', 'serverCpuMsPerPost'),
          unit: 'ms',
          baseline: of('bare', 'serverCpuMsPerPost'),
          baselineLabel: 'the bare worker, the same way',
          note: `least ${of('least', 'serverCpuMsPerPost').toFixed(2)} ms; the log's scripts run in the server, a process of its own: at the slice's rate it is busy ${(serverBusy * 100).toFixed(0)} % of the time, the slice's event loop ${(loopBusy * 100).toFixed(0)} %: ${bound}`,
        },
        {
          metric: 'jobs/s, thin slice vs the earlier baseline',
          value: of('slice', 'jobsPerSecond'),
          unit: 'jobs/s',
          baseline: of('bareBearer', 'jobsPerSecond'),
          baselineLabel: 'bare BullMQ + fetch with a bearer token',
          note: "the baseline of the issue's 0.38×: no OAuth signing on the client, no signature check in the sandbox",
        },
        {
          metric: `ms to put ${count} posts of one plan in (inside the jobs/s above)`,
          value: of('slice', 'enqueueMs'),
          unit: 'ms',
          baseline: of('bare', 'enqueueMs'),
          baselineLabel: `BullMQ addBulk of ${count} jobs`,
          note: 'schedule(): payload + first log entry of every post (one pipeline per 200), then their jobs (addBulk)',
        },
      ];
    } finally {
      await sandboxes.stop();
    }
  },
};

export default bench;
