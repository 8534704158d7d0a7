import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/input-error.ts';
import type { ActivityPage } from '../../src/log/log-activity.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { ChannelState } from '../../src/publishing/channel-state.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { runInProcess } from '../helpers/cli.ts';
import { logEntry } from '../helpers/log-entries.ts';
import { deletePrefix, testRedis, testRedisUrl, uniquePrefix } from '../helpers/redis.ts';

let redis: Redis;
let dir: string;
let config: string;
const prefix = uniquePrefix('activity-cli');
const savedRedisUrl = process.env.REDIS_URL;

/** A morning on the project: nikos schedules, maria approves on the desk and reschedules in the terminal, the worker publishes. */
const CHANGES = [
  { actor: 'cli:nikos', state: 'scheduled', note: 'scheduled' },
  { actor: 'web:maria', state: 'scheduled', note: 'approved' },
  { actor: 'cli:maria', state: 'scheduled', note: 'rescheduled from 11:00 to 10:00' },
  { actor: 'worker:host-a:41', state: 'publishing' },
  { actor: 'worker:host-a:41', state: 'published', url: 'https://x.com/SeconProject_eu/status/1' },
] as const;

async function run(args: string[]) {
  return runInProcess(['--config', config, 'activity', ...args]);
}

beforeAll(async () => {
  redis = testRedis();
  dir = mkdtempSync(join(tmpdir(), 'secon-activity-cli-'));
  config = join(dir, 'secon-bot.yaml');
  writeFileSync(
    config,
    readFileSync(new URL('../../secon-bot.yaml', import.meta.url), 'utf8').replace(
      /keyPrefix: \S+/,
      `keyPrefix: ${prefix}`,
    ),
  );
  process.env.REDIS_URL = testRedisUrl();
  const log = new RedisPublishingLog(redis, redisKeys(prefix));
  for (const [i, change] of CHANGES.entries())
    await log.append(
      logEntry({ ...change, attempt: i > 2 ? 1 : 0, at: new Date(Date.UTC(2026, 11, 7, 8, i)).toISOString() }),
    );
});

