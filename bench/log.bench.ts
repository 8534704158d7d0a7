import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { deleteKeys } from '../dev/delete-keys.ts';
import { readActivity } from '../src/log/log-activity.ts';
import type { LogEntry } from '../src/log/log-entry.ts';
import { exportLog } from '../src/log/log-export.ts';
import type { HistoryFilter } from '../src/log/publishing-log.ts';
import { canonicalEntry, RedisPublishingLog } from '../src/log/redis-publishing-log.ts';
import { CHANNEL_EVENTS_KEPT, type ChannelEvent } from '../src/publishing/channel-state.ts';
import { keyPattern, redisKeys } from '../src/redis/redis-keys.ts';
import {
  type BenchContext,
  type Benchmark,
  type BenchRow,
  median,
  repeat,
  settledUsedMemory,
  timeMs,
} from './harness.ts';
import { DAY, grow, POSTS_PER_DAY, postEntries, START } from './log-growth.ts';

/**
 * The publishing log at 10k → 1M entries. The log grows the way a real one does —
 * chronologically, at a steady number of posts a day — so "one channel, one month" has the same
 * answer size at every log size, and only the size of the log changes between measurements.
 */

const PREFIX = 'bench-log';
/** How far back the pauses of the activity rows go: over the newest entries, so some are on the newest page. */
const PAUSE_SPAN_MS = 60_000;

