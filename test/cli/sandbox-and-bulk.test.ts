import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisNotice } from '../../cli/cli-context.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { nextEntry } from '../../src/publishing/log-entries.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { CLI_BIN, REPO_ROOT, runCli } from '../helpers/cli.ts';
import { deletePrefix, testRedis, testRedisUrl, uniquePrefix } from '../helpers/redis.ts';

const prefix = uniquePrefix('sbx');
const dir = mkdtempSync(join(tmpdir(), 'secon-sbx-'));
const config = join(dir, 'secon-bot.yaml');
let sandbox: ChildProcess;
let sandboxUrl = '';
/** The environment of a person with no credentials at all: the sandbox overlay must bring them. */
const env: NodeJS.ProcessEnv = {};

/** Every credential variable of the shipped configuration, set to nothing. */
function withoutCredentials(): NodeJS.ProcessEnv {
  const text = readFileSync(join(REPO_ROOT, 'secon-bot.yaml'), 'utf8');
  return Object.fromEntries([...text.matchAll(/\b(SECON_[A-Z_]+)\b/g)].map((m) => [m[1]!, '']));
}

beforeAll(async () => {
  writeFileSync(
    config,
    readFileSync(join(REPO_ROOT, 'secon-bot.yaml'), 'utf8').replace(/^ {2}keyPrefix: .*$/m, `  keyPrefix: ${prefix}`),
  );
  Object.assign(env, withoutCredentials(), { REDIS_URL: testRedisUrl(), SECON_BOT_CONFIG: config, NO_COLOR: '1' });
  sandbox = spawn(
    process.execPath,
    [CLI_BIN, 'sandbox', '--port', '0', '--json', '--write', join(dir, '.env.sandbox')],
    {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  sandbox.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 30_000;
  while (!out.endsWith('}\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  sandboxUrl = (JSON.parse(out) as { url: string }).url;
}, 40_000);

afterAll(async () => {
  await new Promise<void>((resolve) => {
    if (sandbox.exitCode !== null) return resolve();
    sandbox.once('exit', () => resolve());
    sandbox.kill('SIGINT');
  });
  const redis = testRedis();
  await deletePrefix(redis, prefix);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

describe('pointing any command at the sandboxes', { timeout: 60_000 }, () => {
  it('`sandbox` prints and writes the lines that do it: the URL and the credentials the sandboxes accept', () => {
    expect(sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const lines = readFileSync(join(dir, '.env.sandbox'), 'utf8').split('\n');
    expect(lines).toContain(`SECON_BOT_SANDBOX=${sandboxUrl}`);
    expect(lines).toContain('SECON_LINKEDIN_TOKEN=sandbox-linkedin-access-token');
    expect(lines.filter((l) => l.startsWith('#')).join('\n')).toContain('set -a;');
  });

  it('SECON_BOT_SANDBOX or --sandbox: doctor passes with no credentials in the environment, the file untouched', async () => {
    const before = readFileSync(config, 'utf8');
    const real = await runCli(['doctor', '--json'], { env });
    expect(real.code).toBe(1);
    for (const run of [
      await runCli(['doctor', '--json'], { env: { ...env, SECON_BOT_SANDBOX: sandboxUrl } }),
      await runCli(['--sandbox', sandboxUrl, 'doctor', '--json'], { env }),
    ]) {
      expect(run.code, run.stdout).toBe(0);
      const { checks } = JSON.parse(run.stdout) as { checks: Array<{ name: string; ok: boolean; detail: string }> };
      expect(checks.filter((c) => c.name.startsWith('channel ')).map((c) => c.ok)).toEqual([true, true, true]);
      expect(run.stderr).toContain(`secon-bot: sandbox platforms at ${sandboxUrl}`);
    }
    expect(readFileSync(config, 'utf8')).toBe(before);
  });

  it('a bad sandbox URL is bad usage', async () => {
    const run = await runCli(['--sandbox', 'localhost:4100', 'config'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected an http(s) URL, e.g. http://127.0.0.1:4100');
  });

  // Generous limits: on a loaded CI machine the worker's start and graceful stop (BullMQ's workers
  // closing, the app's connections) once took longer than 30 s and the last line was cut off.
  it('the worker logs readable lines on a terminal (pino-pretty), JSON lines elsewhere', { timeout: 150_000 }, () => {
    // --foreground: `timeout` signals the worker alone. Without it, it also signals its whole
    // process group, so the worker got SIGTERM twice; under load the second came after the first
    // was handled, found no handler (a second signal is left to end the worker at once) and
    // ended it before "worker stopped" (a CI failure: the last line was "stopping…").
    const worker = `timeout --foreground -s TERM 6 ${process.execPath} ${CLI_BIN} --sandbox ${sandboxUrl} worker --port 0`;
    const workerEnv = { ...process.env, ...env, LOG_LEVEL: 'info', FORCE_COLOR: '' };
    // `script` gives the worker a terminal.
    const onTerminal = spawnSync('script', ['-qfec', worker, '/dev/null'], {
      env: workerEnv,
      encoding: 'utf8',
      timeout: 70_000,
    });
    expect(onTerminal.stdout).toMatch(/INFO.*worker started/);
    expect(onTerminal.stdout).not.toMatch(/^\{"level":/m);
    const piped = spawnSync('sh', ['-c', worker], { env: workerEnv, encoding: 'utf8', timeout: 70_000 });
    const lines = piped.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string });
    const how = `exit ${piped.status}, signal ${piped.signal}, ${piped.error?.message ?? 'no spawn error'}`;
    expect(
      lines.map((l) => l.msg),
      how,
    ).toEqual(expect.arrayContaining(['worker started', 'worker stopped']));
  });

  it('without REDIS_URL a command says first which Redis it uses', async () => {
    expect(await redisNotice({})).toBe('using Redis at redis://127.0.0.1:6379 (REDIS_URL is not set)');
    expect(await redisNotice({ REDIS_URL: 'redis://cache:6379' })).toBeUndefined();
    const shown = await runCli(['config'], { env: { ...env, REDIS_URL: '' } });
    expect(shown.stdout).toContain('redis     redis://127.0.0.1:6379 (REDIS_URL is not set: the default)');
  });
});

describe('schedule says why nothing goes out; bulk approve and cancel', { timeout: 60_000 }, () => {
  it('news from 2023 yields no posts: schedule says why and exits 1', async () => {
    const run = await runCli(['schedule', join(REPO_ROOT, 'news', '2023-11-haskovo-workshop.md')], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /haskovo-workshop-2023 \(.*\): scheduled — no posts: .*the event started at 2023-11-13 09:00 Europe\/Sofia/,
    );
    expect(run.stderr).toContain('nothing was scheduled: 1 item, no post to send');
    expect(run.stderr).toContain('`secon-bot new` writes one dated from today');
    expect(run.stderr).toContain('(see why above)');
    // With --json nothing is printed above: the stderr line points into the JSON instead.
    const json = await runCli(
      ['schedule', join(REPO_ROOT, 'news', '2023-11-haskovo-workshop.md'), '--dry-run', '--json'],
      { env },
    );
    expect(json.code).toBe(1);
    expect(json.stderr).toContain("(see each item's noPosts in the JSON)");
    const items = (JSON.parse(json.stdout) as { items: Array<{ noPosts?: string }> }).items;
    expect(items[0]!.noPosts).toMatch(/the event started at 2023-11-13/);
    const ingest = await runCli(
      ['ingest', join(REPO_ROOT, 'news', '2023-11-haskovo-workshop.md'), '--dry-run', '--json'],
      { env },
    );
    expect(ingest.code).toBe(1);
    expect(ingest.stderr).toContain("(see each item's skipped in the JSON)");
    expect((JSON.parse(ingest.stdout) as { items: Array<{ skipped: unknown[] }> }).items[0]!.skipped).not.toEqual([]);
  });

  it('schedule --dry-run --now plans as of that time, as preview --now does; --now without --dry-run is refused (ingest too)', async () => {
    const news = join(REPO_ROOT, 'news', '2023-11-haskovo-workshop.md');
    const now = '2023-11-10T09:00:00+02:00';
    const plan = await runCli(['schedule', news, '--dry-run', '--now', now, '--json'], { env });
    expect(plan.code, plan.stderr).toBe(0);
    const result = JSON.parse(plan.stdout) as {
      dryRun: boolean;
      now: string;
      posts: number;
      items: Array<{ status: string; posts: Array<{ postId: string; plannedAt: string }> }>;
    };
    expect(result).toMatchObject({ dryRun: true, now: '2023-11-10T07:00:00.000Z', items: [{ status: 'planned' }] });
    expect(result.posts).toBeGreaterThan(0);
    const preview = await runCli(['preview', news, '--now', now, '--json'], { env });
    const previewed = JSON.parse(preview.stdout) as Array<{ postId: string; plannedAt: string }>;
    const times = (posts: Array<{ postId: string; plannedAt: string }>) =>
      posts.map((p) => `${p.postId} ${p.plannedAt}`).sort();
    expect(times(result.items[0]!.posts)).toEqual(times(previewed));

    const forPeople = await runCli(['schedule', news, '--dry-run', '--now', now], { env });
    expect(forPeople.code).toBe(0);
    expect(forPeople.stderr).toContain(`${result.posts} posts planned as of ${now} (dry run: nothing queued)`);

    const real = await runCli(['schedule', news, '--now', now], { env });
    expect(real.code).toBe(2);
    expect(real.stderr).toContain('schedule: --now goes with --dry-run only');
    expect(real.stdout).toBe('');
    const history = await runCli(['history', '--news', 'haskovo-workshop-2023', '--json'], { env });
    expect(JSON.parse(history.stdout)).toEqual([]);

    // ingest takes --now the same way: a real ingest with it would date undated items from the
    // given clock and plan their posts from the real one.
    const ingest = await runCli(['ingest', news, '--now', now], { env });
    expect(ingest.code).toBe(2);
    expect(ingest.stderr).toContain('ingest: --now goes with --dry-run only');
    expect(
      JSON.parse((await runCli(['history', '--news', 'haskovo-workshop-2023', '--json'], { env })).stdout),
    ).toEqual([]);

    // The value is checked as preview checks it.
    const bad = await runCli(['schedule', news, '--dry-run', '--now', '2023-11-10'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--now "2023-11-10": expected an ISO 8601 date-time with a zone');
  });

  it('a dry run or preview of several items plans each around the ones before it (schedule, ingest, preview)', async () => {
    const now = '2030-03-04T08:00:00+02:00';
    const rows = ['season-a', 'season-b', 'season-c'].map(
      (id) =>
        `${id},news,en,Item ${id},Partners share ${id}.,https://www.interregeurope.eu/secon,2030-03-04T08:00:00+02:00`,
    );
    const file = join(dir, 'season.csv');
    writeFileSync(file, ['id,kind,language,title,summary,url,published', ...rows, ''].join('\n'));
    const xTimes = (items: Array<{ posts: Array<{ channel: string; plannedAt: string }> }>) =>
      items.map((item) => item.posts.find((p) => p.channel === 'x-secon')!.plannedAt);
    const schedule = await runCli(['schedule', file, '--dry-run', '--now', now, '--json'], { env });
    expect(schedule.code, schedule.stderr).toBe(0);
    const scheduled = xTimes((JSON.parse(schedule.stdout) as { items: Parameters<typeof xTimes>[0] }).items);
    // X's slots are 10:00 and 15:00 with two hours between news items: three items, three slots.
    expect(scheduled).toEqual(['2030-03-04T08:00:00.000Z', '2030-03-04T13:00:00.000Z', '2030-03-05T08:00:00.000Z']);
    const ingest = await runCli(['ingest', file, '--dry-run', '--now', now, '--json'], { env });
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(xTimes((JSON.parse(ingest.stdout) as { items: Parameters<typeof xTimes>[0] }).items)).toEqual(scheduled);
    const preview = await runCli(['preview', file, '--now', now, '--channel', 'x-secon', '--json'], { env });
    expect(preview.code, preview.stderr).toBe(0);
    expect((JSON.parse(preview.stdout) as Array<{ plannedAt: string }>).map((p) => p.plannedAt)).toEqual(scheduled);
  });

  it('--all-waiting with --channel approves only those; cancel --all-waiting the rest; a selection must be one way', async () => {
    const news = join(dir, 'bulk.md');
    const title = ['--title', 'Bulk test', '--summary', 'Partners meet.', '--id', `bulk-${prefix}`];
    expect((await runCli(['new', 'announcement', ...title, '-o', news], { env })).code).toBe(0);
    expect((await runCli(['schedule', news, '--approval'], { env })).code).toBe(0);

    const approved = await runCli(['approve', '--all-waiting', '--channel', 'x-secon', '--json'], { env });
    expect(approved.code, approved.stderr).toBe(0);
    const result = JSON.parse(approved.stdout) as {
      approved: Array<{ channel: string; state: string; plannedAt: string }>;
      failed: unknown[];
    };
    expect(result.approved.length).toBeGreaterThan(1);
    expect(new Set(result.approved.map((r) => r.channel))).toEqual(new Set(['x-secon']));
    // Soonest first, as the agenda lists them (they came in post-id order: event-day before reminder).
    const times = result.approved.map((r) => Date.parse(r.plannedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(result.failed).toEqual([]);

    const cancelled = await runCli(['cancel', '--all-waiting'], { env });
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toMatch(/^\d+ cancelled$/m);
    expect(cancelled.stdout).not.toContain('x-secon');

    const agenda = JSON.parse((await runCli(['agenda', '--json'], { env })).stdout) as {
      posts: Array<{ channel: string; state: string }>;
    };
    expect(new Set(agenda.posts.map((p) => `${p.channel} ${p.state}`))).toEqual(new Set(['x-secon scheduled']));

    for (const args of [
      ['approve'],
      ['approve', 'some.post', '--all-waiting'],
      ['cancel', 'a.post', '--channel', 'x-secon'],
      ['approve', '--news', ''],
      ['cancel', '--news', 'a', 'a.post'],
    ]) {
      const run = await runCli(args, { env });
      expect(run.code, args.join(' ')).toBe(2);
    }
  });

  it('approve and cancel take several --news ids as history does; one without posts is named, never skipped', async () => {
    const [a, b, none] = ['multi-a', 'multi-b', 'multi-none'].map((id) => `${id}-${prefix}`) as [
      string,
      string,
      string,
    ];
    for (const id of [a, b]) {
      const file = join(dir, `${id}.md`);
      const fields = ['--title', `Multi ${id}`, '--summary', 'Partners meet.', '--id', id, '-o', file];
      expect((await runCli(['new', 'announcement', ...fields], { env })).code).toBe(0);
      expect((await runCli(['schedule', file, '--approval'], { env })).code).toBe(0);
    }
    type Outcome = {
      approved?: Array<{ postId: string; newsId: string; channel: string }>;
      cancelled?: Array<{ postId: string; newsId: string; channel: string }>;
      failed: Array<{ postId: string | null; newsId: string | null; message: string }>;
    };

    // Comma-separated, with --channel: both items' posts on that channel, nothing else.
    const both = await runCli(['approve', '--news', `${a},${b}`, '--channel', 'linkedin-secon', '--json'], { env });
    expect(both.code, both.stderr).toBe(0);
    const approved = (JSON.parse(both.stdout) as Outcome).approved!;
    expect(new Set(approved.map((r) => `${r.newsId} ${r.channel}`))).toEqual(
      new Set([`${a} linkedin-secon`, `${b} linkedin-secon`]),
    );

    // Repeated, with an id that has no posts: it is reported by name (exit 2); the known one goes ahead.
    const mixed = await runCli(['approve', '--news', a, '--news', none, '--json'], { env });
    expect(mixed.code).toBe(2);
    const outcome = JSON.parse(mixed.stdout) as Outcome;
    // Every failed entry has one shape, { postId, newsId, message }, null where not known.
    expect(outcome.failed).toEqual([{ postId: null, newsId: none, message: expect.stringMatching(/^no posts found/) }]);
    expect(outcome.approved!.length).toBeGreaterThan(0);
    expect(new Set(outcome.approved!.map((r) => r.newsId))).toEqual(new Set([a]));
    // Post ids: the one that cannot be approved (not waiting) names its news item; an unknown one has none.
    const post = outcome.approved![0]!.postId;
    const byIds = await runCli(['approve', post, `no-such.post-${prefix}`, '--json'], { env });
    expect(byIds.code).toBe(2);
    const failed = (JSON.parse(byIds.stdout) as Outcome).failed;
    expect(failed).toEqual([
      { postId: post, newsId: a, message: expect.any(String) },
      { postId: `no-such.post-${prefix}`, newsId: null, message: expect.any(String) },
    ]);

    // One id without posts is bad input, as before: said on stderr, nothing done.
    for (const command of ['approve', 'cancel']) {
      const alone = await runCli([command, '--news', none], { env });
      expect(alone.code).toBe(2);
      expect(alone.stderr).toContain(`no posts found for news id "${none}"`);
      expect(alone.stdout).toBe('');
    }
    // Posts of a selected item that do not wait are left as they are, and said so.
    const onChannel = await runCli(['approve', '--news', b, '--channel', 'linkedin-secon'], { env });
    expect(onChannel.code).toBe(0);
    // The state once, then why it is left: not "scheduled, … (scheduled, not waiting for approval)".
    expect(onChannel.stdout).toMatch(
      /^left as is \S+linkedin-secon\S+: scheduled, [^(]+ \(not waiting for approval\)$/m,
    );

    // cancel: several ids, for people; the unknown one named on its own line and counted.
    const cancelled = await runCli(['cancel', '--news', `${none},${a}`, '--news', b], { env });
    expect(cancelled.code).toBe(2);
    expect(cancelled.stdout).toContain(`failed news ${none}: no posts found`);
    expect(cancelled.stdout).toMatch(/^\d+ cancelled, 1 failed$/m);
    const history = JSON.parse((await runCli(['history', '--news', `${a},${b}`, '--json'], { env })).stdout) as Array<{
      state: string;
    }>;
    expect(history.length).toBeGreaterThan(0);
    expect(new Set(history.map((r) => r.state))).toEqual(new Set(['cancelled']));
    // Once more: every post is left as is, the state said once and the reason after it.
    const again = await runCli(['cancel', '--news', b], { env });
    expect(again.stdout).toMatch(/^left as is \S+: cancelled, [^(]+ \(nothing to do\)$/m);
    expect(again.stdout).not.toMatch(/already cancelled/);

    // A post already live is left, with where it is: the event is off, it is taken down by hand.
    const c = `multi-c-${prefix}`;
    const file = join(dir, `${c}.md`);
    const fields = ['--title', `Multi ${c}`, '--summary', 'Partners meet.', '--id', c, '-o', file];
    expect((await runCli(['new', 'announcement', ...fields], { env })).code).toBe(0);
    expect((await runCli(['schedule', file], { env })).code).toBe(0);
    const redis = testRedis();
    try {
      const log = new RedisPublishingLog(redis, redisKeys(prefix));
      const [first] = await log.query({ newsId: [c] });
      const url = 'https://x.com/SeconProject_eu/status/4242';
      await log.transition(
        nextEntry(first!, 'published', new Date(), { actor: 'worker:test', attempt: 1, platformPostId: '4242', url }),
        [first!.state],
      );
      const late = await runCli(['cancel', '--news', c], { env });
      expect(late.code).toBe(0);
      expect(late.stdout).toContain(`left as is ${first!.postId}: published, `);
      expect(late.stdout).toContain(`(too late to cancel; it is live at ${url})`);
    } finally {
      await redis.quit();
    }
  });
});
