import { describe, expect, it } from 'vitest';
import { hashText } from '../../src/log/log-entry.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { parseRecord, recordEntryJson } from '../../src/log/stored-record.ts';
import { logEntry, minutesAfter } from '../helpers/log-entries.ts';
import { useTestRedis } from '../helpers/redis.ts';

const db = useTestRedis('record');

function newLog(): RedisPublishingLog {
  return new RedisPublishingLog(db.redis, db.freshKeys());
}

describe('a post record as stored', () => {
  it('holds the entry with short names and its text; its stream id is the timeline’s last', async () => {
    const log = newLog();
    const t0 = '2023-11-10T08:00:00.000Z';
    const first = logEntry({ at: t0 });
    await log.transition(first, [null]);
    const second = logEntry({ at: minutesAfter(t0, 1), state: 'publishing', attempt: 1 });
    const written = await log.transition(second, ['scheduled']);
    const json = (await db.redis.get(log.keys.logRecord(first.postId)))!;
    const stored = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(stored)).toEqual(['c', 'tl', 'e', 'h']);
    expect(stored.e).toEqual(JSON.parse(recordEntryJson(second)));
    // What the history established (post-facts.ts): the claim.
    expect(stored.h).toEqual({ c: 1 });
    expect(stored.c).toBe(t0);
    const ids = String(stored.tl).split(',');
    expect(ids).toHaveLength(2);
    expect(parseRecord(json)).toEqual({ createdAt: t0, logId: ids[1], tl: stored.tl, entry: second, h: { c: 1 } });
    expect(written.record).toEqual({ ...second, createdAt: t0, logId: ids[1] });
  });

  it('a record written before (full names, createdAt, logId) is read, checked and rewritten in the new form', async () => {
    const log = newLog();
    const before = logEntry({ at: '2023-11-09T12:00:00.000Z' });
    const key = log.keys.logRecord(before.postId);
    await db.redis.set(
      key,
      JSON.stringify({ createdAt: before.at, logId: '1699531200000-0', tl: '1699531200000-0', entry: before }),
    );
    await db.redis.zadd(log.keys.logIndex('state', 'scheduled'), Date.parse(before.at), before.postId);
    expect(await log.get(before.postId)).toEqual({ ...before, createdAt: before.at, logId: '1699531200000-0' });
    // Its state is checked as ever: `published` is refused, `scheduled` allowed.
    const edited = 'Haskovo hosts the SECON partners; the programme is online now.';
    const next = logEntry({ at: '2023-11-09T13:00:00.000Z', text: edited, textHash: hashText(edited) });
    expect((await log.transition(next, ['published'])).ok).toBe(false);
    const result = await log.transition(next, ['scheduled']);
    expect(result.ok).toBe(true);
    expect(result.record).toMatchObject({ createdAt: before.at, text: edited });
    const stored = JSON.parse((await db.redis.get(key))!) as Record<string, unknown>;
    expect(Object.keys(stored)).toEqual(['c', 'tl', 'e', 'h']);
    // Its facts start with this write: marked so that readers read its timeline as well.
    expect(stored.h).toEqual({ o: 1 });
    expect(String(stored.tl).split(',')[0]).toBe('1699531200000-0');
    // The old text went to the texts hash, as for any edit.
    expect(await db.redis.hget(log.keys.logTexts(before.postId), before.textHash)).toBe(before.text);
  });
});
