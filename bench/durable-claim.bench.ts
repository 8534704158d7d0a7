import { Redis } from 'ioredis';
import { DurableClaim } from '../src/publishing/durable-claim.ts';
import { redisKeys } from '../src/redis/redis-keys.ts';
import { type Benchmark, type BenchRow, median, repeat } from './harness.ts';
import { CONCURRENCY, sliceConfig, startSliceSandboxes, thinSlice } from './thin-slice.bench.ts';

/** Rounds per run: one at a time, as a lone publish attempt waits for its claim. */
const ROUNDS = 300;
const TIMEOUT_MS = 2000;
/** The two settings a durable claim works under (README "Run Redis so the log survives restarts"). */
const FSYNC_SETTINGS = ['everysec', 'always'] as const;
type FsyncSetting = (typeof FSYNC_SETTINGS)[number];

/** Median of `rounds` timings of `step`, one after the other (milliseconds). */
async function medianOf(rounds: number, step: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await step();
    times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * How long a publish attempt waits for its claim to reach the append-only file: DurableClaim.sync()
 * (INCR + WAITAOF on its own connection, the server woken at once and then every millisecond),
 * against a plain round trip to the same server, under `appendfsync everysec` (the benchmark
 * server's setting, as in the tests) and `always` (set with CONFIG SET for its rows, then put
 * back). And what `always` costs the whole publish path: the thin slice under each, rounds
 * alternating on the one server.
 */
const bench: Benchmark = {
  name: 'durable-claim',
  issue: 13,
  async run(ctx) {
    const rounds = ctx.quick ? 50 : ROUNDS;
    const redis = new Redis(ctx.redisUrl, { maxRetriesPerRequest: null });
    const claim = new DurableClaim(redis, redisKeys('bench-durable'));
    const synced: Record<FsyncSetting, number[]> = { everysec: [], always: [] };
    const plain: Record<FsyncSetting, number[]> = { everysec: [], always: [] };
    const slice: Record<FsyncSetting, number[]> = { everysec: [], always: [] };
    const sandboxes = await startSliceSandboxes();
    const config = sliceConfig(sandboxes, { keyPrefix: 'bench-durable-slice' });
    const posts = ctx.quick ? 100 : 500;
    try {
      const first = await claim.sync(TIMEOUT_MS);
      if (first !== 'durable') throw new Error(`durable-claim: the server cannot confirm fsyncs (${first})`);
      // One slice round not counted: the first runs on cold code.
      await thinSlice(config, ctx.redisUrl, sandboxes, posts, 'warm');
      await repeat(ctx.runs, async (i) => {
        for (const setting of i % 2 ? [...FSYNC_SETTINGS].reverse() : FSYNC_SETTINGS) {
          await redis.config('SET', 'appendfsync', setting);
          synced[setting].push(
            await medianOf(rounds, async () => {
              const result = await claim.sync(TIMEOUT_MS);
              if (result !== 'durable') throw new Error(`durable-claim: a round ended ${result}`);
            }),
          );
          plain[setting].push(await medianOf(rounds, () => redis.incr('bench-durable:plain')));
          sandboxes.reset();
          slice[setting].push(
            (await thinSlice(config, ctx.redisUrl, sandboxes, posts, `${setting}${i}`)).jobsPerSecond,
          );
        }
        ctx.log(
          `run ${i + 1}: ${FSYNC_SETTINGS.map((f) => `${f}: sync ${synced[f].at(-1)!.toFixed(3)} ms, plain round trip ${plain[f].at(-1)!.toFixed(3)} ms, thin slice ${slice[f].at(-1)!.toFixed(0)} jobs/s`).join('; ')}`,
        );
      });
      const rows: BenchRow[] = FSYNC_SETTINGS.map((setting) => ({
        metric: `durable claim under appendfsync ${setting}: one sync() (median of ${rounds} in a row)`,
        value: median(synced[setting]),
        unit: 'ms',
        baseline: median(plain[setting]),
        baselineLabel: 'a plain INCR round trip',
        note:
          setting === 'always'
            ? 'every write fsynced before the answer: WAITAOF answers at once'
            : 'INCR + WAITAOF 1 0 on its own connection; wakes the server at once, then every 1 ms',
      }));
      rows.push({
        metric: `thin slice under appendfsync always (${posts} X posts, concurrency ${CONCURRENCY})`,
        value: median(slice.always),
        unit: 'jobs/s',
        baseline: median(slice.everysec),
        baselineLabel: 'the same under everysec',
        note: 'what fsyncing every write costs the publish path on this disk',
      });
      return rows;
    } finally {
      await redis.config('SET', 'appendfsync', 'everysec');
      await sandboxes.stop();
      claim.close();
      await redis.del('bench-durable:plain', redisKeys('bench-durable').durableClaim);
      redis.disconnect();
    }
  },
};

export default bench;
