import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import calculateSlot from 'cluster-key-slot';
import { Cluster } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { exportLog } from '../../src/log/log-export.ts';
import { importLog } from '../../src/log/log-import.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { DurableClaim } from '../../src/publishing/durable-claim.ts';
import type { RedisClient } from '../../src/redis/redis-client.ts';
import { keyPattern, redisKeys } from '../../src/redis/redis-keys.ts';
import { readRedisServerInfo } from '../../src/redis/redis-server-info.ts';
import { masterNodes } from '../../src/redis/slot-node.ts';
import { type Fleet, startFleet } from '../helpers/fleet.ts';
import { logEntry, minutesAfter } from '../helpers/log-entries.ts';
import { deletePrefix, onTestCluster, testRedisClient, uniquePrefix } from '../helpers/redis.ts';
import { plannedPost, startWorld, states, type World, waitFor, waitForState } from '../helpers/world.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Every key of `prefix` on every master, with the port of the master that holds it. */
async function keysByNode(redis: RedisClient, prefix: string): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (const node of masterNodes(redis)) {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, page] = await node.scan(cursor, 'MATCH', keyPattern(prefix), 'COUNT', 1000);
      cursor = next;
      keys.push(...page);
    } while (cursor !== '0');
    if (keys.length) out.set(Number(node.options.port), keys);
  }
  return out;
}

async function world(options: Parameters<typeof startWorld>[0] = {}): Promise<World> {
  const w = await startWorld(options);
  cleanups.push(() => w.stop());
  return w;
}

