/**
 * Issue #16's catalogue: every hostile input the issue lists, run through the built command a user
 * would run (dist/secon-bot.js), with its exit code, the first relevant line of its message and a
 * verdict computed from what the command printed.
 *
 *   npx tsx dev/hostile-catalogue/catalogue.ts [--json]
 *
 * Everything happens in a temporary folder, removed at the end, and on a private valkey-server
 * (or redis-server) on a free port, stopped at the end: never the Redis on 6379.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RedisServerProcess } from '../redis-server-process.ts';
import { CASES, type Case, type Fixtures, type Run } from './cases.ts';
import { configYaml, GOOD_MD, markdown } from './inputs.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(REPO_ROOT, 'dist/secon-bot.js');
/** Messages are cut to this many characters in the table. */
const MESSAGE_WIDTH = 140;
const DEFAULT_TIMEOUT_SECONDS = 30;
/** A command slower than this is called slow (the issue saw 48 s and 90 s; a shared 2-CPU machine needs ~1-8 s). */
const SLOW_SECONDS = 15;

/** One row of the catalogue. */
interface Row {
  n: number;
  ref: string;
  case: string;
  command: string;
  exit: number | 'killed';
  seconds: number;
  message: string;
  verdict: string;
  ok: boolean;
}

/** Runs the built command in `cwd`, as a user would, with REDIS_URL pointing at the private server. */
function runCli(args: string[], cwd: string, redisUrl: string, timeoutSeconds: number): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, REDIS_URL: redisUrl, NO_COLOR: '1', LOG_LEVEL: 'warn' };
  // The configuration is the folder's ./secon-bot.yaml; no sandbox, whatever the caller's shell says.
  delete env.SECON_BOT_CONFIG;
  delete env.SECON_BOT_SANDBOX;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      resolve({ exit: code ?? -1, stdout, stderr, seconds, timedOut });
    });
  });
}