afterAll(async () => {
  await deletePrefix(redis, prefix);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
  if (savedRedisUrl === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = savedRedisUrl;
});

describe('secon-bot activity', () => {
  it('lists every change newest first with who made it, in the project’s time', async () => {
    const { stdout, error } = await run([]);
    expect(error).toBeUndefined();
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^WHEN \(Europe\/Athens\)\s+BY\s+POST\s+STATE\s+DETAIL$/);
    expect(lines.slice(2).map((l) => l.split(/\s{2,}/)[1])).toEqual(CHANGES.map((c) => c.actor).reverse());
    // 08:04 UTC is 10:04 in Athens.
    expect(lines[2]).toMatch(
      /^2026-12-07 10:04\s+worker:host-a:41\s+haskovo-workshop\.x-secon\.en\.announcement\s+published\s+https:\/\/x\.com/,
    );
    expect(lines[4]).toContain('rescheduled from 11:00 to 10:00');
  });

  it('--by a name: what she did on the desk and in the terminal; --json pages on with --before', async () => {
    const maria = JSON.parse((await run(['--by', 'maria', '--json'])).stdout) as ActivityPage;
    expect(maria.entries.map((e) => e.actor)).toEqual(['cli:maria', 'web:maria']);
    expect(maria.next).toBeUndefined();
    const first = await run(['--limit', '2', '--json']);
    const page = JSON.parse(first.stdout) as ActivityPage;
    expect(page.entries.map((e) => e.actor)).toEqual(['worker:host-a:41', 'worker:host-a:41']);
    const second = JSON.parse((await run(['--limit', '2', '--json', '--before', page.next!])).stdout) as ActivityPage;
    expect(second.entries.map((e) => e.actor)).toEqual(['cli:maria', 'web:maria']);
    // The table says where the next page starts.
    expect((await run(['--limit', '2'])).stderr).toContain(`(more: --before ${page.next})`);
  });

  it('--format csv and ndjson: every change that matches, newest first, who and when first; no page options', async () => {
    const csv = parse((await run(['--format', 'csv', '--by', 'maria'])).stdout, { columns: true }) as Array<
      Record<string, string>
    >;
    expect(csv.map((r) => [r.actor, r.atLocal, r.note])).toEqual([
      ['cli:maria', '2026-12-07 10:02', 'rescheduled from 11:00 to 10:00'],
      ['web:maria', '2026-12-07 10:01', 'approved'],
    ]);
    expect(Object.keys(csv[0]!).slice(0, 4)).toEqual(['at', 'atLocal', 'actor', 'postId']);
    const lines = (await run(['--format', 'ndjson'])).stdout.trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { actor: string }).actor)).toEqual(CHANGES.map((c) => c.actor).reverse());
    // Nobody: a CSV of its header only, which a spreadsheet still opens.
    expect((await run(['--format', 'csv', '--by', 'nobody'])).stdout).toMatch(/^at,atLocal,actor,[^\n]*\n$/);
    const { error } = await run(['--format', 'csv', '--limit', '2']);
    expect((error as Error).message).toBe(
      '--limit: a csv export holds every change that matches; narrow it with --since, --until or --by',
    );
  });

  it('shows who paused and resumed a channel among the changes, in the table and in every format', async () => {
    const channels = new ChannelState(redis, redisKeys(prefix));
    await channels.pause('x-secon', 'token renewal', 'web:maria');
    await channels.resume('x-secon', 'cli:nikos');
    try {
      const lines = (await run([])).stdout.trimEnd().split('\n');
      expect(lines.slice(2, 4).map((l) => l.split(/\s{2,}/).slice(1))).toEqual([
        ['cli:nikos', 'channel x-secon', 'resumed', 'token renewal'],
        ['web:maria', 'channel x-secon', 'paused', 'token renewal'],
      ]);
      expect(lines).toHaveLength(2 + CHANGES.length + 2);
      const maria = JSON.parse((await run(['--by', 'maria', '--json'])).stdout) as ActivityPage;
      expect(maria.channelEvents).toMatchObject([{ channel: 'x-secon', kind: 'paused', by: 'web:maria' }]);
      expect(maria.entries.map((e) => e.actor)).toEqual(['cli:maria', 'web:maria']);
      const csv = parse((await run(['--format', 'csv', '--by', 'nikos'])).stdout, { columns: true }) as Array<
        Record<string, string>
      >;
      expect(csv.map((r) => [r.actor, r.postId, r.channel, r.state, r.note])).toEqual([
        ['cli:nikos', '', 'x-secon', 'resumed', 'token renewal'],
        ['cli:nikos', 'haskovo-workshop.x-secon.en.announcement', 'x-secon', 'scheduled', 'scheduled'],
      ]);
      const ndjson = (await run(['--format', 'ndjson', '--by', 'web'])).stdout.trimEnd().split('\n');
      expect(JSON.parse(ndjson[0]!)).toEqual({
        at: maria.channelEvents[0]!.at,
        actor: 'web:maria',
        state: 'paused',
        note: 'token renewal',
        channel: 'x-secon',
      });
      expect(ndjson).toHaveLength(2);
    } finally {
      await redis.del(redisKeys(prefix).channel('x-secon'), redisKeys(prefix).channelEvents('x-secon'));
    }
  });

  it('--news and --channel: the changes to those posts; an unknown channel is refused, naming the configured ones', async () => {
    const onX = JSON.parse((await run(['--channel', 'x-secon', '--json'])).stdout) as ActivityPage;
    expect(onX.entries).toHaveLength(CHANGES.length);
    expect((JSON.parse((await run(['--channel', 'linkedin-secon', '--json'])).stdout) as ActivityPage).entries).toEqual(
      [],
    );
    const news = JSON.parse(
      (await run(['--news', 'haskovo-workshop', '--by', 'maria', '--json'])).stdout,
    ) as ActivityPage;
    expect(news.entries.map((e) => e.actor)).toEqual(['cli:maria', 'web:maria']);
    expect((await run(['--news', 'another-item'])).stdout).toContain('No changes match.');
    const { error } = await run(['--channel', 'x-secon,mastodon']);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      '--channel: unknown channel "mastodon"; configured: x-secon, linkedin-secon, facebook-secon',
    );
  });

  it('refuses a bad --by, --before or --limit, naming the option and what was expected', async () => {
    for (const [args, message] of [
      [['--by', 'a b'], '--by: "a b" is not a name; expected a user (maria)'],
      [['--before', 'yesterday'], '--before: "yesterday" is not a log id; expected one such as 1699866000000-0'],
      [['--limit', '5000'], '--limit: "5000" is more than 1000 changes a page'],
      [['--since', 'soon'], '--since: "soon" is not a date'],
    ] as const) {
      const { error } = await run([...args]);
      expect(error, args.join(' ')).toBeInstanceOf(InputError);
      expect((error as Error).message, args.join(' ')).toContain(message);
    }
  });
  it('--channel of a channel removed from the configuration: its changes and its pauses, as the log keeps them', async () => {
    const log = new RedisPublishingLog(redis, redisKeys(prefix));
    await log.append(
      logEntry({ postId: 'old-news.retired-channel.en.announcement', channel: 'retired-channel', actor: 'cli:nikos' }),
    );
    await new ChannelState(redis, redisKeys(prefix)).pause('retired-channel', 'account closed', 'web:maria');
    const page = JSON.parse((await run(['--channel', 'retired-channel', '--json'])).stdout) as ActivityPage;
    expect(page.entries.map((e) => e.postId)).toEqual(['old-news.retired-channel.en.announcement']);
    expect(page.channelEvents).toMatchObject([
      { channel: 'retired-channel', kind: 'paused', reason: 'account closed' },
    ]);
  });
});
