import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, stableJson } from '../../src/news/content-hash.ts';
import { type NewsItem, newsItemSchema } from '../../src/news/news-item.ts';
import { NewsStore } from '../../src/news/news-store.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.ts';

function item(overrides: Partial<NewsItem> = {}): NewsItem {
  return newsItemSchema.parse({
    id: 'haskovo-workshop-2023',
    kind: 'announcement',
    language: 'de',
    title: 'Interregionaler Workshop in Haskovo',
    summary: 'Die SECON-Partner treffen sich in Haskovo.',
    url: 'https://www.interregeurope.eu/secon',
    published: '2023-11-09T10:00:00+01:00',
    ...overrides,
  });
}

let redis: Redis;
const prefix = uniquePrefix('news-store');
beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('content hash', () => {
  it('does not depend on the order of fields', () => {
    const a = item({ translations: { en: { title: 'T', summary: 'S' }, bg: { title: 'Т', summary: 'С' } } });
    const reordered = JSON.parse(stableJson(a)) as NewsItem;
    const shuffled = Object.fromEntries(Object.entries(reordered).reverse()) as NewsItem;
    expect(contentHash(shuffled)).toBe(contentHash(a));
    expect(stableJson({ b: 1, a: { d: 2, c: undefined } })).toBe('{"a":{"d":2},"b":1}');
  });

  it('knows a local image by its bytes: another checkout is no edit, a replaced picture is', () => {
    const dirs = [mkdtempSync(join(tmpdir(), 'checkout-a-')), mkdtempSync(join(tmpdir(), 'checkout-b-'))];
    for (const dir of dirs) writeFileSync(join(dir, 'workshop.png'), 'same picture bytes');
    const at = (dir: string) => item({ images: [{ src: join(dir, 'workshop.png'), alt: 'Nine partner regions' }] });
    expect(contentHash(at(dirs[1]!))).toBe(contentHash(at(dirs[0]!)));
    const before = contentHash(at(dirs[0]!));
    writeFileSync(join(dirs[0]!, 'workshop.png'), 'a new picture');
    expect(contentHash(at(dirs[0]!))).not.toBe(before);
  });

  it('changes when any content changes', () => {
    expect(contentHash(item({ title: 'Another title' }))).not.toBe(contentHash(item()));
    expect(contentHash(item({ hashtags: ['Haskovo'] }))).not.toBe(contentHash(item()));
  });
});

describe('NewsStore', () => {
  it('new → remembered → unchanged; an edit is "updated" with the previous hash', async () => {
    const store = new NewsStore(redis, redisKeys(prefix));
    const first = await store.check(item());
    expect(first.status).toBe('new');
    // check() alone records nothing: the caller remembers only after queuing.
    expect((await store.check(item())).status).toBe('new');

    await store.remember(item());
    expect(await store.check(item())).toEqual({ status: 'unchanged', hash: first.hash });
    expect(await redis.exists(redisKeys(prefix).newsItem('haskovo-workshop-2023'))).toBe(1);

    const edited = item({ summary: 'Neuer Text.' });
    const check = await store.check(edited);
    expect(check).toEqual({ status: 'updated', hash: contentHash(edited), previousHash: first.hash });
    expect(await store.get('haskovo-workshop-2023')).toEqual(item());
  });

  it('checks and remembers many items in one go', async () => {
    const store = new NewsStore(redis, redisKeys(prefix));
    const items = [item({ id: 'a' }), item({ id: 'b' }), item({ id: 'c' })];
    await store.rememberMany(items.slice(0, 2));
    const checks = await store.checkMany([items[0]!, { ...items[1]!, title: 'edited' }, items[2]!]);
    expect(checks.map((c) => c.status)).toEqual(['unchanged', 'updated', 'new']);
    expect(await store.checkMany([])).toEqual([]);
  });

  it('keeps projects apart by key prefix', async () => {
    const other = uniquePrefix('news-store-other');
    await new NewsStore(redis, redisKeys(prefix)).remember(item({ id: 'shared-id' }));
    expect((await new NewsStore(redis, redisKeys(other)).check(item({ id: 'shared-id' }))).status).toBe('new');
  });
});