/** The command line as a user types it (arguments with spaces or shell characters quoted). */
function commandLine(args: string[]): string {
  const quote = (a: string) => (/^[\w./:@=+,-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`);
  return ['secon-bot', ...args.map(quote)].join(' ');
}

/** A line of output, and the block it belongs to (its unindented head line and itself). */
interface OutputLine {
  /** The line as shown in the table. */
  text: string;
  /** The head of its block and the line: what the refusal says as a whole (file in the head, field below). */
  context: string;
}

/**
 * The run's output lines, the case folder's path left out (so a row reads the same on every run).
 * An ingest rejection is one line ("rejected a.md:5 (x): ✗ title: …"); a detail line under an
 * error's head ("secon-bot: cannot import x: 1 problem(s)" / "- line 2: textHash: …") keeps the
 * head as its context.
 */
function outputLines(run: Run, folder: string): OutputLine[] {
  const lines: OutputLine[] = [];
  let head = '';
  for (const raw of `${run.stdout}\n${run.stderr}`.split('\n')) {
    const text = raw.replaceAll(`${folder}/`, '').replaceAll(folder, '.').trim();
    if (!text) continue;
    const indented = /^\s/.test(raw);
    if (!indented) head = text;
    if (!indented && text.startsWith('rejected')) continue; // its "✗" lines below carry it
    const rejection = indented && head.startsWith('rejected') && text.startsWith('✗');
    lines.push({
      text: rejection ? `${head}: ${text}`.replace(/ {2,}/g, ' ') : text,
      context: indented ? `${head} ${text}` : text,
    });
  }
  return lines;
}

/** The first relevant line: the case's pick, else the line naming the field, else the refusal. */
function relevantLine(c: Case, lines: OutputLine[]): OutputLine {
  const refusal = (l: OutputLine) =>
    /^rejected|✗|^secon-bot: |^- /.test(l.text) && !/item\(s\) or source\(s\)/.test(l.text);
  return (
    (c.pick && lines.find((l) => c.pick!.test(l.text))) ||
    (c.field && lines.find((l) => l.text.includes(c.field!) && (!c.bad || l.context.includes(c.bad)))) ||
    (c.bad && lines.find((l) => l.context.includes(c.bad!) && refusal(l))) ||
    lines.find(refusal) ||
    lines[0] || { text: '', context: '' }
  );
}

/** Escapes what a Markdown table cell cannot hold, and shows invisible characters as U+XXXX. */
function cell(text: string, width = MESSAGE_WIDTH): string {
  const visible = text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this shows
    /[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g,
    (ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
  );
  const cut = visible.length > width ? `${visible.slice(0, width - 1)}…` : visible;
  return cut.replaceAll('|', '\\|');
}

/** The verdict: computed from the exit code and the output, then compared with what the issue asks. */
function judge(c: Case, run: Run, refusal: string): { verdict: string; ok: boolean } {
  const output = run.stdout + run.stderr;
  const crashed = /Maximum call stack|heap out of memory|Please report|^\s+at .+:\d+:\d+\)?$/m.test(output);
  const parts: string[] = [];
  let ok: boolean;
  if (run.timedOut) {
    parts.push(`HUNG: killed after ${Math.round(run.seconds)} s`);
    ok = false;
  } else if (crashed || (run.exit !== 0 && run.exit !== 2)) {
    parts.push(`CRASHED or failed (exit ${run.exit})`);
    ok = false;
  } else if (run.exit === 2) {
    const { named, missing } = naming(c, refusal);
    parts.push(`refused${named ? `, names ${named}` : ''}${missing ? `, does NOT name ${missing}` : ''}`);
    ok = c.expect === 'refuse' && !missing;
  } else {
    parts.push(c.expect === 'refuse' ? 'ACCEPTED (should be refused)' : 'accepted');
    ok = c.expect === 'accept';
  }
  if (c.good) {
    const listed = c.good.filter((id) => new RegExp(`^(accepted|■) {1,2}${escapeRegExp(id)}\\b`, 'm').test(run.stdout));
    const lost = c.good.filter((id) => !listed.includes(id));
    if (lost.length) parts.push(`good item(s) ${lost.join(', ')} NOT listed`);
    else parts.push(c.good.length > 1 ? `good items carried on (${c.good.join(', ')})` : 'good item carried on');
    ok &&= lost.length === 0;
  }
  if (c.check) {
    const check = c.check(run);
    parts.push(check.note);
    ok &&= check.ok;
  }
  if (run.seconds > SLOW_SECONDS && !run.timedOut) {
    parts.push(`slow: ${run.seconds.toFixed(1)} s`);
    ok = false;
  }
  return { verdict: `${ok ? '✓' : '✗'} ${parts.join('; ')}`, ok };
}

/** What the refusal names of what the case expects it to name: the file (with a line), the field. */
function naming(c: Case, refusal: string): { named: string; missing: string } {
  const file = c.bad !== undefined && refusal.includes(c.bad);
  const line = file && new RegExp(`${escapeRegExp(c.bad!)}:\\d+|\\bline \\d+`).test(refusal);
  const field = c.field !== undefined && refusal.includes(c.field);
  const input = c.bad?.startsWith('--') ? 'option' : 'file';
  const named = [file ? (line ? `${input}:line` : input) : '', field ? 'field' : ''].filter(Boolean).join('+');
  const missing = [c.bad && !file ? input : '', c.field && !field ? 'field' : ''].filter(Boolean).join('+');
  return { named, missing };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Writes `files` under `folder` (creating sub-folders such as images/). */
function writeFiles(folder: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), content);
  }
}

/**
 * The setup the Redis cases need, through the real commands: the good item and one whose title
 * is a spreadsheet formula are ingested (queued, key prefix `catalogue`) and the log is exported.
 */
async function setUp(root: string, redisUrl: string, shippedConfig: string): Promise<Fixtures> {
  const folder = join(root, 'setup');
  writeFiles(folder, {
    'secon-bot.yaml': configYaml(shippedConfig, 'catalogue'),
    'good.md': GOOD_MD,
    'formula.md': markdown({ id: 'formula', title: '"=HYPERLINK(\\"https://evil.test\\",\\"click\\")"' }),
  });
  for (const args of [
    ['ingest', 'good.md', 'formula.md'],
    ['history', 'export', '-o', 'log.ndjson'],
  ]) {
    const run = await runCli(args, folder, redisUrl, DEFAULT_TIMEOUT_SECONDS);
    if (run.exit !== 0)
      throw new Error(`setup: ${commandLine(args)} ended with exit ${run.exit}\n${run.stdout}${run.stderr}`);
  }
  const exportLines = readFileSync(join(folder, 'log.ndjson'), 'utf8').trimEnd().split('\n');
  return { shippedConfig, exportLines };
}

async function runCase(c: Case, n: number, root: string, redisUrl: string, fixtures: Fixtures): Promise<Row> {
  const folder = join(root, String(n).padStart(2, '0'));
  writeFiles(folder, {
    'secon-bot.yaml': configYaml(fixtures.shippedConfig, c.prefix ?? 'catalogue'),
    'good.md': GOOD_MD,
  });
  writeFiles(folder, typeof c.files === 'function' ? c.files(fixtures) : (c.files ?? {}));
  const timeout = c.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  const run = await runCli(c.args, folder, redisUrl, timeout);
  if (c.after) run.afterStdout = (await runCli(c.after, folder, redisUrl, timeout)).stdout;
  const line = relevantLine(c, outputLines(run, folder));
  const { verdict, ok } = judge(c, run, line.context);
  return {
    n,
    ref: c.ref,
    case: c.name,
    command: commandLine(c.args),
    exit: run.timedOut ? 'killed' : run.exit,
    seconds: Number(run.seconds.toFixed(2)),
    message: c.show ? c.show(run) : line.text,
    verdict,
    ok,
  };
}

function markdownTable(rows: Row[]): string {
  const head = [
    '# Issue #16: hostile-input catalogue',
    '',
    'Generated by `npx tsx dev/hostile-catalogue/catalogue.ts` with the built `dist/secon-bot.js`. Each command ran',
    'in a folder of its own holding `secon-bot.yaml` (the shipped configuration) and `good.md` (a valid item), with',
    '`REDIS_URL` on a private server. Verdicts are computed from the exit code and output: ✓ is what the issue asks',
    'for, ✗ is not. The message is the first relevant line of stdout/stderr (cut to 140 characters; invisible',
    'characters shown as U+XXXX).',
    '',
    '| # | case | command | exit | message | verdict |',
    '|---|---|---|---|---|---|',
  ];
  const body = rows.map(
    (r) =>
      `| ${r.n} | ${cell(`${r.ref}: ${r.case}`)} | \`${cell(r.command, 90).replaceAll('`', "'")}\` | ${r.exit} | ` +
      `${cell(r.message)} | ${cell(r.verdict, 200)} |`,
  );
  const failed = rows.filter((r) => !r.ok).length;
  const total = rows.reduce((s, r) => s + r.seconds, 0);
  const counts = `${rows.length} cases, ${rows.length - failed} ✓, ${failed} ✗`;
  const foot = `\n${counts}; the commands ran ${total.toFixed(1)} s in all.`;
  return [...head, ...body, foot].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
  const shippedConfig = readFileSync(join(REPO_ROOT, 'secon-bot.yaml'), 'utf8');
  const root = mkdtempSync(join(tmpdir(), 'secon-catalogue-'));
  const server = new RedisServerProcess({ appendOnly: false });
  try {
    const redisUrl = await server.start();
    const fixtures = await setUp(root, redisUrl, shippedConfig);
    const rows: Row[] = [];
    // One at a time: the machine is shared, and the times in the rows should mean something.
    for (const [i, c] of CASES.entries()) {
      const row = await runCase(c, i + 1, root, redisUrl, fixtures);
      process.stderr.write(`${row.ok ? '✓' : '✗'} ${row.n} ${row.case} (${row.seconds} s)\n`);
      rows.push(row);
    }
    process.stdout.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : `${markdownTable(rows)}\n`);
    process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
