/**
 * The thin slice of this tree against the one of an earlier commit, in one process, rounds
 * alternating (A B, B A, …): the machine's drift, which moves the bare baseline of `npm run bench`
 * by 2× between runs, falls on both sides alike. What a change to the publish path gained is read
 * here; `npm run bench -- thin-slice` says where the path stands against bare BullMQ.
 *
 *   npm run bench:compare -- <commit> [--rounds 10] [--posts 500]
 *
 * The commit is checked out in a temporary worktree that borrows this tree's node_modules (so it
 * must not need other dependencies), and removed afterwards. Both sides share one private Redis
 * and one set of sandboxes, each under its own key prefix. The first two rounds warm up and are
 * not counted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median, startBenchRedis } from './harness.ts';
import { CONCURRENCY, sliceConfig, startSliceSandboxes, type thinSlice } from './thin-slice.bench.ts';

const WARM_UP_ROUNDS = 2;

/** The slice of one tree; before f720026 it answered jobs per second alone. */
type AnySlice = (
  ...args: Parameters<typeof thinSlice>
) => Promise<number | { jobsPerSecond: number; cpuMsPerPost?: number }>;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '10' }, posts: { type: 'string', default: '500' } },
});
const [ref] = positionals;
const rounds = Number(values.rounds);
const posts = Number(values.posts);
if (!ref || !Number.isInteger(rounds) || rounds <= WARM_UP_ROUNDS || !Number.isInteger(posts) || posts < 1) {
  console.error('usage: npm run bench:compare -- <commit> [--rounds N > 2] [--posts N]');
  process.exit(2);
}

const root = resolve(import.meta.dirname, '..');
const commit = execFileSync('git', ['rev-parse', '--short', ref], { cwd: root, encoding: 'utf8' }).trim();
const worktree = mkdtempSync(join(tmpdir(), `secon-compare-${commit}-`));
execFileSync('git', ['worktree', 'add', '--detach', '--force', worktree, commit], { cwd: root, stdio: 'ignore' });
symlinkSync(join(root, 'node_modules'), join(worktree, 'node_modules'));
const redis = await startBenchRedis();
const sandboxes = await startSliceSandboxes();
try {
  const sides: Array<{ label: string; slice: AnySlice }> = [
    { label: commit, slice: (await import(join(worktree, 'bench/thin-slice.bench.ts'))).thinSlice },
    { label: 'this tree', slice: (await import(join(root, 'bench/thin-slice.bench.ts'))).thinSlice },
  ];
  // This tree's configuration for both sides: what is compared is the code, not the settings.
  const config = (prefix: string) => sliceConfig(sandboxes, { keyPrefix: prefix });
  const rates: number[][] = [[], []];
  // CPU per post as well, where both trees measure it (since 15fd366): on this busy 2-core machine
  // it moves less from round to round than jobs/s, which also carries every other process's share.
  const cpu: number[][] = [[], []];
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 ? [1, 0] : [0, 1];
    const line: string[] = [];
    for (const k of order) {
      sandboxes.reset();
      const answer = await sides[k]!.slice(config(`bench-compare-${k}`), redis.url, sandboxes, posts, `${k}r${i}`);
      const rate = typeof answer === 'number' ? answer : answer.jobsPerSecond;
      const cpuMs = typeof answer === 'number' ? undefined : answer.cpuMsPerPost;
      if (i >= WARM_UP_ROUNDS) {
        rates[k]!.push(rate);
        if (cpuMs !== undefined) cpu[k]!.push(cpuMs);
      }
      line.push(
        `${sides[k]!.label} ${rate.toFixed(0)} jobs/s${cpuMs === undefined ? '' : ` ${cpuMs.toFixed(2)} ms CPU/post`}`,
      );
    }
    console.error(`round ${i + 1}${i < WARM_UP_ROUNDS ? ' (warm-up)' : ''}: ${line.join(', ')}`);
  }
  const [before, after] = rates.map((r) => median(r)) as [number, number];
  const paired = rates[1]!.map((rate, i) => rate / rates[0]![i]!);
  console.log(
    `thin slice, ${posts} X posts, concurrency ${CONCURRENCY}, median of ${rounds - WARM_UP_ROUNDS} rounds: ${commit} ${before.toFixed(0)} jobs/s, this tree ${after.toFixed(0)} jobs/s: ${(after / before).toFixed(2)}× (per round ${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)}×)`,
  );
  if (cpu[0]!.length === rates[0]!.length && cpu[1]!.length === rates[1]!.length) {
    const [cpuBefore, cpuAfter] = cpu.map((c) => median(c)) as [number, number];
    const pairedCpu = cpu[1]!.map((ms, i) => ms / cpu[0]![i]!);
    console.log(
      `CPU per post, median: ${commit} ${cpuBefore.toFixed(2)} ms, this tree ${cpuAfter.toFixed(2)} ms: ${(cpuAfter / cpuBefore).toFixed(2)}× (per round ${Math.min(...pairedCpu).toFixed(2)}–${Math.max(...pairedCpu).toFixed(2)}×; below 1 is less work)`,
    );
  }
} finally {
  await sandboxes.stop();
  await redis.stop();
  execFileSync('git', ['worktree', 'remove', '--force', worktree], { cwd: root, stdio: 'ignore' });
  rmSync(worktree, { recursive: true, force: true });
}
