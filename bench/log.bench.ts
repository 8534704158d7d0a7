import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { deleteKeys } from '../dev/delete-keys.ts';
import type { Platform } from '../src/config/config-schema.ts';
import { hashText, type LogEntry } from '../src/log/log-entry.ts';
import { exportLog } from '../src/log/log-export.ts';
import type { HistoryFilter } from '../src/log/publishing-log.ts';
import { canonicalEntry, RedisPublishingLog } from '../src/log/redis-publishing-log.ts';
import type { PostState } from '../src/posts/post.ts';
import { redisKeys } from '../src/redis/redis-keys.ts';
import { type BenchContext, type Benchmark, type BenchRow, median, repeat, timeMs } from './harness.ts';

/**
 * The publishing log at 10k → 1M entries. The log grows the way a real one does —
 * chronologically, at a steady number of posts a day — so "one channel, one month" has the same
 * answer size at every log size, and only the size of the log changes between measurements.
 */

const PREFIX = 'bench-log';
const POSTS_PER_DAY = 80;
const START = Date.parse('2023-01-01T00:00:00Z');
const DAY = 86_400_000;
const WRITE_BATCH = 2000;
const CHANNELS: Array<[string, Platform, string[]]> = [
  ['x-secon', 'twitter', ['en']],
  ['linkedin-secon', 'linkedin', ['en']],
  ['facebook-secon', 'facebook', ['en', 'de', 'el', 'bg', 'ro', 'pl', 'pt', 'lv', 'es', 'nl']],
];
/** Texts of a realistic length, several scripts (Greek and Bulgarian take 2 bytes a letter). */
const TEXTS: Record<string, string> = {
  en: 'Partners from nine regions met in Haskovo to compare how social economy enterprises are supported, from public procurement to training for young founders. Read the summary and the next steps on our website.',
  el: 'Εταίροι από εννέα περιφέρειες συναντήθηκαν στο Χάσκοβο για να συγκρίνουν πώς στηρίζονται οι επιχειρήσεις κοινωνικής οικονομίας. Διαβάστε τη σύνοψη στον ιστότοπό μας.',
  bg: 'Партньори от девет региона се срещнаха в Хасково, за да сравнят как се подкрепят предприятията на социалната икономика. Прочетете обобщението на нашия уебсайт.',
  de: 'Partner aus neun Regionen trafen sich in Haskovo, um zu vergleichen, wie Sozialunternehmen unterstützt werden – von der Vergabe bis zur Gründerschulung. Mehr auf unserer Website.',
};

/** The entries of post number `n`, oldest first: scheduled, publishing, sometimes a transient failure and a retry, then published (or failed). */
function postEntries(n: number): LogEntry[] {
  const [channel, platform, languages] = CHANNELS[n % CHANNELS.length]!;
  const language = languages[Math.floor(n / CHANNELS.length) % languages.length]!;
  const text = `${TEXTS[language] ?? TEXTS.en!} #${n}`;
  const planned = START + Math.floor((n * DAY) / POSTS_PER_DAY);
  const base = {
    postId: `news-${Math.floor(n / 12)}.${channel}.${language}.${n % 5 === 0 ? 'recap' : 'announcement'}.${n}`,
    newsId: `news-${Math.floor(n / 12)}`,
    channel,
    platform,
    language,
    kind: (n % 5 === 0 ? 'recap' : 'announcement') as LogEntry['kind'],
    plannedAt: new Date(planned).toISOString(),
    text,
    textHash: hashText(text),
  };
  const at = (ms: number) => new Date(planned + ms).toISOString();
  const out: LogEntry[] = [
    { ...base, at: at(-DAY), attempt: 0, state: 'scheduled', actor: 'cli:schedule' },
    { ...base, at: at(0), attempt: 1, state: 'publishing', actor: 'worker-1' },
  ];
  let attempt = 1;
  if (n % 10 === 3) {
    out.push({
      ...base,
      at: at(1000),
      attempt,
      state: 'scheduled',
      errorKind: 'transient',
      errorMessage: 'HTTP 503 Service Unavailable',
    });
    attempt++;
    out.push({ ...base, at: at(60_000), attempt, state: 'publishing', actor: 'worker-2' });
  }
  const final: PostState = n % 33 === 7 ? 'failed' : 'published';
  out.push(
    final === 'published'
      ? {
          ...base,
          at: at(61_000),
          attempt,
          state: final,
          platformPostId: `17230${n}`,
          url: `https://example.test/${channel}/posts/17230${n}`,
        }
      : {
          ...base,
          at: at(61_000),
          attempt,
          state: final,
          errorKind: 'rejected',
          errorMessage: 'The text is too long for this platform',
        },
  );
  return out;
}

