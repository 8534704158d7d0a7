import { Redis } from 'ioredis';
import { DurableClaim } from '../src/publishing/durable-claim.ts';
import { redisKeys } from '../src/redis/redis-keys.ts';
import { type Benchmark, median, repeat } from './harness.ts';

/** Rounds per run: one at a time, as a lone publish attempt waits for its claim. */
const ROUNDS = 300;
const TIMEOUT_MS = 2000;

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
 * against a plain round trip to the same server. The benchmark's server runs appendonly yes,
 * appendfsync everysec, hz 100, as the tests do.
 */
const bench: Benchmark = {
  name: 'durable-claim',
  issue: 13,
  async run(ctx) {
    const rounds = ctx.quick ? 50 : ROUNDS;
    const redis = new Redis(ctx.redisUrl, { maxRetriesPerRequest: null });
    const claim = new DurableClaim(redis, redisKeys('bench-durable'));
    const synced: number[] = [];
    const plain: number[] = [];
    try {
      const first = await claim.sync(TIMEOUT_MS);
      if (first !== 'durable') throw new Error(`durable-claim: the server cannot confirm fsyncs (${first})`);
      await repeat(ctx.runs, async (i) => {
        synced.push(
          await medianOf(rounds, async () => {
            const result = await claim.sync(TIMEOUT_MS);
            if (result !== 'durable') throw new Error(`durable-claim: a round ended ${result}`);
          }),
        );
        plain.push(await medianOf(rounds, () => redis.incr('bench-durable:plain')));
        ctx.log(`run ${i + 1}: sync ${synced.at(-1)!.toFixed(3)} ms, plain round trip ${plain.at(-1)!.toFixed(3)} ms`);
      });
      return [
        {
          metric: `durable claim: one sync() (median of ${rounds} in a row)`,
          value: median(synced),
          unit: 'ms',
          baseline: median(plain),
          baselineLabel: 'a plain INCR round trip',
          note: 'INCR + WAITAOF 1 0 on its own connection; wakes the server at once, then every 1 ms',
        },
      ];
    } finally {
      claim.close();
      await redis.del('bench-durable:plain', redisKeys('bench-durable').durableClaim);
      redis.disconnect();
    }
  },
};

export default bench;
