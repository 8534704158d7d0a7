import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/input-error.ts';
import { exportLog } from '../../src/log/log-export.ts';
import { importLog } from '../../src/log/log-import.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { logEntry, minutesAfter } from '../helpers/log-entries.ts';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.ts';

/**
 * The files an admin restores from are not always the ones the export wrote: copied through
 * Windows (CRLF), saved by an editor with a byte order mark, cut short by a full disk, hand-fixed.
 * Good ones import; broken ones are refused with the file, the line, the field and what was there.
 */
let redis: Redis;
let dir: string;
let lines: string[];
const prefixes: string[] = [];
const T0 = '2026-10-05T07:00:00.000Z';

function prefix(): string {
  const p = uniquePrefix('damaged');
  prefixes.push(p);
  return p;
}

async function problemsOf(file: string): Promise<string> {
  const error = await importLog(redis, redisKeys(prefix()), file).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError).message;
}

beforeAll(async () => {
  redis = testRedis();
  dir = mkdtempSync(join(tmpdir(), 'secon-import-damaged-'));
  const keys = redisKeys(prefix());
  const log = new RedisPublishingLog(redis, keys);
  const text = 'Среща в Рига · Συνάντηση στη Ρίγα · Tikšanās Rīgā';
  for (const [i, language] of ['bg', 'el', 'lv'].entries()) {
    const post = logEntry({
      postId: `riga.facebook-secon.${language}.announcement`,
      newsId: 'riga',
      channel: 'facebook-secon',
      platform: 'facebook',
      language,
      text,
    });
    await log.transition({ ...post, state: 'scheduled', at: minutesAfter(T0, i) }, [null]);
    await log.transition({ ...post, state: 'publishing', attempt: 1, at: minutesAfter(T0, 10 + i) }, ['scheduled']);
    await log.transition(
      { ...post, state: 'published', attempt: 1, at: minutesAfter(T0, 11 + i), url: `https://www.facebook.com/1_${i}` },
      ['publishing'],
    );
  }
  const file = join(dir, 'export.ndjson');
  let out = '';
  await exportLog(log, {
    write: (chunk: string) => {
      out += chunk;
      return true;
    },
  } as unknown as NodeJS.WritableStream);
  writeFileSync(file, out);
  lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(9);
});
afterAll(async () => {
  for (const p of prefixes) await deletePrefix(redis, p);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

describe('history import of a damaged or re-saved file', () => {
  it('imports a file saved with Windows line ends and a byte order mark, whole', async () => {
    const file = join(dir, 'windows.ndjson');
    writeFileSync(file, `\ufeff${lines.join('\r\n')}\r\n`);
    const result = await importLog(redis, redisKeys(prefix()), file);
    expect(result).toEqual({ entries: 9, imported: 9, skipped: 0 });
  });

  it('names the field and the value it found, not only what it expected', async () => {
    const file = join(dir, 'wrong-state.ndjson');
    const edited = [...lines];
    edited[4] = edited[4]!.replace(/"state":"[a-z-]+"/, '"state":"publishd"');
    writeFileSync(file, `${edited.join('\n')}\n`);
    const message = await problemsOf(file);
    expect(message).toContain(file);
    expect(message).toMatch(/line 5: state: expected one of "draft", .*, got "publishd"/);
  });

  it('says a last line without its end looks cut short', async () => {
    const file = join(dir, 'cut.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`.slice(0, -60));
    const message = await problemsOf(file);
    expect(message).toContain(file);
    expect(message).toMatch(
      /line 9: not valid JSON \(.*\); the file ends inside this line: was the export or the copy cut short\?/,
    );
  });
});

describe('history import --skip-bad-lines', () => {
  it('imports the good lines, then refuses with the lines it left out; importing the mended file adds the rest', async () => {
    const file = join(dir, 'one-bad.ndjson');
    const edited = [...lines];
    edited[8] = edited[8]!.slice(0, 50); // the last entry (lv published) cut
    edited[4] = edited[4]!.replace(/"state":"[a-z-]+"/, '"state":"publishd"');
    writeFileSync(file, `${edited.join('\n')}\n`);
    const keys = redisKeys(prefix());
    const error = await importLog(redis, keys, file, { skipBadLines: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const message = (error as InputError).message;
    expect(message).toContain(file);
    expect(message).toMatch(/imported 7 of 9 lines; 2 lines left out/);
    expect(message).toMatch(/line 5: state: /);
    expect(message).toMatch(/line 9: not valid JSON/);
    expect(await redis.xlen(keys.logStream)).toBe(7);
    // The cut last line, mended: the import adds it and skips what is there.
    const mended = join(dir, 'mended.ndjson');
    edited[8] = lines[8]!;
    writeFileSync(mended, `${edited.filter((_, i) => i !== 4).join('\n')}\n`);
    expect(await importLog(redis, keys, mended)).toEqual({ entries: 8, imported: 1, skipped: 7 });
  });

  it('still imports nothing when the file does not fit the target (lines out of order)', async () => {
    const file = join(dir, 'out-of-order.ndjson');
    const edited = [...lines];
    [edited[2], edited[3]] = [edited[3]!, edited[2]!];
    writeFileSync(file, `${edited.join('\n')}\n`);
    const keys = redisKeys(prefix());
    await expect(importLog(redis, keys, file, { skipBadLines: true })).rejects.toThrow(/nothing was imported/);
    expect(await redis.exists(keys.logStream)).toBe(0);
  });
});