/** Grows the log until it holds at least `target` entries; returns the next post number and the entry count. */
async function grow(
  redis: Redis,
  log: RedisPublishingLog,
  from: { post: number; entries: number },
  target: number,
): Promise<{ post: number; entries: number }> {
  let { post, entries } = from;
  while (entries < target) {
    const pipeline = redis.pipeline();
    let queued = 0;
    while (queued < WRITE_BATCH && entries + queued < target) {
      for (const entry of postEntries(post)) {
        log.queueAppend(pipeline, entry);
        queued++;
      }
      post++;
    }
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
    entries += queued;
  }
  return { post, entries };
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
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
    await deleteKeys(redis, `${PREFIX}*`);
    const sizes = ctx.quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];

    // Baseline for memory: the same entries as a bare stream (no records, no indexes).
    const bareKey = `${PREFIX}-bare:stream`;
    const bareCount = 100_000;
    const before = await usedMemory(redis);
    for (let post = 0, written = 0; written < bareCount; ) {
      const pipeline = redis.pipeline();
      for (let i = 0; i < 500; i++, post++)
        for (const e of postEntries(post)) {
          pipeline.xadd(bareKey, '*', 'e', JSON.stringify(canonicalEntry(e)));
          written++;
        }
      await pipeline.exec();
    }
    const bareBytes = ((await usedMemory(redis)) - before) / (await redis.xlen(bareKey));
    await redis.del(bareKey); // DEL, not UNLINK: the memory must be back before the next measurement
    ctx.log(`bare stream: ${bareBytes.toFixed(0)} B/entry`);

    // The reference: a log of 10k entries that stays that size. Every measurement on the growing
    // log alternates with the same measurement on it, so load from other processes on the machine
    // hits both alike and the ratio shows what the log's size costs.
    const small = new RedisPublishingLog(redis, redisKeys(`${PREFIX}-10k`));
    await grow(redis, small, { post: 0, entries: 0 }, 10_000);

    const log = new RedisPublishingLog(redis, redisKeys(PREFIX));
    const empty = await usedMemory(redis);
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

    /** Alternating timings of a query on the growing log and on the 10k reference. */
    const interleaved = async (big: HistoryFilter, ref: HistoryFilter) => {
      for (let i = 0; i < 3; i++) {
        await log.query(big);
        await small.query(ref);
      } // warm-up (JIT, connection)
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < samples; i++) {
        a.push(await timeMs(() => log.query(big)));
        b.push(await timeMs(() => small.query(ref)));
      }
      return { big: a, ref: b, rows: (await log.query(big)).length, refRows: (await small.query(ref)).length };
    };
    const exportMs = async (prefix: string) => {
      const sink = countingSink();
      const ms = await timeMs(() => exportLog(redis, redisKeys(prefix), sink));
      return { ms, bytes: sink.bytes };
    };

    for (const size of sizes) {
      const started = Date.now();
      const grownFrom = state.entries;
      state = await grow(redis, log, state, size);
      const seconds = (Date.now() - started) / 1000;
      const entries = await log.size();
      const perEntry = ((await usedMemory(redis)) - empty) / entries;
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
        note: `${latest.rows} vs ${latest.refRows} posts; min ${Math.min(...latest.big).toFixed(1)} vs ${Math.min(...latest.ref).toFixed(1)} ms`,
      });
      rows.push({
        metric: `memory per entry @${label}`,
        value: perEntry,
        unit: 'B',
        baseline: bareBytes,
        baselineLabel: 'bare stream',
        note: 'used_memory delta / entries (records + indexes + timelines included)',
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
    await deleteKeys(redis, `${PREFIX}*`);
    redis.disconnect();
  }
  return rows;
}

const benchmark: Benchmark = { name: 'log', issue: 7, run };
export default benchmark;
