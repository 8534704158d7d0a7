import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/config/config-schema.ts';
import { historyCsv } from '../../src/log/history-format.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { runInProcess } from '../helpers/cli.ts';
import { logEntry, minutesAfter } from '../helpers/log-entries.ts';
import { deletePrefix, testRedis, testRedisUrl, uniquePrefix } from '../helpers/redis.ts';

/**
 * What an auditor asks of a quarter's export besides the link and the final state: who approved
 * each post and when, in a zone the reader can tell. The record's own actor is the last one to
 * touch it (the worker that published it), so the approval comes from what the record keeps of
 * its history (src/log/post-facts.ts), which outlives retention.
 */
let redis: Redis;
let dir: string;
let config: string;
const prefix = uniquePrefix('approval');
const T0 = '2026-11-02T08:00:00.000Z';

const APPROVED = 'riga.facebook-secon.bg.announcement';
const NEVER_HELD = 'riga.x-secon.en.announcement';
const SENT_BACK = 'riga.facebook-secon.el.announcement';

async function fill(): Promise<void> {
  const log = new RedisPublishingLog(redis, redisKeys(prefix));
  const post = (postId: string, language: string, channel = 'facebook-secon', platform: Platform = 'facebook') =>
    logEntry({ postId, newsId: 'riga', channel, platform, language, plannedAt: minutesAfter(T0, 60) });
  // Held for approval, approved on the desk by maria, then published by the worker.
  const bg = post(APPROVED, 'bg');
  await log.transition({ ...bg, at: T0, state: 'awaiting-approval', actor: 'cli:schedule' }, [null]);
  await log.transition({ ...bg, at: minutesAfter(T0, 10), state: 'scheduled', actor: 'web:maria', note: 'approved' }, [
    'awaiting-approval',
  ]);
  await log.transition({ ...bg, at: minutesAfter(T0, 60), attempt: 1, state: 'publishing', actor: 'worker:1' }, [
    'scheduled',
  ]);
  await log.transition(
    {
      ...bg,
      at: minutesAfter(T0, 61),
      attempt: 1,
      state: 'published',
      actor: 'worker:1',
      url: 'https://www.facebook.com/1_2',
    },
    ['publishing'],
  );
  // Never held: nobody approved it, and the export must not say someone did.
  const en = post(NEVER_HELD, 'en', 'x-secon', 'twitter');
  await log.transition({ ...en, at: T0, state: 'scheduled', actor: 'cli:schedule' }, [null]);
  // Approved, then edited back into awaiting approval: the earlier approval no longer holds.
  const el = post(SENT_BACK, 'el');
  await log.transition({ ...el, at: T0, state: 'awaiting-approval', actor: 'cli:schedule' }, [null]);
  await log.transition({ ...el, at: minutesAfter(T0, 5), state: 'scheduled', actor: 'cli:approve', note: 'approved' }, [
    'awaiting-approval',
  ]);
  await log.transition({ ...el, at: minutesAfter(T0, 20), state: 'awaiting-approval', actor: 'web:nikos' }, [
    'scheduled',
  ]);
}

beforeAll(async () => {
  redis = testRedis();
  dir = mkdtempSync(join(tmpdir(), 'secon-history-approval-'));
  process.env.REDIS_URL = testRedisUrl();
  const yaml = readFileSync(new URL('../../secon-bot.yaml', import.meta.url), 'utf8').replace(
    /keyPrefix: \S+/,
    `keyPrefix: ${prefix}`,
  );
  config = join(dir, 'config.yaml');
  writeFileSync(config, yaml);
  await fill();
});
afterAll(async () => {
  await deletePrefix(redis, prefix);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<string> {
  const result = await runInProcess(['--config', config, 'history', ...args]);
  expect(result.error).toBeUndefined();
  return result.stdout;
}

describe('history for an audit: who approved each post, and when', () => {
  it('CSV names the approver, the approval time (UTC and local) and the zone of every local column', async () => {
    const rows = parse(await run(['--format', 'csv', '--bom']), { bom: true, columns: true }) as Array<
      Record<string, string>
    >;
    const byId = new Map(rows.map((row) => [row.postId, row]));
    const approved = byId.get(APPROVED)!;
    expect(approved.state).toBe('published');
    expect(approved.actor).toBe('worker:1');
    expect(approved.approvedBy).toBe('web:maria');
    expect(approved.approvedAt).toBe(minutesAfter(T0, 10));
    expect(approved.approvedAtLocal).toBe('2026-11-02 10:10'); // Athens is UTC+2 in November
    expect(approved.timeZone).toBe('Europe/Athens');
    for (const id of [NEVER_HELD, SENT_BACK]) {
      expect(byId.get(id)!.approvedBy).toBe('');
      expect(byId.get(id)!.approvedAt).toBe('');
      expect(byId.get(id)!.timeZone).toBe('Europe/Athens');
    }
  });

  it('JSON and NDJSON carry approvedBy and approvedAt, only for posts someone approved', async () => {
    const records = JSON.parse(await run(['--format', 'json'])) as Array<Record<string, unknown>>;
    const byId = new Map(records.map((r) => [r.postId, r]));
    expect(byId.get(APPROVED)).toMatchObject({ approvedBy: 'web:maria', approvedAt: minutesAfter(T0, 10) });
    expect(byId.get(NEVER_HELD)).not.toHaveProperty('approvedBy');
    expect(byId.get(SENT_BACK)).not.toHaveProperty('approvedBy');
    const lines = (await run(['--format', 'ndjson'])).trimEnd().split('\n');
    const ndjson = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(ndjson.find((r) => r.postId === APPROVED)).toMatchObject({ approvedBy: 'web:maria' });
  });

  it('a CSV made without reading approvals (the desk) has no approval columns that would read as "nobody"', async () => {
    const records = await new RedisPublishingLog(redis, redisKeys(prefix)).query({});
    const header = historyCsv(records, { zone: 'Europe/Athens' }).split('\n')[0]!;
    expect(header).not.toContain('approvedBy');
    expect(header.endsWith(',note,timeZone')).toBe(true);
  });

  // Last: it trims the whole log of this file's prefix.
  it('`show` names the approver; the CSV and `show` still do once retention has trimmed the entries', async () => {
    const show = async () => {
      const result = await runInProcess(['--config', config, 'show', APPROVED]);
      expect(result.error).toBeUndefined();
      return result.stdout;
    };
    const approvedLine = 'approved  by web:maria, 2026-11-02 10:10 Europe/Athens';
    expect(await show()).toContain(approvedLine);
    await redis.xtrim(redisKeys(prefix).logStream, 'MINID', `${Date.now() + 1}-0`);
    const after = await show();
    expect(after).toContain('Timeline (0 entries)');
    expect(after).toContain(approvedLine);
    const rows = parse(await run(['--format', 'csv']), { columns: true }) as Array<Record<string, string>>;
    expect(rows.find((row) => row.postId === APPROVED)).toMatchObject({ approvedBy: 'web:maria' });
    expect(rows.find((row) => row.postId === SENT_BACK)).toMatchObject({ approvedBy: '' });
    const shown = JSON.parse((await runInProcess(['--config', config, 'show', APPROVED, '--json'])).stdout) as {
      record: Record<string, unknown>;
    };
    expect(shown.record).toMatchObject({ approvedBy: 'web:maria', approvedAt: minutesAfter(T0, 10) });
  });
});
