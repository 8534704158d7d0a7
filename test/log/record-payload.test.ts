import { describe, expect, it } from 'vitest';
import { packPayload, unpackPayload } from '../../src/log/record-payload.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { firstEntry, nextEntry } from '../../src/publishing/log-entries.ts';
import { PostStore } from '../../src/publishing/post-store.ts';
import { POST_FIELDS, type RedisKeys } from '../../src/redis/redis-keys.ts';
import { useTestRedis } from '../helpers/redis.ts';
import { plannedPost } from '../helpers/world.ts';

const db = useTestRedis('payload');

function parts(): { keys: RedisKeys; log: RedisPublishingLog; store: PostStore } {
  const keys = db.freshKeys();
  return { keys, log: new RedisPublishingLog(db.redis, keys), store: new PostStore(db.redis, keys) };
}

/** How often `needle` occurs in `haystack`, JSON escaping aside. */
function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe('packing a payload', () => {
  it('leaves out the identity and a text equal to the entry’s, and puts them back', () => {
    const post = plannedPost('linkedin-secon', { notAfter: '2030-01-01T00:00:00.000Z' });
    const packed = packPayload(post, post.rendered.text);
    expect(occurrences(packed, post.rendered.text)).toBe(0);
    expect(occurrences(packed, post.postId)).toBe(0);
    expect(unpackPayload(packed, undefined, { ...post, text: post.rendered.text })).toEqual(post);
  });

  it('keeps the text when the entry holds another (an X thread logs every part)', () => {
    const post = plannedPost('x-secon', { thread: ['1/2 first part of the thread', '2/2 the second part'] });
    const packed = packPayload(post, post.rendered.thread!.join('\n\n'));
    expect(unpackPayload(packed, undefined, { ...post, text: 'whatever the entry says' })).toEqual(post);
  });
});

describe('the payload in the log record', () => {
  it('lands with the first entry, holds the text once, and needs no key of its own', async () => {
    const { keys, log, store } = parts();
    const post = plannedPost('facebook-secon');
    const created = await log.transition(firstEntry(post, 'scheduled', new Date()), [null], { payload: post });
    expect(created.ok).toBe(true);
    expect(await store.get(post.postId)).toEqual({ post, postedParts: [] });
    const record = (await db.redis.get(keys.logRecord(post.postId)))!;
    expect(occurrences(record, post.rendered.text)).toBe(1);
    expect(await db.redis.exists(keys.post(post.postId))).toBe(0);
  });

  it('rides along unchanged with writes that bring none; the claim mark and parts stay in the post hash', async () => {
    const { log, store } = parts();
    const post = plannedPost('x-secon');
    const created = await log.transition(firstEntry(post, 'scheduled', new Date()), [null], { payload: post });
    const claimed = await log.transition(
      nextEntry(created.record!, 'publishing', new Date(), { attempt: 1 }),
      ['scheduled'],
      {
        claimMark: new Date('2026-12-02T10:00:00.000Z'),
      },
    );
    await store.addPart(post.postId, 0, '1796000000000000001');
    await log.transition(
      nextEntry(claimed.record!, 'published', new Date(), { platformPostId: '1796000000000000001' }),
      ['publishing'],
    );
    expect(await store.get(post.postId)).toEqual({
      post,
      postedParts: ['1796000000000000001'],
      claimedAt: '2026-12-02T10:00:00.000Z',
    });
  });

  it('an entry that changes the text without a payload leaves the payload its own text', async () => {
    const { log, store } = parts();
    const post = plannedPost('linkedin-secon');
    const created = await log.transition(firstEntry(post, 'scheduled', new Date()), [null], { payload: post });
    const other = { ...post, rendered: { ...post.rendered, text: 'A text nobody planned for this post' } };
    const changed = await log.transition(nextEntry(created.record!, 'scheduled', new Date(), {}, other), ['scheduled']);
    expect(changed.record?.text).toBe(other.rendered.text);
    expect((await store.get(post.postId))?.post).toEqual(post);
    // And so on through later writes.
    await log.transition(nextEntry(changed.record!, 'cancelled', new Date()), ['scheduled']);
    expect((await store.get(post.postId))?.post).toEqual(post);
    // A new payload with the text replaces both.
    const again = (await log.get(post.postId))!;
    await log.transition(nextEntry(again, 'scheduled', new Date(), {}, other), ['cancelled'], { payload: other });
    expect((await store.get(post.postId))?.post).toEqual(other);
  });

  it('a post planned before keeps its payload in its hash until a new payload replaces it there', async () => {
    const { keys, log, store } = parts();
    const post = plannedPost('facebook-secon');
    await db.redis.hset(keys.post(post.postId), POST_FIELDS.post, JSON.stringify(post));
    const created = await log.transition(firstEntry(post, 'scheduled', new Date()), [null]);
    expect((await store.get(post.postId))?.post).toEqual(post);
    expect(await store.has(post.postId)).toBe(true);
    const moved = { ...post, plannedAt: '2030-05-05T10:00:00.000Z' };
    await log.transition(nextEntry(created.record!, 'scheduled', new Date(), {}, moved), ['scheduled'], {
      payload: moved,
    });
    expect(await db.redis.hexists(keys.post(post.postId), POST_FIELDS.post)).toBe(0);
    expect((await store.get(post.postId))?.post).toEqual(moved);
  });

  it('a record without any payload (imported from an export) has no stored post', async () => {
    const { log, store } = parts();
    const post = plannedPost('x-secon');
    await log.transition(firstEntry(post, 'published', new Date()), [null]);
    expect(await store.get(post.postId)).toBeNull();
    expect(await store.has(post.postId)).toBe(false);
  });
});
