import { readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Benchmark, BenchRow } from './harness.ts';
import { startBenchRedis } from './harness.ts';

const HELP = `npm run bench -- [name-filter…] [--runs N] [--quick] [--json]

Runs the benchmarks in bench/*.bench.ts against a private redis-server and prints a table:
the median of N runs, and the ratio to a baseline measured in the same run.`;

function format(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

function table(rows: Array<BenchRow & { bench: string }>): string {
  const header = ['benchmark', 'metric', 'median', 'unit', 'baseline', 'ratio', 'note'];
  const lines = rows.map((r) => [
    r.bench,
    r.metric,
    format(r.value),
    r.unit,
    r.baseline === undefined ? '' : `${format(r.baseline)} (${r.baselineLabel ?? 'baseline'})`,
    r.baseline ? `${(r.value / r.baseline).toFixed(2)}×` : '',
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}

async function loadBenchmarks(): Promise<Benchmark[]> {
  const dir = new URL('.', import.meta.url);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const out: Benchmark[] = [];
  for (const file of files) {
    const mod = (await import(new URL(file, dir).href)) as { default: Benchmark | Benchmark[] };
    out.push(...[mod.default].flat());
  }
  return out;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      runs: { type: 'string', default: '5' },
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`bench: --runs expects a positive whole number, got "${values.runs}"`);
    return 2;
  }
  const all = await loadBenchmarks();
  const selected = positionals.length ? all.filter((b) => positionals.some((p) => b.name.includes(p))) : all;
  if (!selected.length) {
    console.error(`bench: no benchmark matches ${positionals.join(', ')}; known: ${all.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const redis = await startBenchRedis();
  const rows: Array<BenchRow & { bench: string }> = [];
  try {
    for (const bench of selected) {
      console.error(`▶ ${bench.name} (median of ${runs}${values.quick ? ', quick' : ''})`);
      const result = await bench.run({
        redisUrl: redis.url,
        runs,
        quick: values.quick,
        log: (line) => console.error(`  ${line}`),
      });
      rows.push(...result.map((r) => ({ ...r, bench: bench.name })));
    }
  } finally {
    await redis.stop();
  }
  console.log(
    values.json
      ? JSON.stringify(rows, null, 2)
      : `\n${table(rows)}\n\nnode ${process.version}, ${new Date().toISOString()}`,
  );
  return 0;
}

process.exitCode = await main();
