import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/input-error.ts';
import { exportLog } from '../../src/log/log-export.ts';
import { importLog } from '../../src/log/log-import.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { keyPattern, redisKeys } from '../../src/redis/redis-keys.ts';
import { logEntry, minutesAfter } from '../helpers/log-entries.ts';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.ts';

let redis: Redis;
let dir: string;
const prefixes: string[] = [];
const T0 = '2023-11-13T07:00:00.000Z';

function prefix(): string {
  const p = uniquePrefix('imp');
  prefixes.push(p);
  return p;
}

/** A small but varied history: three posts, retries, a failure, texts in several scripts. */
async function fillLog(log: RedisPublishingLog): Promise<string[]> {
  const posts = [
    logEntry({
      postId: 'haskovo.facebook-secon.bg.recap',
      channel: 'facebook-secon',
      platform: 'facebook',
      language: 'bg',
      kind: 'recap',
      text: 'Работилница в Хасково:\nпартньори от девет държави обсъдиха социалната икономика.',
    }),
    logEntry({
      postId: 'haskovo.facebook-secon.el.recap',
      channel: 'facebook-secon',
      platform: 'facebook',
      language: 'el',
      kind: 'recap',
      text: 'Εργαστήριο στο Χάσκοβο — «κοινωνική οικονομία», δύο ημέρες.',
    }),
    logEntry({
      postId: 'haskovo.linkedin-secon.pl.announcement',
      channel: 'linkedin-secon',
      platform: 'linkedin',
      language: 'pl',
      text: 'Warsztaty w Haskowie, 13–14 listopada.',
    }),
  ];
  for (const [i, p] of posts.entries()) {
    const base = { ...p, newsId: 'haskovo' };
    await log.transition({ ...base, state: 'scheduled', at: minutesAfter(T0, i) }, [null]);
    await log.transition({ ...base, state: 'publishing', attempt: 1, at: minutesAfter(T0, 10 + i) }, ['scheduled']);
    if (i === 2) {
      await log.transition(
        {
          ...base,
          state: 'failed',
          attempt: 1,
          at: minutesAfter(T0, 11 + i),
          errorKind: 'rejected',
          errorMessage: 'Content is a duplicate, "quoted", with a comma',
        },
        ['publishing'],
      );
    } else {
      await log.transition(
        {
          ...base,
          state: 'scheduled',
          attempt: 1,
          at: minutesAfter(T0, 11 + i),
          errorKind: 'transient',
          errorMessage: 'HTTP 503',
        },
        ['publishing'],
      );
      await log.transition({ ...base, state: 'publishing', attempt: 2, at: minutesAfter(T0, 20 + i) }, ['scheduled']);
      await log.transition(
        {
          ...base,
          state: 'published',
          attempt: 2,
          at: minutesAfter(T0, 21 + i),
          url: `https://www.facebook.com/100093083107402/posts/${i}`,
        },
        ['publishing'],
      );
    }
  }
  return posts.map((p) => p.postId);
}

async function exportTo(log: RedisPublishingLog, file: string): Promise<number> {
  const out = createWriteStream(file);
  const count = await exportLog(redis, log.keys, out, { pageSize: 4 });
  out.end();
  await finished(out);
  return count;
}

async function keysUnder(p: string): Promise<string[]> {
  return redis.keys(keyPattern(p));
}

