import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../dev/redis-server-process.ts';
import { CLI_BIN, type CliResult, REPO_ROOT, runCli } from '../helpers/cli.ts';
import { quietDaysFromToday } from '../helpers/quiet-days.ts';
import { deletePrefix, testRedis, testRedisUrl, uniquePrefix } from '../helpers/redis.ts';

/**
 * The README, run as a newcomer would: every ```sh block, command by command, on a fresh Redis
 * (a key prefix of its own on the test's Redis) against the sandboxes, checking what each step
 * prints. Blocks that need Docker or that are the test run itself say so in a comment above them
 * (`<!-- readme-test: skip (why) -->`). The commands run the built `secon-bot`; the sandbox port of
 * the README (4100) becomes a free one, and the worker's port too, so parallel runs never collide.
 */

interface Block {
  line: number;
  text: string;
  skip?: string;
}

/** The README's shell blocks, each with the reason it is skipped, if it is. */
function shellBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```sh') continue;
    const end = lines.indexOf('```', i + 1);
    const before =
      lines
        .slice(0, i)
        .reverse()
        .find((l) => l.trim() !== '') ?? '';
    const skip = /^<!-- readme-test: skip \((.+)\) -->$/.exec(before)?.[1];
    blocks.push({ line: i + 1, text: lines.slice(i + 1, end).join('\n'), ...(skip ? { skip } : {}) });
    i = end;
  }
  return blocks;
}

/** Shell words of one command line: quotes removed, a `#` comment dropped, `\` continuations joined before. */
function words(line: string): string[] {
  const out: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (/\s/.test(c)) {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) {
      break;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) out.push(word);
  return out;
}

/** The commands of a block: continuation lines joined, blank lines dropped. */
function commands(block: string): string[] {
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

/** What the test checks after each README command, found by the command's own text. */
interface Step {
  match: RegExp;
  /** Checked until it passes or `waitMs` runs out (steps that wait for the worker). */
  waitMs?: number;
  check(result: CliResult, files: (name: string) => string): Promise<void> | void;
}

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const prefix = uniquePrefix('readme');
const dir = mkdtempSync(join(tmpdir(), 'secon-readme-'));
const background: ChildProcess[] = [];
let sandboxUrl = '';
let workerPort = 0;
const env: NodeJS.ProcessEnv = {};
const ran = new Set<RegExp>();

async function reachable(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const POST = 'riga-meeting.x-secon.en.announcement';

const STEPS: Step[] = [
  {
    match: /secon-bot sandbox --port \d+ &$/,
    async check() {
      await reachable(`${sandboxUrl}/`);
      const index = await (await fetch(`${sandboxUrl}/`)).text();
      for (const page of ['/x/', '/linkedin/', '/facebook/']) expect(index).toContain(`href="${page}"`);
    },
  },
  {
    match: /secon-bot new announcement --id riga-meeting/,
    check(result, files) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('wrote news/riga-meeting.md (announcement "riga-meeting" in en');
      expect(files('news/riga-meeting.md')).toContain('title: "SECON partners meet in Riga"');
    },
  },
  {
    match: /secon-bot preview news\/riga-meeting\.md --channel linkedin-secon/,
    check(result) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('┌─ SECON Project · LinkedIn · en · announcement');
      expect(result.stdout).toContain('#SECON');
      expect(result.stdout).not.toContain('{hashtag|');
      expect(result.stdout).not.toContain('x-secon');
    },
  },
  {
    match: /secon-bot schedule news\/riga-meeting\.md --approval/,
    check(result) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/riga-meeting \(news\/riga-meeting\.md\): scheduled, \d+ posts/);
      expect(result.stdout).toContain('awaiting-approval');
      expect(result.stderr).toMatch(/\d+ posts scheduled/);
    },
  },
  {
    match: /secon-bot agenda$/,
    check(result) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`awaiting-approval\\s+announcement\\s+en\\s+${POST}`));
      expect(result.stdout).toMatch(/waiting for approval \(`secon-bot approve --all-waiting`\)/);
    },
  },
  {
    match: /secon-bot approve --news riga-meeting$/,
    check(result) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`approved ${POST}: scheduled`);
      expect(result.stdout).toMatch(/^\d+ approved$/m);
    },
  },
  {
    match: /secon-bot reschedule riga-meeting\.x-secon\.en\.announcement now/,
    check(result) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(
        new RegExp(`^rescheduled ${POST}: scheduled, \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d Europe/Athens$`, 'm'),
      );
    },
  },
  {
    match: /secon-bot worker &$/,
    async check() {
      await reachable(`http://127.0.0.1:${workerPort}/healthz`);
    },
  },
  {
    match: /secon-bot history --news riga-meeting$/,
    waitMs: 30_000,
    async check(result) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/published\s+1\s+https:\/\/x\.com\/SeconProject_eu\/status\/\d+/);
      // The sandbox got exactly that post, once.
      const posts = (await (await fetch(`${sandboxUrl}/x/_sandbox/posts`)).json()) as {
        posts: Array<{ text: string }>;
      };
      expect(posts.posts).toHaveLength(1);
      expect(posts.posts[0]!.text).toContain('SECON partners meet in Riga');
    },
  },
  {
    match: /secon-bot show riga-meeting\.x-secon\.en\.announcement/,
    check(result) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`Post ${POST}`);
      const states = [...result.stdout.matchAll(/^\d{4}-\d\d-\d\d \d\d:\d\d\s+(\S+)/gm)].map((m) => m[1]);
      expect(states).toEqual(['awaiting-approval', 'scheduled', 'scheduled', 'publishing', 'published']);
    },
  },
  {
    match: /secon-bot activity --since 1d/,
    check(result) {
      expect(result.code, result.stderr).toBe(0);
      // Newest first: the worker's publish on top, the approvals of the terminal's user below.
      expect(result.stdout).toMatch(
        /^\S+ \S+\s+worker:\S+\s+riga-meeting\.x-secon\.en\.announcement\s+published\s+https:\/\/x\.com\//m,
      );
      expect(result.stdout).toMatch(/cli:\S+\s+riga-meeting\.x-secon\.en\.announcement\s+scheduled\s+approved/);
    },
  },
  {
    match: /secon-bot history --news riga-meeting --state published/,
    check(result) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.trim().split('\n')).toHaveLength(3);
      expect(result.stdout).toContain('https://x.com/SeconProject_eu/status/');
    },
  },
  {
    match: /secon-bot history --channel x-secon --since 30d --format csv --bom > x-month\.csv/,
    check(result, files) {
      expect(result.code, result.stderr).toBe(0);
      const csv = files('x-month.csv');
      expect(csv.startsWith('\ufeffpostId,')).toBe(true);
      expect(csv).toContain(`${POST},riga-meeting,x-secon,twitter,en,announcement,published`);
    },
  },
  {
    match: /secon-bot report --since 30d --format csv --bom > period-report\.csv/,
    check(result, files) {
      expect(result.code, result.stderr).toBe(0);
      expect(files('period-report.csv')).toMatch(/^state,published,,1,$/m);
    },
  },
  {
    match: /secon-bot report --since 30d --channel x-secon$/,
    check(result) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('Counted only: channel x-secon');
      // Only X's posts: the other platforms' are not counted.
      expect(result.stdout).toMatch(/^X +3$/m);
      expect(result.stdout).not.toMatch(/linkedin|facebook/);
    },
  },
];