describe('on a three-master Redis Cluster', () => {
  it('runs on the cluster: the suite connects through the Cluster client to three masters', async () => {
    expect(onTestCluster()).toBe(true);
    const redis = testRedisClient();
    cleanups.push(async () => redis.disconnect());
    await redis.ping();
    expect(redis).toBeInstanceOf(Cluster);
    expect(masterNodes(redis)).toHaveLength(3);
  });

  it("indexes the news an earlier version took by scanning the node that owns the project's slot", async () => {
    const w = await world({ worker: false });
    const keys = redisKeys(w.config.redis.keyPrefix);
    const item = {
      id: 'cluster-old-item',
      title: 'Partners meet in Riga',
      published: '2026-12-01T10:00:00Z',
    } as Parameters<typeof w.app.news.twinsOf>[0];
    await w.redis.hset(keys.newsItem(item.id), { hash: 'x', item: JSON.stringify(item) });
    expect(await w.app.news.fillSeen()).toBe(1);
    expect(await w.app.news.twinsOf({ ...item, id: 'https://example.org/riga' })).toEqual([item.id]);
  });

  it('publishes a due post once on each platform, every key of the project (BullMQ keys too) in one slot', async () => {
    const w = await world();
    expect(w.app.redis).toBeInstanceOf(Cluster);
    const posts = [plannedPost('x-secon'), plannedPost('linkedin-secon'), plannedPost('facebook-secon')];
    await w.app.scheduler.schedule({ newsId: 'n', posts, skipped: [] }, 'test');
    for (const post of posts) {
      const record = await waitForState(w.app, post.postId, 'published');
      expect(record.platformPostId).toBeTruthy();
      expect(await states(w.app, post.postId)).toEqual(['scheduled', 'publishing', 'published']);
    }
    expect(w.sandboxes.twitter.posts().map((p) => p.text)).toEqual([posts[0]!.rendered.text]);
    expect(w.sandboxes.linkedin.posts().map((p) => p.text)).toEqual([posts[1]!.rendered.text]);
    expect(w.sandboxes.facebook.posts().map((p) => p.text)).toEqual([posts[2]!.rendered.text]);

    const byNode = await keysByNode(w.redis, w.prefix);
    expect(byNode.size, 'masters holding keys of the project').toBe(1);
    const keys = [...byNode.values()][0]!;
    expect(new Set(keys.map((key) => calculateSlot(key))).size).toBe(1);
    const k = redisKeys(w.prefix);
    expect(keys).toEqual(
      expect.arrayContaining([k.logStream, k.logIndex('state', 'published'), k.post(posts[0]!.postId), k.durableClaim]),
    );
    // BullMQ's own keys under the same tag: its scripts run on the cluster only because they share the slot.
    // (Every key above matched the project's pattern, so these are under its tag too.)
    expect(keys.some((key) => key.includes(':publish-twitter:'))).toBe(true);
  });

  it('makes claims durable on the master that owns the slot, and reports that server', async () => {
    const redis = testRedisClient();
    cleanups.push(async () => redis.disconnect());
    const prefix = uniquePrefix('dur');
    const keys = redisKeys(prefix);
    const info = await readRedisServerInfo(redis, keys.durableClaim);
    expect(info.cluster?.masters).toBe(3);
    expect(info.appendonly).toBe(true);
    await redis.incr(keys.durableClaim);
    const owner = [...(await keysByNode(redis, prefix)).keys()];
    expect(owner).toEqual([Number(info.cluster!.node.split(':')[1])]);
    const claim = new DurableClaim(redis, keys);
    cleanups.push(async () => claim.close());
    expect(await claim.probe(2000)).toEqual({ durable: true });
    await deletePrefix(redis, prefix);
  });

  it('keeps the log: writes through the Lua script, history queries, export and import', async () => {
    const redis = testRedisClient();
    const source = uniquePrefix('log');
    const target = uniquePrefix('log');
    const dir = mkdtempSync(join(tmpdir(), 'secon-cluster-log-'));
    cleanups.push(async () => {
      await deletePrefix(redis, source);
      await deletePrefix(redis, target);
      rmSync(dir, { recursive: true, force: true });
      redis.disconnect();
    });
    const log = new RedisPublishingLog(redis, redisKeys(source));
    const t0 = '2024-03-01T08:00:00.000Z';
    for (let i = 0; i < 12; i++) {
      const channel = i % 2 ? 'x-secon' : 'facebook-secon';
      const base = logEntry({
        postId: `news-${i}.${channel}.en.news`,
        newsId: `news-${i}`,
        channel,
        platform: i % 2 ? 'twitter' : 'facebook',
        kind: 'news',
      });
      expect((await log.transition({ ...base, state: 'scheduled', at: minutesAfter(t0, i) }, [null])).ok).toBe(true);
      expect(
        (await log.transition({ ...base, state: 'publishing', at: minutesAfter(t0, i + 30) }, ['scheduled'])).ok,
      ).toBe(true);
      // A second claim of the same post loses: the atomic check holds on the cluster too.
      expect(
        (await log.transition({ ...base, state: 'publishing', at: minutesAfter(t0, i + 31) }, ['scheduled'])).ok,
      ).toBe(false);
      if (i < 8) await log.transition({ ...base, state: 'published', at: minutesAfter(t0, i + 40) }, ['publishing']);
    }
    const published = await log.query({ state: ['published'], channel: ['x-secon'] });
    expect(published.map((r) => r.postId).sort()).toEqual(
      ['news-1', 'news-3', 'news-5', 'news-7'].map((n) => `${n}.x-secon.en.news`),
    );
    // The state index moved with each transition (old state keys are declared to the script).
    expect((await log.query({ state: ['scheduled'] })).length).toBe(0);
    expect((await log.query({ state: ['publishing'] })).length).toBe(4);
    expect((await log.timeline('news-0.facebook-secon.en.news')).map((e) => e.state)).toEqual([
      'scheduled',
      'publishing',
      'published',
    ]);

    const file = join(dir, 'log.ndjson');
    const out = createWriteStream(file);
    expect(await exportLog(log, out)).toEqual({ exported: 32, currentOnly: [] });
    out.end();
    await finished(out);
    expect(await importLog(redis, redisKeys(target), file)).toMatchObject({ entries: 32, imported: 32 });
    // Again: the target's last id is read (XINFO STREAM, no key to route by: the cluster redirects it).
    expect(await importLog(redis, redisKeys(target), file)).toMatchObject({ entries: 32, imported: 0 });
    const copy = new RedisPublishingLog(redis, redisKeys(target));
    expect((await copy.query({ state: ['published'] })).length).toBe(8);
    expect(await copy.size()).toBe(32);
  });

  it('three workers on one cluster publish each of 60 posts exactly once', { timeout: 90_000 }, async () => {
    const fleet: Fleet = await startFleet({ instances: 3 });
    cleanups.push(() => fleet.stop());
    const channels = ['x-secon', 'linkedin-secon', 'facebook-secon'];
    const posts = Array.from({ length: 60 }, (_, i) => plannedPost(channels[i % 3]!));
    const app = fleet.runtimes[0]!.app;
    await app.scheduler.schedule({ newsId: 'many', posts, skipped: [] }, 'test');
    await waitFor(
      async () => (await app.publishingLog.query({ state: ['published'] })).length === posts.length,
      60_000,
      'every post published',
    );
    const sent = [
      ...fleet.sandboxes.twitter.posts(),
      ...fleet.sandboxes.linkedin.posts(),
      ...fleet.sandboxes.facebook.posts(),
    ].map((p) => p.text);
    expect(sent.length).toBe(posts.length);
    expect(new Set(sent).size).toBe(posts.length);
    for (const post of posts) expect(await states(app, post.postId)).toEqual(['scheduled', 'publishing', 'published']);
  });
});