beforeAll(() => {
  redis = testRedis();
  dir = mkdtempSync(join(tmpdir(), 'secon-log-'));
});
afterAll(async () => {
  for (const p of prefixes) await deletePrefix(redis, p);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

describe('export and import', () => {
  it('export → empty prefix → import gives the identical history, and a second import adds nothing', async () => {
    const source = new RedisPublishingLog(redis, redisKeys(prefix()));
    const postIds = await fillLog(source);
    const file = join(dir, 'history.ndjson');
    const exported = await exportTo(source, file);
    expect(exported).toBe(await source.size());
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(exported);
    expect(JSON.parse(lines[0]!)).toHaveProperty('logId');

    const target = new RedisPublishingLog(redis, redisKeys(prefix()));
    expect(await importLog(redis, target.keys, file, { batchSize: 3 })).toEqual({
      entries: exported,
      imported: exported,
      skipped: 0,
    });
    for (const id of postIds) {
      expect(await target.timeline(id)).toEqual(await source.timeline(id));
      expect(await target.get(id)).toEqual(await source.get(id));
    }
    expect(await target.query({})).toEqual(await source.query({}));
    expect(await target.query({ state: ['failed'] })).toEqual(await source.query({ state: ['failed'] }));
    expect((await target.query({ language: ['bg', 'el'] })).map((r) => r.postId).sort()).toEqual(
      postIds.slice(0, 2).sort(),
    );

    const keysBefore = (await keysUnder(target.keys.prefix)).sort();
    expect(await importLog(redis, target.keys, file)).toEqual({
      entries: exported,
      imported: 0,
      skipped: exported,
    });
    expect(await target.size()).toBe(exported);
    expect((await keysUnder(target.keys.prefix)).sort()).toEqual(keysBefore);
    for (const id of postIds) expect(await target.timeline(id)).toEqual(await source.timeline(id));

    // New live entries after an import carry on from it.
    await target.transition(
      logEntry({
        ...(await target.get(postIds[2]!))!,
        state: 'scheduled',
        at: minutesAfter(T0, 60),
        note: 'requeued by a person',
      }),
      ['failed'],
    );
    expect((await target.timeline(postIds[2]!)).at(-1)?.note).toBe('requeued by a person');
  });

  it('rejects a file with a broken line, naming the line, and imports nothing', async () => {
    const source = new RedisPublishingLog(redis, redisKeys(prefix()));
    await fillLog(source);
    const good = join(dir, 'good.ndjson');
    await exportTo(source, good);
    const lines = readFileSync(good, 'utf8').trimEnd().split('\n');

    const cases: Array<[string, (l: string[]) => void, RegExp]> = [
      [
        'cut JSON',
        (l) => {
          l[5] = l[5]!.slice(0, 40);
        },
        /line 6: not valid JSON/,
      ],
      [
        'bad state',
        (l) => {
          l[8] = l[8]!
            .replace('"state":"published"', '"state":"posted"')
            .replace('"state":"scheduled"', '"state":"posted"')
            .replace('"state":"publishing"', '"state":"posted"');
        },
        /line 9: state: /,
      ],
      [
        'unknown field',
        (l) => {
          l[2] = l[2]!.replace('{', '{"colour":"red",');
        },
        /line 3: .*colour/,
      ],
      [
        'out of order',
        (l) => {
          [l[3], l[4]] = [l[4]!, l[3]!];
        },
        /line 5: log id .* is not after/,
      ],
    ];
    for (const [label, mutate, message] of cases) {
      const copy = [...lines];
      mutate(copy);
      const file = join(dir, `bad-${label.replace(/ /g, '-')}.ndjson`);
      writeFileSync(file, `${copy.join('\n')}\n`);
      const target = prefix();
      const error = await importLog(redis, redisKeys(target), file).catch((e: unknown) => e);
      expect(error, label).toBeInstanceOf(InputError);
      expect((error as Error).message, label).toMatch(message);
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toMatch(/nothing was imported/);
      expect(await keysUnder(target), label).toEqual([]);
    }
  });

  it('refuses to mix a file into a prefix that holds a different history', async () => {
    const a = new RedisPublishingLog(redis, redisKeys(prefix()));
    await fillLog(a);
    const file = join(dir, 'a.ndjson');
    await exportTo(a, file);
    // A target that was written after the export, so its ids are newer than every line.
    const b = new RedisPublishingLog(redis, redisKeys(prefix()));
    await b.append(logEntry({ state: 'draft' }));
    const error = await importLog(redis, b.keys, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/line 1: .*different history/);
    expect(await b.size()).toBe(1);
  });

  it('names a missing file', async () => {
    await expect(importLog(redis, redisKeys(prefix()), join(dir, 'nope.ndjson'))).rejects.toThrow(
      /cannot read import file .*nope.ndjson: ENOENT/,
    );
  });
});
