import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/input-error.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { runInProcess } from '../helpers/cli.ts';
import { logEntry, minutesAfter } from '../helpers/log-entries.ts';
import { deletePrefix, testRedis, testRedisUrl, uniquePrefix } from '../helpers/redis.ts';

/** "Back it up" with a backup that has one broken line: the admin can still restore the rest. */
let redis: Redis;
let dir: string;
const prefixes: string[] = [];

function configFor(prefix: string): string {
  prefixes.push(prefix);
  const yaml = readFileSync(new URL('../../secon-bot.yaml', import.meta.url), 'utf8').replace(
    /keyPrefix: \S+/,
    `keyPrefix: ${prefix}`,
  );
  const file = join(dir, `${prefix}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

beforeAll(async () => {
  redis = testRedis();
  dir = mkdtempSync(join(tmpdir(), 'secon-history-import-'));
  process.env.REDIS_URL = testRedisUrl();
});
afterAll(async () => {
  for (const p of prefixes) await deletePrefix(redis, p);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

describe('history import --skip-bad-lines', () => {
  it('restores the good lines, names the broken one, exits 2 and says how many went in (--json)', async () => {
    const source = uniquePrefix('imp-src');
    const sourceConfig = configFor(source);
    const log = new RedisPublishingLog(redis, redisKeys(source));
    const post = logEntry({ text: 'Tikšanās Rīgā · Среща в Рига' });
    await log.transition({ ...post, at: minutesAfter(post.at, 0), state: 'scheduled' }, [null]);
    await log.transition({ ...post, at: minutesAfter(post.at, 1), state: 'publishing', attempt: 1 }, ['scheduled']);
    await log.transition(
      { ...post, at: minutesAfter(post.at, 2), state: 'published', attempt: 1, url: 'https://x.com/a/status/1' },
      ['publishing'],
    );
    const file = join(dir, 'backup.ndjson');
    expect((await runInProcess(['--config', sourceConfig, 'history', 'export', '-o', file])).error).toBeUndefined();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    lines[1] = lines[1]!.replace('"attempt":1', '"attempt":"one"');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const target = uniquePrefix('imp-dst');
    const targetConfig = configFor(target);
    const strict = await runInProcess(['--config', targetConfig, 'history', 'import', file]);
    expect(strict.error).toBeInstanceOf(InputError);
    expect(await redis.exists(redisKeys(target).logStream)).toBe(0);

    const run = await runInProcess(['--config', targetConfig, 'history', 'import', '--skip-bad-lines', file, '--json']);
    expect(run.error).toBeInstanceOf(InputError); // exit 2
    expect((run.error as Error).message).toMatch(/line 2: attempt: expected a number, got "one"/);
    expect(JSON.parse(run.stdout)).toMatchObject({ entries: 2, imported: 2, leftOut: 1 });
    expect(await redis.xlen(redisKeys(target).logStream)).toBe(2);
    const shown = await runInProcess(['--config', targetConfig, 'history', '--format', 'json']);
    expect(JSON.parse(shown.stdout)).toMatchObject([{ state: 'published', url: 'https://x.com/a/status/1' }]);
  });
});
