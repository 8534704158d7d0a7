import { describe, expect, it } from 'vitest';
import { hashText } from '../../src/log/log-entry.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { compactEntryJson } from '../../src/log/stream-entries.ts';
import { logEntry, minutesAfter } from '../helpers/log-entries.ts';
import { useTestRedis } from '../helpers/redis.ts';

const db = useTestRedis('stream');

function newLog(): RedisPublishingLog {
  return new RedisPublishingLog(db.redis, db.freshKeys());
}

describe('a log entry in the stream', () => {
  it('keeps neither text nor identity but the post id; times as milliseconds, the hash in base64url', () => {
    const entry = logEntry({ note: 'approved', actor: 'web:maria' });
    const compact = JSON.parse(compactEntryJson(entry)) as Record<string, unknown>;
    expect(compact).toEqual({
      i: entry.postId,
      d: Date.parse(entry.plannedAt),
      a: Date.parse(entry.at),
      t: 0,
      s: 'scheduled',
      h: Buffer.from(entry.textHash, 'hex').toString('base64url'),
      b: 'web:maria',
      o: 'approved',
    });
  });

  it('comes back whole: text and identity from the record, times and hash as they were written', async () => {
    const log = newLog();
    const t0 = '2023-11-10T08:00:00.000Z';
    const first = logEntry({ at: t0 });
    const edited = 'Haskovo hosts the SECON partners: the programme is online.';
    const second = logEntry({ at: minutesAfter(t0, 5), text: edited, textHash: hashText(edited), note: 'text edited' });
    // A time not in toISOString's form is kept as written.
    const third = logEntry({ ...second, state: 'cancelled', at: '2023-11-10T08:10:00Z', note: undefined });
    expect((await log.transition(first, [null])).ok).toBe(true);
    expect((await log.transition(second, ['scheduled'])).ok).toBe(true);
    expect((await log.transition(third, ['scheduled'])).ok).toBe(true);
    const timeline = await log.timeline(first.postId);
    expect(timeline.map(({ logId: _id, ...e }) => e)).toEqual([first, second, third]);
    // Export reads the stream the same way.
    const raw = await db.redis.xrange(log.keys.logStream, '-', '+');
    expect(await log.resolveStreamEntries(raw)).toEqual(timeline);
  });

  it('entries written before (identity, ISO times and hex hash inside; or the whole entry) read as they are', async () => {
    const log = newLog();
    const entry = logEntry();
    const older = {
      i: entry.postId,
      n: entry.newsId,
      c: entry.channel,
      p: entry.platform,
      l: entry.language,
      k: entry.kind,
      d: entry.plannedAt,
      a: entry.at,
      t: 0,
      s: 'scheduled',
      h: entry.textHash,
      b: 'cli:schedule',
    };
    await db.redis.xadd(log.keys.logStream, '1000-1', 'c', JSON.stringify(older));
    await db.redis.xadd(log.keys.logStream, '1000-2', 'e', JSON.stringify({ ...entry, actor: 'cli:old' }));
    // The post's record (written now, by today's script).
    expect((await log.transition(entry, [null])).ok).toBe(true);
    const [a, b] = await log.resolveStreamEntries(await db.redis.xrange(log.keys.logStream, '1000-1', '1000-2'));
    expect(a).toEqual({ logId: '1000-1', ...entry, actor: 'cli:schedule' });
    expect(b).toEqual({ logId: '1000-2', ...entry, actor: 'cli:old' });
  });
});