/** Three channels' full histories of pauses and resumes, newest first, spread over the last `spanMs`. */
function pausesOver(spanMs: number): ChannelEvent[] {
  const now = Date.now();
  const count = 3 * CHANNEL_EVENTS_KEPT;
  return Array.from({ length: count }, (_, i) => ({
    channel: `channel-${i % 3}`,
    kind: i % 2 ? 'resumed' : 'paused',
    by: 'web:maria',
    at: new Date(now - (i * spanMs) / count).toISOString(),
    reason: 'token renewal',
  }));
}
/** A sink that only counts bytes (measures the export, not a disk). */
function countingSink(): Writable & { bytes: number } {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      sink.bytes += chunk.length;
      done();
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

/** The naive way: read every entry of the stream and filter in JS (what the indexes avoid). */
async function scanQuery(redis: Redis, stream: string, channel: string, since: number, until: number): Promise<number> {
  const latest = new Map<string, LogEntry>();
  let start = '-';
  for (;;) {
    const page = (await redis.xrange(stream, start, '+', 'COUNT', 5000)) as Array<[string, string[]]>;
    for (const [, fields] of page) {
      const entry = JSON.parse(fields[1]!) as LogEntry;
      latest.set(entry.postId, entry);
    }
    if (page.length < 5000) break;
    start = `(${page[page.length - 1]![0]}`;
  }
  let n = 0;
  for (const e of latest.values())
    if (e.channel === channel && Date.parse(e.at) >= since && Date.parse(e.at) < until) n++;
  return n;
}

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const redis = new Redis(ctx.redisUrl, { maxRetriesPerRequest: null });
  const rows: BenchRow[] = [];
  try {
    await deleteKeys(redis, keyPattern(PREFIX));
    const sizes = ctx.quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];

    // Baseline for memory: the same entries as a bare stream (no records, no indexes).
    const bareKey = `${PREFIX}-bare:stream`;
    const bareCount = 100_000;
    const before = await settledUsedMemory(redis);
    for (let post = 0, written = 0; written < bareCount; ) {
      const pipeline = redis.pipeline();
      for (let i = 0; i < 500; i++, post++)
        for (const e of postEntries(post)) {
          pipeline.xadd(bareKey, '*', 'e', JSON.stringify(canonicalEntry(e)));
          written++;
        }
      await pipeline.exec();
    }
    const bareBytes = ((await settledUsedMemory(redis)) - before) / (await redis.xlen(bareKey));
    await redis.del(bareKey);
    ctx.log(`bare stream: ${bareBytes.toFixed(0)} B/entry`);

    // The reference: a log of 10k entries that stays that size. Every measurement on the growing
    // log alternates with the same measurement on it, so load from other processes on the machine
    // hits both alike and the ratio shows what the log's size costs.
    const small = new RedisPublishingLog(redis, redisKeys(`${PREFIX}-10k`));
    await grow(redis, small, { post: 0, entries: 0 }, 10_000);

    const log = new RedisPublishingLog(redis, redisKeys(PREFIX));
    const empty = await settledUsedMemory(redis);
    let state = { post: 0, entries: 0 };
    const firstMonth: HistoryFilter = {
      channel: ['facebook-secon'],
      since: '2023-01-01T00:00:00Z',
      until: '2023-02-01T00:00:00Z',
    };
    const smallEnd = START + Math.floor((3125 * DAY) / POSTS_PER_DAY);
    const smallLatest: HistoryFilter = {
      channel: ['facebook-secon'],
      since: new Date(smallEnd - 31 * DAY).toISOString(),
      until: new Date(smallEnd - DAY).toISOString(),
    };
    const samples = Math.max(ctx.runs * 5, 15);

    /** Alternating timings of a read of the growing log and of the 10k reference. */
    const alternating = async (big: () => Promise<unknown>, ref: () => Promise<unknown>) => {
      for (let i = 0; i < 3; i++) {
        await big();
        await ref();
      } // warm-up (JIT, connection)
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < samples; i++) {
        a.push(await timeMs(big));
        b.push(await timeMs(ref));
      }
      return { big: a, ref: b };
    };
    /** alternating() of a query, with the number of posts each answered. */
    const interleaved = async (big: HistoryFilter, ref: HistoryFilter) => ({
      ...(await alternating(
        () => log.query(big),
        () => small.query(ref),
      )),
      rows: (await log.query(big)).length,
      refRows: (await small.query(ref)).length,
    });
    /** The id of the log's `n`th oldest entry: a deep page of activity starts there. */
    const nthOldest = async (of: RedisPublishingLog, n: number) =>
      ((await redis.xrange(of.keys.logStream, '-', '+', 'COUNT', n)) as Array<[string, string[]]>).at(-1)![0];
    const exportMs = async (prefix: string) => {
      const sink = countingSink();
      const ms = await timeMs(() => exportLog(new RedisPublishingLog(redis, redisKeys(prefix)), sink));
      return { ms, bytes: sink.bytes };
    };

    for (const size of sizes) {
      const started = Date.now();
      const grownFrom = state.entries;
      state = await grow(redis, log, state, size);
      const seconds = (Date.now() - started) / 1000;
      const entries = await log.size();
      const perEntry = ((await settledUsedMemory(redis)) - empty) / entries;
      const lastPlanned = START + Math.floor((state.post * DAY) / POSTS_PER_DAY);
      const latestMonth: HistoryFilter = {
        channel: ['facebook-secon'],
        since: new Date(lastPlanned - 31 * DAY).toISOString(),
        until: new Date(lastPlanned - DAY).toISOString(),
      };
      const label = size >= 1_000_000 ? `${size / 1_000_000}M` : `${size / 1000}k`;
      ctx.log(
        `${entries} entries (${state.post} posts), grown in ${seconds.toFixed(1)} s; ${perEntry.toFixed(0)} B/entry`,
      );

      const first = await interleaved(firstMonth, firstMonth);
      const latest = await interleaved(latestMonth, smallLatest);
      const refLabel = 'same query, 10k log, interleaved';
      rows.push({
        metric: `query 1 channel × first month @${label}`,
        value: median(first.big),
        unit: 'ms',
        baseline: median(first.ref),
        baselineLabel: refLabel,
        note: `${first.rows} vs ${first.refRows} posts; min ${Math.min(...first.big).toFixed(1)} vs ${Math.min(...first.ref).toFixed(1)} ms`,
      });
      rows.push({
        metric: `query 1 channel × latest month @${label}`,
        value: median(latest.big),
        unit: 'ms',
        baseline: median(latest.ref),
        baselineLabel: refLabel,
        note: `${latest.rows} vs ${latest.refRows} posts; min ${Math.min(...latest.big).toFixed(1)} vs ${Math.min(...latest.ref).toFixed(1)} ms${size >= 1_000_000 ? '; #13 target ≤ 10 ms, ≤ 1.5×' : ''}`,
      });
      // Activity reads the stream backwards from a log id: the newest page and one next to the
      // oldest entries should cost what they cost on the 10k log.
      const newest = await alternating(
        () => readActivity(log),
        () => readActivity(small),
      );
      const [deepBefore, refDeepBefore] = [await nthOldest(log, 100), await nthOldest(small, 100)];
      const deep = await alternating(
        () => readActivity(log, { before: deepBefore }),
        () => readActivity(small, { before: refDeepBefore }),
      );
      const byName = await alternating(
        () => readActivity(log, { by: ['schedule'] }),
        () => readActivity(small, { by: ['schedule'] }),
      );
      for (const [what, times] of [
        ['newest page', newest],
        ['page by the 100th oldest entry', deep],
        ['newest page --by one actor', byName],
      ] as const)
        rows.push({
          metric: `activity ${what} @${label}`,
          value: median(times.big),
          unit: 'ms',
          baseline: median(times.ref),
          baselineLabel: 'same page, 10k log, interleaved',
          note: '50 entries; ≈1× = the log’s size costs nothing',
        });
      // The channels' pauses and resumes woven in (three channels with a full history each, spread
      // over the newest page's span): against the same page without them.
      const pauses = pausesOver(PAUSE_SPAN_MS);
      const woven = await alternating(
        () => readActivity(log, { channelEvents: pauses }),
        () => readActivity(log),
      );
      const onPage = (await readActivity(log, { channelEvents: pauses })).channelEvents.length;
      rows.push({
        metric: `activity newest page + ${3 * CHANNEL_EVENTS_KEPT} pauses @${label}`,
        value: median(woven.big),
        unit: 'ms',
        baseline: median(woven.ref),
        baselineLabel: 'same page without pauses, interleaved',
        note: `${onPage} of them on the page; ≈1× = they cost nothing`,
      });
      rows.push({
        metric: `memory per entry @${label}`,
        value: perEntry,
        unit: 'B',
        baseline: bareBytes,
        baselineLabel: 'bare stream',
        note: 'used_memory delta / entries (records + indexes + timelines included); #13 target ≤ 1024 B',
      });
      rows.push({
        metric: `bulk write @${label}`,
        value: (entries - grownFrom) / seconds,
        unit: 'entries/s',
        note: 'pipelined Lua appends (machine shared: indicative)',
      });
      if (size <= 100_000) {
        const scan = await repeat(Math.min(ctx.runs, 3), () =>
          timeMs(() =>
            scanQuery(
              redis,
              log.keys.logStream,
              'facebook-secon',
              Date.parse(firstMonth.since!),
              Date.parse(firstMonth.until!),
            ),
          ),
        );
        rows.push({
          metric: `naive scan (XRANGE all + filter) @${label}`,
          value: median(scan),
          unit: 'ms',
          baseline: median(first.big),
          baselineLabel: 'indexed query, same size',
          note: 'what the indexes avoid',
        });
      }
      if (size === sizes[sizes.length - 1]) {
        const big: number[] = [];
        const ref: number[] = [];
        let bytes = 0;
        for (let i = 0; i < Math.min(ctx.runs, 3); i++) {
          ref.push((await exportMs(small.keys.prefix)).ms);
          const run = await exportMs(PREFIX);
          big.push(run.ms);
          bytes = run.bytes;
          ref.push((await exportMs(small.keys.prefix)).ms);
        }
        const smallSize = await small.size();
        rows.push({
          metric: `full export @${label}`,
          value: median(big),
          unit: 'ms',
          note: `${Math.round(entries / (median(big) / 1000))} entries/s, ${(bytes / 1e6).toFixed(1)} MB NDJSON`,
        });
        rows.push({
          metric: `export time per entry @${label}`,
          value: (median(big) * 1000) / entries,
          unit: 'µs/entry',
          baseline: (median(ref) * 1000) / smallSize,
          baselineLabel: 'per entry, 10k log',
          note: '≈1× = linear; pages of 1000, constant memory',
        });
      }
    }
  } finally {
    await deleteKeys(redis, keyPattern(PREFIX));
    redis.disconnect();
  }
  return rows;
}

const benchmark: Benchmark = { name: 'log', issue: 7, run };
export default benchmark;