/** Runs one README command line (after `npx secon-bot`): in the test folder, with the README's environment so far. */
async function runLine(line: string): Promise<void> {
  const argv = words(line);
  if (argv[0] === 'export') {
    const [name, value] = argv[1]!.split(/=(.*)/s);
    env[name!] = value;
    return;
  }
  expect(argv.slice(0, 2), `README line "${line}": the test runs secon-bot commands only`).toEqual([
    'npx',
    'secon-bot',
  ]);
  let args = argv.slice(2);
  const inBackground = args.at(-1) === '&';
  if (inBackground) args = args.slice(0, -1);
  const redirect = args.indexOf('>');
  const target = redirect === -1 ? undefined : args[redirect + 1];
  if (redirect !== -1) args = args.slice(0, redirect);
  const steps = STEPS.filter((s) => s.match.test(line.replace(/\s+#.*$/, '').trim()));
  expect(
    steps.map((s) => s.match.source),
    `README line "${line}" needs exactly one check in the test`,
  ).toHaveLength(1);
  const step = steps[0]!;
  ran.add(step.match);
  const files = (name: string) => readFileSync(join(dir, name), 'utf8');
  if (inBackground) {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: dir,
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    background.push(child);
    await step.check({ code: 0, stdout: '', stderr: '' }, files);
    return;
  }
  const deadline = Date.now() + (step.waitMs ?? 0);
  for (;;) {
    const result = await runCli(args, { cwd: dir, env });
    if (target) writeFileSync(join(dir, target), result.stdout);
    try {
      await step.check(result, files);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

describe('README', { timeout: 180_000 }, () => {
  const blocks = shellBlocks(README);

  beforeAll(async () => {
    const sandboxPort = await freePort();
    workerPort = await freePort();
    sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const config = readFileSync(join(REPO_ROOT, 'secon-bot.yaml'), 'utf8')
      .replace(/^ {2}keyPrefix: .*$/m, `  keyPrefix: ${prefix}`)
      .replace(/^ {2}port: 9464$/m, `  port: ${workerPort}`)
      // The worker runs while the README's steps do: no post may come due on its own meanwhile.
      .replace(
        /^planning:\n {2}schedule:\n/m,
        `planning:\n  schedule:\n    quietDays: ${JSON.stringify(quietDaysFromToday())}\n`,
      );
    expect(config).toContain(`keyPrefix: ${prefix}`);
    expect(config).toContain('quietDays: ["');
    expect(config).toContain(`port: ${workerPort}`);
    writeFileSync(join(dir, 'secon-bot.yaml'), config);
    Object.assign(env, { REDIS_URL: testRedisUrl(), NO_COLOR: '1', README_SANDBOX_PORT: String(sandboxPort) });
  });

  afterAll(async () => {
    await Promise.all(
      background.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    const redis = testRedis();
    await deletePrefix(redis, prefix);
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
  });

  it('skips only blocks that say why (Docker, or the test run itself)', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    for (const block of blocks.filter((b) => b.skip))
      expect(block.skip, `README line ${block.line}`).toMatch(/Docker|test/);
    expect(blocks.filter((b) => !b.skip).length).toBeGreaterThanOrEqual(2);
  });

  it('runs every command of the other blocks, in order, on a fresh Redis against the sandboxes', async () => {
    const port = env.README_SANDBOX_PORT!;
    for (const block of blocks.filter((b) => !b.skip))
      for (const line of commands(block.text)) await runLine(line.replaceAll('4100', port));
    // Every check was used: a README step the test no longer sees is a README that changed.
    expect(STEPS.filter((s) => !ran.has(s.match)).map((s) => s.match.source)).toEqual([]);
    expect(existsSync(join(dir, 'news', 'riga-meeting.md'))).toBe(true);
  });
});
