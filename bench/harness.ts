import { RedisServerProcess } from '../dev/redis-server-process.ts';
import type { RedisClient } from '../src/redis/redis-client.ts';

/** One line of a benchmark's result table. */
export interface BenchRow {
  /** What was measured, e.g. "thin slice (jobs/s)". */
  metric: string;
  /** Median of the runs. */
  value: number;
  unit: string;
  /** The baseline's median, measured in the same run (same machine, same Redis). */
  baseline?: number;
  /** Label of the baseline, e.g. "bare BullMQ". */
  baselineLabel?: string;
  /** Free-form remark (sizes, counts). */
  note?: string;
}

/** What the harness hands every benchmark. */
export interface BenchContext {
  /** A private redis-server started for this benchmark run (never the machine's own). */
  redisUrl: string;
  /** How many repetitions to take the median of (`--runs`, default 5). */
  runs: number;
  /** Smaller sizes for a quick check (`--quick`). */
  quick: boolean;
  log: (line: string) => void;
}

/** A named benchmark; files `bench/*.bench.ts` default-export one (or an array). */
export interface Benchmark {
  name: string;
  /** The issue the figures are quoted in. */
  issue?: number;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Runs `fn` `runs` times and returns every result (call median() on them). */
export async function repeat<T>(runs: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < runs; i++) out.push(await fn(i));
  return out;
}

/** Wall time of one call in milliseconds. */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Starts a private Redis for a benchmark run. */
export async function startBenchRedis(): Promise<RedisServerProcess> {
  const server = new RedisServerProcess();
  await server.start();
  return server;
}

/**
 * Redis's used_memory once every deleted value is freed: Valkey 8 frees the large values of a DEL
 * or FLUSHDB in the background (`lazyfree-lazy-user-del` / `-flush` default to yes), so right after
 * one part of the memory is still counted. Memory figures are read through this.
 */
export async function settledUsedMemory(redis: RedisClient): Promise<number> {
  for (let i = 0; i < 500; i++) {
    const info = await redis.info('memory');
    const pending = Number(/lazyfree_pending_objects:(\d+)/.exec(info)?.[1] ?? 0);
    if (pending === 0) return Number(/used_memory:(\d+)/.exec(info)![1]);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('Redis did not finish freeing deleted keys within 5 s');
}
