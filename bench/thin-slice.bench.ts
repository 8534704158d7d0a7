import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { SANDBOX_CREDENTIALS, type SandboxSet, sandboxConfig, sandboxEnv, startSandboxes } from '../sandbox/index.ts';
import type { Config } from '../src/config/config-schema.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { createLogger } from '../src/logger.ts';
import type { PlannedPost } from '../src/posts/post.ts';
import { postIdFor } from '../src/posts/post.ts';
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
 * the outcome — against a bare BullMQ worker that makes the same sandbox HTTP call and nothing else,
 * on the same Redis, with the same concurrency. The ratio is the price of exactly-once bookkeeping.
 */
const CONCURRENCY = 4;
const NO_LIMIT = { limit: 10_000_000, windowMs: 60_000 };

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

/** The whole slice, drained: returns jobs per second (bench/cluster.bench.ts runs it on a cluster too). */
export async function thinSlice(
  config: Config,
  redisUrl: string,
  sandboxes: SandboxSet,
  count: number,
  run: string,
): Promise<number> {
  const runtime = await WorkerRuntime.start({
    config,
    redisUrl,
    env: { ...process.env, ...sandboxEnv(config) },
    port: null,
    pollFeeds: false,
    logger: createLogger({ destination: process.stderr, level: 'error', pretty: false }),
  });
  try {
    const worker = runtime.workers.find((w) => w.name.includes('twitter'))!;
    const { others, drained } = watchCompletions(worker, count);
    const started = performance.now();
    const posts = Array.from({ length: count }, (_, i) => xPost(run, i));
    await runtime.app.scheduler.schedule({ newsId: `bench-${run}`, posts, skipped: [] }, 'bench');
    await drained;
    const seconds = (performance.now() - started) / 1000;
    const onSandbox = sandboxes.twitter.posts().length;
    if (onSandbox !== count) {
      const live = new Set(sandboxes.twitter.posts().map((p) => p.text));
      const missing = posts.filter((p) => !live.has(p.rendered.text)).map((p) => p.postId);
      throw new Error(
        `thin slice: expected ${count} posts on the X sandbox, found ${onSandbox}; missing ${missing.join(', ')}; completed without publishing: ${others.join('; ') || 'none'}`,
      );
    }
    return count / seconds;
  } finally {
    await runtime.stop();
  }
}

/** A bare BullMQ queue and worker doing only the sandbox call: returns jobs per second. */
async function bareBullmq(redisUrl: string, xUrl: string, count: number, run: string): Promise<number> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const name = `bare-${run}`;
  const queue = new Queue(name, { connection, prefix: 'bench-bare' });
  const worker = new Worker(
    name,
    async (job) => {
      const response = await fetch(`${xUrl}/2/tweets`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${SANDBOX_CREDENTIALS.twitter.bearerToken}`,
          'content-type': 'application/json;charset=UTF-8',
        },
        body: JSON.stringify({ text: job.data.text }),
      });
      if (response.status !== 201) throw new Error(`sandbox answered ${response.status}`);
      await response.arrayBuffer();
    },
    { connection, prefix: 'bench-bare', concurrency: CONCURRENCY },
  );
  try {
    await worker.waitUntilReady();
    const { drained } = watchCompletions(worker, count);
    const started = performance.now();
    await queue.addBulk(
      Array.from({ length: count }, (_, i) => ({
        name: 'post',
        data: { text: xPost(run, i).rendered.text },
        opts: { jobId: `j${i}` },
      })),
    );
    await drained;
    return count / ((performance.now() - started) / 1000);
  } finally {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
  }
}

const bench: Benchmark = {
  name: 'thin-slice',
  issue: 2,
  async run(ctx) {
    const count = ctx.quick ? 100 : 500;
    const sandboxes = await startSandboxes({ rateLimit: NO_LIMIT });
    const base = loadConfig('secon-bot.yaml');
    const config: Config = {
      ...sandboxConfig(base, sandboxes.urls),
      redis: { keyPrefix: 'bench-thin' },
      platforms: {
        ...sandboxConfig(base, sandboxes.urls).platforms,
        twitter: { ...base.platforms.twitter, baseUrl: sandboxes.urls.twitter, concurrency: CONCURRENCY },
      },
    };
    // The same slice with the durable claim switched off (publishing.durableClaim: false, not a
    // supported setting): what the WAITAOF before each platform call costs. On a quiet server a
    // WAITAOF under appendfsync everysec is answered at the server's next cron turn (up to 1/hz;
    // the benchmark's server runs hz 100), and with 4 jobs at a time that wait bounds the rate.
    const undurable: Config = {
      ...config,
      redis: { keyPrefix: 'bench-thin-undurable' },
      publishing: { ...config.publishing, durableClaim: false },
    };
    try {
      const slice: number[] = [];
      const bare: number[] = [];
      const sliceUndurable: number[] = [];
      await repeat(ctx.runs, async (i) => {
        // Alternate which goes first so warm-up and Redis growth do not favour one side.
        const order = i % 2 ? ['bare', 'slice', 'undurable'] : ['slice', 'undurable', 'bare'];
        for (const which of order) {
          sandboxes.reset();
          if (which === 'slice') slice.push(await thinSlice(config, ctx.redisUrl, sandboxes, count, `r${i}`));
          else if (which === 'undurable')
            sliceUndurable.push(await thinSlice(undurable, ctx.redisUrl, sandboxes, count, `u${i}`));
          else bare.push(await bareBullmq(ctx.redisUrl, sandboxes.urls.twitter, count, `r${i}`));
        }
        ctx.log(
          `run ${i + 1}: thin slice ${slice.at(-1)!.toFixed(0)} jobs/s (without the durable claim ${sliceUndurable.at(-1)!.toFixed(0)}), bare BullMQ ${bare.at(-1)!.toFixed(0)} jobs/s`,
        );
      });
      return [
        {
          metric: `jobs/s, ${count} X posts, concurrency ${CONCURRENCY}`,
          value: median(slice),
          unit: 'jobs/s',
          baseline: median(bare),
          baselineLabel: 'bare BullMQ + same sandbox call',
          note: 'thin slice = claim in log + twitter-api-v2 OAuth1 + outcome logged; #13 target ≥ 0.7×',
        },
        {
          metric: `jobs/s, the same without the durable claim`,
          value: median(sliceUndurable),
          unit: 'jobs/s',
          baseline: median(bare),
          baselineLabel: 'bare BullMQ + same sandbox call',
          note: 'publishing.durableClaim: false (no WAITAOF before the call): what the durable claim costs',
        },
      ];
    } finally {
      await sandboxes.stop();
    }
  },
};

export default bench;
