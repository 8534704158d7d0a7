import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_BIN, REPO_ROOT } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'secon-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The packages a source path belongs to ("node_modules/zod/v4/…" → "zod"), or its folder. */
function owner(path: string): string {
  const parts = path.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at === -1) return parts[0]!;
  const name = parts[at + 1]!;
  return name.startsWith('@') ? `${name}/${parts[at + 2]}` : name;
}

/** What V8's coverage says of one script: its URL and each function with its call count. */
interface ScriptCoverage {
  url: string;
  functions: Array<{ functionName: string; ranges: Array<{ count: number }> }>;
}

/**
 * Runs the built command with V8 coverage on and says what *ran*: the bundle (dist/secon-bot.cjs)
 * holds every module, each one reached through import() wrapped by esbuild in a function named
 * after its source path ("src/x.ts", "node_modules/pkg/…") and called when first used; packages
 * left out of the bundle are scripts of their own, from node_modules.
 */
function loaded(args: string[]): { packages: Set<string>; sources: string[] } {
  const coverage = join(dir, args.join('-').replace(/\W+/g, '_'));
  const run = spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_V8_COVERAGE: coverage, NO_COLOR: '1', SECON_BOT_CODE_CACHE: 'off' },
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  const packages = new Set<string>();
  const sources: string[] = [];
  for (const name of readdirSync(coverage)) {
    const { result } = JSON.parse(readFileSync(join(coverage, name), 'utf8')) as { result: ScriptCoverage[] };
    for (const script of result) {
      if (!script.url.startsWith('file:') && !script.url.startsWith('/')) continue;
      const file = relative(REPO_ROOT, script.url.startsWith('file:') ? fileURLToPath(script.url) : script.url);
      if (file !== 'dist/secon-bot.cjs') {
        if (file.includes('node_modules/')) packages.add(owner(file));
        continue;
      }
      for (const fn of script.functions) {
        const ran = (fn.ranges[0]?.count ?? 0) > 0;
        if (!ran || !/^(node_modules|cli|src|app|queues|worker|web|sandbox|dev)\/.*\.[cm]?[jt]s$/.test(fn.functionName))
          continue;
        if (fn.functionName.startsWith('node_modules/')) packages.add(owner(fn.functionName));
        else sources.push(fn.functionName);
      }
    }
  }
  return { packages, sources };
}

/** Each command loads what it uses when it runs (cli/command-kit.ts); start-up speed itself is in bench/. */
describe('what a command loads', () => {
  it('--help loads commander and the commands’ definitions, none of their work', () => {
    const { packages, sources } = loaded(['--help']);
    expect([...packages]).toEqual(['commander']);
    expect(sources.filter((s) => s.startsWith('cli/actions/'))).toEqual([]);
    expect(sources).toEqual(expect.arrayContaining(['cli/main.ts', 'cli/commands/news.ts', 'cli/commands/tools.ts']));
  });

  it('preview loads the templates and planning, but neither Redis, BullMQ, the logger nor the platform clients', () => {
    const { packages, sources } = loaded(['preview', 'news/2023-11-haskovo-workshop.md']);
    expect([...packages]).toEqual(expect.arrayContaining(['liquidjs', 'twitter-text', 'yaml', 'zod', 'luxon']));
    for (const heavy of [
      'bullmq',
      'ioredis',
      'pino',
      'twitter-api-v2',
      'linkedin-api-client',
      'axios',
      'fast-xml-parser',
      'csv-parse',
    ])
      expect(packages, heavy).not.toContain(heavy);
    expect(sources).toContain('cli/actions/preview.ts');
    expect(sources.filter((s) => s.startsWith('cli/actions/') && s !== 'cli/actions/preview.ts')).toEqual([]);
    expect(sources.filter((s) => /^(sandbox|dev|queues|worker|app)\//.test(s))).toEqual([]);
  });

  it('preview of a news item `new` wrote, its hint left in, loads neither Markdown nor html-to-text', () => {
    const file = join(dir, 'skeleton.md');
    const wrote = spawnSync(
      process.execPath,
      [CLI_BIN, 'new', 'announcement', '--title', 'Partner meeting in Riga', '--summary', 'Partners meet.', '-o', file],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    expect(wrote.status, wrote.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^<!-- Under this line: /m);
    const { packages } = loaded(['preview', file]);
    // The hint is an HTML comment: taken through Markdown and html-to-text it cost some 90 ms.
    for (const heavy of ['markdown-it', 'html-to-text', 'htmlparser2']) expect(packages, heavy).not.toContain(heavy);
  });

  it('config loads no queue and no platform client', () => {
    const { packages } = loaded(['config']);
    for (const heavy of ['bullmq', 'pino', 'twitter-api-v2', 'linkedin-api-client', 'liquidjs'])
      expect(packages, heavy).not.toContain(heavy);
  });
});
