import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { runInProcess } from '../helpers/cli.ts';
import { logEntry } from '../helpers/log-entries.ts';
import { deletePrefix, testRedis, testRedisUrl, uniquePrefix } from '../helpers/redis.ts';

/**
 * `history export -o file` is what "Back it up" runs from cron: an export that stops half-way must
 * not leave a file that looks like a backup (nor spoil yesterday's of the same name).
 */
let redis: Redis;
let dir: string;
let config: string;
const prefix = uniquePrefix('export');

beforeAll(async () => {
  redis = testRedis();
  dir = mkdtempSync(join(tmpdir(), 'secon-history-export-'));
  process.env.REDIS_URL = testRedisUrl();
  const yaml = readFileSync(new URL('../../secon-bot.yaml', import.meta.url), 'utf8').replace(
    /keyPrefix: \S+/,
    `keyPrefix: ${prefix}`,
  );
  config = join(dir, 'config.yaml');
  writeFileSync(config, yaml);
  const log = new RedisPublishingLog(redis, redisKeys(prefix));
  await log.transition(logEntry({ state: 'scheduled' }), [null]);
});
afterAll(async () => {
  await deletePrefix(redis, prefix);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

describe('history export -o', () => {
  it('writes the file whole, or leaves no new file and an earlier one as it was', async () => {
    const file = join(dir, 'log.ndjson');
    const good = await runInProcess(['--config', config, 'history', 'export', '-o', file]);
    expect(good.error).toBeUndefined();
    const before = readFileSync(file, 'utf8');
    expect(before.trimEnd().split('\n')).toHaveLength(1);

    // An entry the export cannot read stops it after it has begun (as a lost connection would).
    await redis.xadd(redisKeys(prefix).logStream, '*', 'junk', '1');
    const failed = await runInProcess(['--config', config, 'history', 'export', '-o', file]);
    expect(failed.error).toBeDefined();
    expect(readFileSync(file, 'utf8')).toBe(before);
    const fresh = join(dir, 'fresh.ndjson');
    const failedFresh = await runInProcess(['--config', config, 'history', 'export', '-o', fresh]);
    expect(failedFresh.error).toBeDefined();
    expect(existsSync(fresh)).toBe(false);
    // Nothing half-written left beside them either.
    expect(readdirSync(dir).sort()).toEqual(['config.yaml', 'log.ndjson']);
  });

  it('holds the posts retention trimmed every entry of, with their current entry, and says so', async () => {
    const trimmedPrefix = uniquePrefix('export-trim');
    const yaml = readFileSync(config, 'utf8').replace(/keyPrefix: \S+/, `keyPrefix: ${trimmedPrefix}`);
    const trimmedConfig = join(dir, 'trimmed.yaml');
    writeFileSync(trimmedConfig, yaml);
    try {
      const log = new RedisPublishingLog(redis, redisKeys(trimmedPrefix), { retentionDays: 1 });
      await log.transition(logEntry({ postId: 'old.x-secon.en.announcement', newsId: 'old' }), [null]);
      await log.trim(new Date(Date.now() + 2 * 86_400_000));
      await log.transition(logEntry({ postId: 'new.x-secon.en.announcement', newsId: 'new' }), [null]);
      const file = join(dir, 'trimmed.ndjson');
      const run = await runInProcess(['--config', trimmedConfig, 'history', 'export', '-o', file]);
      expect(run.error).toBeUndefined();
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      expect(lines.map((line) => (JSON.parse(line) as { postId: string }).postId)).toEqual([
        'old.x-secon.en.announcement',
        'new.x-secon.en.announcement',
      ]);
      expect(run.stderr).toMatch(/1 post is in this export with their current entry only .*retention/);
      expect(run.stderr).toContain('old.x-secon.en.announcement');
      // For scripts (a backup job that keeps the exports made before a trim): the same as JSON.
      const json = await runInProcess(['--config', trimmedConfig, 'history', 'export', '-o', file, '--json']);
      expect(json.error).toBeUndefined();
      expect(JSON.parse(json.stdout)).toEqual({
        exported: 2,
        file,
        currentOnly: ['old.x-secon.en.announcement'],
      });
    } finally {
      await deletePrefix(redis, trimmedPrefix);
      rmSync(join(dir, 'trimmed.yaml'), { force: true });
      rmSync(join(dir, 'trimmed.ndjson'), { force: true });
    }
  });

  it('history trim counts in words: "1 entry older than 1 day"', async () => {
    const trimPrefix = uniquePrefix('trim-words');
    const yaml = readFileSync(config, 'utf8').replace(/keyPrefix: \S+/, `keyPrefix: ${trimPrefix}`);
    const trimConfig = join(dir, 'trim.yaml');
    writeFileSync(trimConfig, `${yaml}\nlog:\n  retentionDays: 1\n`);
    try {
      await redis.xadd(redisKeys(trimPrefix).logStream, `${Date.now() - 3 * 86_400_000}-0`, 'junk', '1');
      const run = await runInProcess(['--config', trimConfig, 'history', 'trim']);
      expect(run.error).toBeUndefined();
      expect(run.stdout.trim()).toBe('removed 1 entry older than 1 day');
    } finally {
      await deletePrefix(redis, trimPrefix);
      rmSync(trimConfig, { force: true });
    }
  });
});
