import { describe, expect, it } from 'vitest';
import { withApprovals } from '../../src/log/post-approval.ts';
import { APPROVED_NOTE, factsUpdateJson, resolvedFacts, timelineFacts } from '../../src/log/post-facts.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import type { RedisKeys } from '../../src/redis/redis-keys.ts';
import { logEntry, minutesAfter } from '../helpers/log-entries.ts';
import { useTestRedis } from '../helpers/redis.ts';

const db = useTestRedis('facts');
const T0 = '2023-11-09T12:00:00.000Z';
const POST = logEntry().postId;

function newLog(): { log: RedisPublishingLog; keys: RedisKeys } {
  const keys = db.freshKeys();
  return { log: new RedisPublishingLog(db.redis, keys, { retentionDays: 30 }), keys };
}

/** History trim, far enough ahead that every entry goes. */
const trimAll = (log: RedisPublishingLog) => log.trim(new Date(Date.now() + 365 * 86_400_000));

describe('a post’s facts', () => {
  it('the facts an export carried are added to what the entry sets, never taken from it', () => {
    const nothing = { subjectToApproval: false, claimed: false };
    // A line that says "not claimed" cannot lift the claim its own entry shows.
    expect(JSON.parse(factsUpdateJson(logEntry({ state: 'publishing', attempt: 1 }), nothing))).toEqual({ c: 1 });
    expect(factsUpdateJson(logEntry({ state: 'scheduled' }), nothing)).toBe('');
    const approval = { approvedBy: 'web:maria', approvedAt: T0 };
    expect(
      JSON.parse(
        factsUpdateJson(logEntry({ state: 'published' }), { subjectToApproval: true, approval, claimed: true }),
      ),
    ).toEqual({ w: 1, ab: 'web:maria', aa: T0, c: 1 });
  });

  it('each entry sets only what it establishes', () => {
    expect(factsUpdateJson(logEntry({ state: 'scheduled' }))).toBe('');
    expect(JSON.parse(factsUpdateJson(logEntry({ state: 'awaiting-approval' })))).toEqual({
      w: 1,
      ab: false,
      aa: false,
    });
    expect(
      JSON.parse(factsUpdateJson(logEntry({ state: 'scheduled', note: APPROVED_NOTE, actor: 'web:aida', at: T0 }))),
    ).toEqual({ w: 1, ab: 'web:aida', aa: T0 });
    expect(JSON.parse(factsUpdateJson(logEntry({ state: 'publishing' })))).toEqual({ c: 1 });
    expect(JSON.parse(factsUpdateJson(logEntry({ state: 'failed', platformPostId: '42' })))).toEqual({ c: 1 });
  });

  it('a timeline gives the same facts as the updates the script applies', () => {
    const approved = logEntry({ state: 'scheduled', note: APPROVED_NOTE, actor: 'web:aida', at: T0 });
    expect(timelineFacts([logEntry({ state: 'awaiting-approval' }), approved])).toEqual({
      subjectToApproval: true,
      approval: { approvedBy: 'web:aida', approvedAt: T0 },
      claimed: false,
      complete: false,
    });
    const sentBack = logEntry({ state: 'awaiting-approval', at: minutesAfter(T0, 1) });
    const claimed = logEntry({ state: 'publishing', attempt: 1, at: minutesAfter(T0, 2) });
    expect(timelineFacts([approved, sentBack, claimed])).toEqual({
      subjectToApproval: true,
      claimed: true,
      complete: false,
    });
  });

  it('outlive the entries retention trims: approval, its actor and time, and a claim', async () => {
    const { log } = newLog();
    await log.append(logEntry({ state: 'awaiting-approval', at: T0 }));
    await log.append(logEntry({ state: 'scheduled', note: APPROVED_NOTE, actor: 'web:aida', at: minutesAfter(T0, 5) }));
    await log.append(logEntry({ state: 'publishing', attempt: 1, at: minutesAfter(T0, 60) }));
    await log.append(logEntry({ state: 'failed', attempt: 1, at: minutesAfter(T0, 61), errorMessage: 'timeout' }));
    expect(await trimAll(log)).toBe(4);
    expect(await log.timeline(POST)).toEqual([]);
    const expected = {
      subjectToApproval: true,
      approval: { approvedBy: 'web:aida', approvedAt: minutesAfter(T0, 5) },
      claimed: true,
      complete: true,
    };
    expect(await log.facts([POST, 'no-such-post'])).toEqual([expected, undefined]);
    // What the history CSV and JSON name as the approver reads them too.
    const [audited] = await withApprovals(log, [(await log.get(POST))!]);
    expect(audited).toMatchObject({ approvedBy: 'web:aida', approvedAt: minutesAfter(T0, 5) });
  });

  it('an approval stops holding once the post waits for approval again; that it was subject to one stays', async () => {
    const { log } = newLog();
    await log.append(logEntry({ state: 'scheduled', note: APPROVED_NOTE, actor: 'cli:approve', at: T0 }));
    await log.append(logEntry({ state: 'awaiting-approval', at: minutesAfter(T0, 1), note: 'text edited' }));
    await trimAll(log);
    expect(await log.facts([POST])).toEqual([{ subjectToApproval: true, claimed: false, complete: true }]);
  });

  it('a post nothing happened to has none, and no timeline needs reading to know it', async () => {
    const { log } = newLog();
    await log.append(logEntry({ state: 'scheduled' }));
    await log.append(logEntry({ state: 'cancelled', at: minutesAfter(T0, 1) }));
    expect(await log.facts([POST])).toEqual([{ subjectToApproval: false, claimed: false, complete: true }]);
  });

  it('a record from before the facts were kept is read with its timeline, and stays marked as such', async () => {
    const { log, keys } = newLog();
    await log.append(logEntry({ state: 'scheduled', note: APPROVED_NOTE, actor: 'web:aida', at: T0 }));
    // The record as the log wrote it before: no facts.
    const key = keys.logRecord(POST);
    const stored = JSON.parse((await db.redis.get(key))!) as Record<string, unknown>;
    delete stored.h;
    await db.redis.set(key, JSON.stringify(stored));
    expect(await log.facts([POST])).toEqual([{ subjectToApproval: false, claimed: false, complete: false }]);
    expect(await resolvedFacts(log, [POST])).toEqual([
      {
        subjectToApproval: true,
        approval: { approvedBy: 'web:aida', approvedAt: T0 },
        claimed: false,
        complete: false,
      },
    ]);
    // A later entry adds what it establishes; the record stays marked, its timeline still read.
    await log.append(logEntry({ state: 'publishing', attempt: 1, at: minutesAfter(T0, 1) }));
    expect(await resolvedFacts(log, [POST])).toEqual([
      expect.objectContaining({ subjectToApproval: true, claimed: true, complete: false }),
    ]);
  });
});
