import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../dev/build.mjs';
import { packagePath } from '../src/package-root.ts';
import { type Benchmark, type BenchRow, median } from './harness.ts';

/**
 * How long `secon-bot` takes to start and finish, as a person runs it: `--help`, and `preview` of
 * one news item (written by `secon-bot new`, dated from today). Three ways, interleaved in the same
 * run so they see the same machine load:
 * - `node -e 0`: a bare Node.js, the floor;
 * - the built command (dist/secon-bot.js, what `npm ci` builds), as it runs from its second run
 *   on: with its V8 code cache (bin/code-cache.ts, written by the untimed first run below, in a
 *   cache folder of this benchmark's own); and with the cache off, as on a command's first run;
 * - the command before the build (commit 5df968b, the last one that ran the TypeScript sources
 *   through tsx's loader at every start), checked out with the dependencies of its own lock file
 *   (installed once with `npm ci --ignore-scripts` into a cache folder: its dependencies differ
 *   from today's, e.g. it still used `marked`). Each way runs once untimed first, so tsx's own
 *   cache is warm.
 */
const BEFORE_BUILD = '5df968b';
const NODE = process.execPath;

/** One way to run: node's arguments, and extra environment. */
interface Way {
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/** Wall time of one child process in milliseconds; fails loudly when the command fails. */
function timed({ args, env }: Way, cwd: string, cacheHome: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(NODE, args, {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome, ...env },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0)
    throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.toString().slice(0, 500)}`);
  return ms;
}

/** Where the commit before the build is kept with its own dependencies (installed once). */
const BEFORE_CACHE = join(homedir(), '.cache', 'secon-bot', `cli-before-${BEFORE_BUILD}`);

/** The repository at the commit before the build, with its own node_modules; undefined without git history. */
function checkoutBefore(log: (line: string) => void): string | undefined {
  const root = packagePath();
  try {
    execFileSync('git', ['cat-file', '-e', `${BEFORE_BUILD}^{commit}`], { cwd: root, stdio: 'ignore' });
  } catch {
    return undefined;
  }
  if (existsSync(join(BEFORE_CACHE, 'node_modules', 'tsx'))) return BEFORE_CACHE;
  log(`installing the dependencies of ${BEFORE_BUILD} into ${BEFORE_CACHE} (once)`);
  rmSync(BEFORE_CACHE, { recursive: true, force: true });
  mkdirSync(BEFORE_CACHE, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${BEFORE_BUILD} | tar -x -C "${BEFORE_CACHE}"`], { cwd: root });
  execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: BEFORE_CACHE, stdio: 'ignore' });
  return BEFORE_CACHE;
}

const bench: Benchmark = {
  name: 'cli-startup',
  issue: 13,
  async run(ctx) {
    if ((await build()) !== 0) throw new Error('the build failed');
    const root = packagePath();
    const dir = mkdtempSync(join(tmpdir(), 'secon-startup-'));
    try {
      const item = join(dir, 'item.md');
      execFileSync(
        NODE,
        [
          join(root, 'dist', 'secon-bot.js'),
          'new',
          'announcement',
          '--title',
          'Partner meeting in Riga',
          '--summary',
          'SECON partners meet in Riga to compare how their regions support social enterprises.',
          '-o',
          item,
        ],
        { cwd: root, stdio: 'ignore' },
      );
      const before = checkoutBefore(ctx.log);
      if (!before) ctx.log(`no git history with ${BEFORE_BUILD}: the "before the build" rows are left out`);
      const bin = join(root, 'dist', 'secon-bot.js');
      const noCache = { SECON_BOT_CODE_CACHE: 'off' };
      const ways: Record<string, Way | undefined> = {
        bare: { args: ['-e', '0'] },
        helpBuilt: { args: [bin, '--help'] },
        helpNoCache: { args: [bin, '--help'], env: noCache },
        previewBuilt: { args: [bin, 'preview', item] },
        previewNoCache: { args: [bin, 'preview', item], env: noCache },
        helpBefore: before ? { args: [join(before, 'bin', 'secon-bot.js'), '--help'] } : undefined,
        previewBefore: before ? { args: [join(before, 'bin', 'secon-bot.js'), 'preview', item] } : undefined,
      };
      const cacheHome = join(dir, 'cache');
      const times: Record<string, number[]> = {};
      const present = Object.entries(ways).filter((entry): entry is [string, Way] => entry[1] !== undefined);
      // Warm-up: tsx fills its cache, the built command writes its code cache.
      for (const [, way] of present) timed(way, root, cacheHome);
      const runs = ctx.quick ? Math.min(ctx.runs, 3) : Math.max(ctx.runs, 5);
      for (let i = 0; i < runs; i++) {
        for (const [name, way] of present) {
          times[name] ??= [];
          times[name].push(timed(way, root, cacheHome));
        }
        ctx.log(
          `run ${i + 1}/${runs}: ${present.map(([name]) => `${name} ${Math.round(times[name]!.at(-1)!)} ms`).join(', ')}`,
        );
      }
      const m = (name: string) => (times[name] ? median(times[name]) : undefined);
      const bare = m('bare')!;
      const rows: BenchRow[] = [{ metric: 'node -e 0 (start-up floor)', value: bare, unit: 'ms' }];
      for (const [label, built, cold, old] of [
        ['--help', m('helpBuilt')!, m('helpNoCache')!, m('helpBefore')],
        ['preview of one item', m('previewBuilt')!, m('previewNoCache')!, m('previewBefore')],
      ] as const) {
        rows.push({ metric: `${label}, built`, value: built, unit: 'ms', baseline: bare, baselineLabel: 'node -e 0' });
        rows.push({
          metric: `${label}, built, no code cache (a command's first run)`,
          value: cold,
          unit: 'ms',
          baseline: bare,
          baselineLabel: 'node -e 0',
        });
        if (old === undefined) continue;
        rows.push({
          metric: `${label}, before the build (tsx)`,
          value: old,
          unit: 'ms',
          baseline: bare,
          baselineLabel: 'node -e 0',
        });
        rows.push({
          metric: `${label}: speed-up`,
          value: old / built,
          unit: '×',
          note: `before ÷ built (${BEFORE_BUILD} via tsx vs dist/); target ≥ 4×`,
        });
        rows.push({
          metric: `${label}: speed-up on a command's first run`,
          value: old / cold,
          unit: '×',
          note: 'before ÷ built without its code cache',
        });
      }
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
      if (existsSync(dir)) ctx.log(`could not remove ${dir}`);
    }
  },
};

export default bench;
