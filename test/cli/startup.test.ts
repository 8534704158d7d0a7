import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_BIN, REPO_ROOT } from '../helpers/cli.ts';

const HOOK = fileURLToPath(new URL('../helpers/record-imports.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'secon-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}
const meta = JSON.parse(readFileSync(join(REPO_ROOT, 'dist', 'meta.json'), 'utf8')) as Metafile;

/** The packages a source path of the bundle belongs to ("node_modules/zod/v4/…" → "zod"), or its folder. */
function owner(path: string): string {
  const parts = path.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at === -1) return parts[0]!;
  const name = parts[at + 1]!;
  return name.startsWith('@') ? `${name}/${parts[at + 2]}` : name;
}

/**
 * Runs the built command under a recorder and says what it loaded: the bundle's files, the sources
 * and packages bundled into them (from esbuild's metafile), and packages loaded from node_modules.
 */
function loaded(args: string[]): { packages: Set<string>; sources: string[] } {
  const out = join(dir, `${args.join('-').replace(/\W+/g, '_')}.txt`);
  const run = spawnSync(process.execPath, ['--import', HOOK, CLI_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, RECORD_IMPORTS: out, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  const files = readFileSync(out, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => relative(REPO_ROOT, fileURLToPath(url)));
  const packages = new Set<string>();
  const sources: string[] = [];
  for (const file of files) {
    const output = meta.outputs[file];
    if (output)
      for (const input of Object.keys(output.inputs)) {
        if (input.includes('node_modules/')) packages.add(owner(input));
        else sources.push(input);
      }
    else if (file.includes('node_modules/')) packages.add(owner(file));
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

  it('config loads no queue and no platform client', () => {
    const { packages } = loaded(['config']);
    for (const heavy of ['bullmq', 'pino', 'twitter-api-v2', 'linkedin-api-client', 'liquidjs'])
      expect(packages, heavy).not.toContain(heavy);
  });
});
