import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.ts';
import type { Config } from '../../src/config/config-schema.ts';
import { localTime } from '../../src/log/history-format.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import type { PostState } from '../../src/posts/post.ts';
import { ApprovalReminders } from '../../src/publishing/approval-reminders.ts';
import { keyPattern, type RedisKeys, redisKeys } from '../../src/redis/redis-keys.ts';
import { planningConfig } from '../helpers/config.ts';
import { logEntry } from '../helpers/log-entries.ts';
import { deletePrefix, testRedisClient, uniquePrefix } from '../helpers/redis.ts';

const redis = testRedisClient();
const prefixes: string[] = [];
/** The reminders' clock: the start of this hour (marks expire by the real clock, so it is today). */
const NOW = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
const hours = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();
/** A time as the alert gives it: in the channel's zone (planningConfig: Europe/Athens). */
const athens = (iso: string) => localTime(iso, 'Europe/Athens');

let keys: RedisKeys;
let log: RedisPublishingLog;
let alerts: Alert[];

function reminders(config: Config = planningConfig()): ApprovalReminders {
  return new ApprovalReminders(redis, keys, log, { send: async (alert) => void alerts.push(alert) }, config);
}

/** A post of `newsId` on `channel`, now in `state`, planned `inHours` from NOW. */
async function post(newsId: string, channel: string, state: PostState, inHours: number): Promise<string> {
  const platform = channel.split('-')[0] === 'x' ? 'twitter' : (channel.split('-')[0] as 'linkedin' | 'facebook');
  const postId = `${newsId}.${channel}.en.news`;
  const entry = logEntry({ postId, newsId, channel, platform, kind: 'news', state, plannedAt: hours(inHours) });
  await log.transition({ ...entry, at: hours(-48) }, [null]);
  return postId;
}

beforeEach(() => {
  const prefix = uniquePrefix('remind');
  prefixes.push(prefix);
  keys = redisKeys(prefix);
  log = new RedisPublishingLog(redis, keys);
  alerts = [];
});
afterAll(async () => {
  for (const prefix of prefixes) await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('reminders of posts waiting for approval', () => {
  it('one alert per news item for its waiting posts due within the lead, each post once', async () => {
    const first = await post('riga', 'linkedin-secon', 'awaiting-approval', 3);
    const second = await post('riga', 'facebook-secon', 'awaiting-approval', 20);
    await post('later', 'linkedin-secon', 'awaiting-approval', 30); // beyond the 24 h lead
    await post('approved', 'linkedin-secon', 'scheduled', 1); // nothing to approve
    const overdue = await post('feed-item', 'x-secon', 'draft', -2); // within the 6 h grace
    await post('long-gone', 'x-secon', 'awaiting-approval', -10); // past the grace: a late approval finds it missed

    const sent = await reminders().remind(NOW);
    expect(sent.map((r) => [r.newsId, r.postIds])).toEqual([
      ['feed-item', [overdue]],
      ['riga', [first, second]],
    ]);
    expect(alerts).toEqual(sent.map((r) => r.alert));
    // Two channels: the alert names none; one post: it names the post and its channel.
    expect(alerts[1]).toEqual({
      kind: 'approval-due',
      message:
        `2 posts of news "riga" wait for approval; the first goes out ${athens(hours(3))} (Europe/Athens) on ` +
        "linkedin-secon. Nothing goes out until someone approves: `secon-bot approve --news riga` or the desk's " +
        'Approvals page',
      at: NOW.toISOString(),
    });
    expect(alerts[0]).toMatchObject({ kind: 'approval-due', channel: 'x-secon', postId: overdue });
    expect(alerts[0]!.message).toContain(
      `A post of news "feed-item" waits for approval; the first was due ${athens(hours(-2))} (Europe/Athens)`,
    );

    // Reminded once: the next run, and another worker's, say nothing again.
    expect(await reminders().remind(new Date(NOW.getTime() + 5 * 60_000))).toEqual([]);
    expect(alerts).toHaveLength(2);
  });

  it('posts of one time are listed as the plan lists them, and the alert names the first channel configured', async () => {
    const order = planningConfig().channels.map((c) => c.id);
    // One log time for all (post() writes every entry at the same time): the log gives them in
    // post-id order, facebook-secon first.
    const ids: string[] = [];
    for (const channel of order) ids.push(await post('tie', channel, 'awaiting-approval', 4));
    const [sent] = await reminders().remind(NOW);
    expect(sent!.postIds).toEqual(ids);
    expect(sent!.alert.message).toContain(`on ${order[0]}.`);
  });

  it('a post moved to another time is reminded of again; a post coming within the lead later is reminded of then', async () => {
    const moved = await post('riga', 'linkedin-secon', 'awaiting-approval', 3);
    const later = await post('later', 'linkedin-secon', 'awaiting-approval', 30);
    expect((await reminders().remind(NOW)).map((r) => r.newsId)).toEqual(['riga']);

    const record = (await log.get(moved))!;
    await log.transition({ ...record, plannedAt: hours(5), at: NOW.toISOString(), note: 'rescheduled' }, [
      'awaiting-approval',
    ]);
    expect((await reminders().remind(NOW)).map((r) => [r.newsId, r.firstAt])).toEqual([['riga', hours(5)]]);

    const sent = await reminders().remind(new Date(NOW.getTime() + 10 * 3_600_000));
    expect(sent.map((r) => r.postIds)).toEqual([[later]]);
  });

  it("each post's mark lasts until a day after its time and grace, under the project's prefix", async () => {
    const id = await post('riga', 'linkedin-secon', 'awaiting-approval', 3);
    await reminders().remind(NOW);
    const ttl = await redis.pttl(keys.approvalReminder(id));
    // Its time (3 h on) + 6 h grace + 24 h, by the real clock.
    const expected = Date.parse(hours(3)) + (6 + 24) * 3_600_000 - Date.now();
    expect(Math.abs(ttl - expected)).toBeLessThan(60_000);
    expect(keys.approvalReminder(id).startsWith(keys.prefix)).toBe(true);
  });

  it('alerts.approvalLeadHours: 0 sends none and marks nothing', async () => {
    await post('riga', 'linkedin-secon', 'awaiting-approval', 1);
    const off = planningConfig((raw) => {
      raw.alerts = { approvalLeadHours: 0 };
    });
    expect(await reminders(off).remind(NOW)).toEqual([]);
    expect(alerts).toEqual([]);
    expect((await redis.keys(keyPattern(keys.prefix))).filter((k) => k.includes('approval-reminder'))).toEqual([]);
  });
});
