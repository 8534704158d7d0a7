import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { InputError } from '../../src/input-error.ts';
import type { NewsItem } from '../../src/news/news-item.ts';
import { nextEntry } from '../../src/publishing/log-entries.ts';
import { runCli } from '../helpers/cli.ts';
import { workshopItem } from '../helpers/planning.ts';
import { testRedisUrl } from '../helpers/redis.ts';
import { plannedPost, startWorld, type World } from '../helpers/world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const DAY = 86_400_000;
/** The workshop, three weeks from now: its reminder is planned the day before. */
function futureWorkshop(id: string): NewsItem {
  const start = new Date(Date.now() + 21 * DAY);
  start.setUTCHours(7, 0, 0, 0);
  return workshopItem({
    id,
    published: new Date(Date.now() - DAY).toISOString(),
    event: {
      name: 'SECON interregional workshop',
      start: start.toISOString(),
      end: new Date(start.getTime() + 8 * 3_600_000).toISOString(),
      location: 'Haskovo, Bulgaria',
      timezone: 'Europe/Sofia',
    },
  });
}

/** Takes the item into the app (planned and queued) and returns its English reminder on X. */
async function reminderOf(w: World, item: NewsItem) {
  await w.app.intake.take([{ item, source: `${item.id}.md` }], { actor: 'test' });
  const [record] = await w.app.publishingLog.query({ newsId: [item.id], kind: ['reminder'], channel: ['x-secon'] });
  expect(record, 'the plan has a reminder on X').toBeDefined();
  return record!;
}

describe('reschedule renders the post again for its new time', () => {
  it('a reminder moved two days earlier no longer says "tomorrow"; the log and the queue follow', async () => {
    world = await startWorld({ worker: false });
    const reminder = await reminderOf(world, futureWorkshop('resched-a'));
    expect(reminder.text).toContain('tomorrow');
    const at = new Date(Date.parse(reminder.plannedAt) - 2 * DAY);
    const updated = await world.app.postActions.reschedule(reminder.postId, at, 'test');
    expect(updated.plannedAt).toBe(at.toISOString());
    expect(updated.text).not.toContain('tomorrow');
    expect(updated.text).toContain('in 3 days');
    expect(updated.note).toMatch(/rendered again for the new time/);
    expect((await world.app.store.get(reminder.postId))?.post.rendered.text).toBe(updated.text);
    expect(await world.app.queue.jobState(reminder.postId, 'twitter')).toBe('delayed');
  });

  it("keeps a person's edited text and only moves the time, saying why", async () => {
    world = await startWorld({ worker: false });
    const reminder = await reminderOf(world, futureWorkshop('resched-b'));
    await world.app.postActions.editText(reminder.postId, 'See you tomorrow in Haskovo! #SECON', 'test', {
      mayApprove: true,
    });
    const at = new Date(Date.parse(reminder.plannedAt) - 2 * DAY);
    const updated = await world.app.postActions.reschedule(reminder.postId, at, 'test');
    expect(updated.text).toContain('See you tomorrow in Haskovo!');
    expect(updated.note).toMatch(/text kept: it is the text test wrote/);
  });

  it('keeps the text of a post an attempt claimed (the old text may be live)', async () => {
    world = await startWorld({ worker: false });
    const reminder = await reminderOf(world, futureWorkshop('resched-c'));
    await world.app.store.markClaimed(reminder.postId, new Date());
    const at = new Date(Date.parse(reminder.plannedAt) - 2 * DAY);
    const updated = await world.app.postActions.reschedule(reminder.postId, at, 'test');
    expect(updated.text).toBe(reminder.text);
    expect(updated.note).toMatch(/text kept: an attempt claimed it/);
  });
});

describe('`secon-bot reschedule` prints the text rendered again', () => {
  it("as LinkedIn's readers see it, not LinkedIn's markup", async () => {
    world = await startWorld({ worker: false });
    // Parentheses and a hashtag are markup on LinkedIn: the text sent escapes them.
    const item = {
      ...futureWorkshop('resched-linkedin'),
      summary: 'Haskovo Municipality (Bulgaria) hosts the interregional workshop #SECON.',
    };
    await world.app.intake.take([{ item, source: `${item.id}.md` }], { actor: 'test' });
    const [reminder] = await world.app.publishingLog.query({
      newsId: [item.id],
      kind: ['reminder'],
      channel: ['linkedin-secon'],
    });
    expect(reminder?.text, 'the LinkedIn text sent').toContain(
      '\\(Bulgaria\\) hosts the interregional workshop {hashtag|\\#|SECON}',
    );
    const dir = mkdtempSync(join(tmpdir(), 'secon-resched-'));
    writeFileSync(join(dir, 'secon-bot.yaml'), stringify(world.config));
    const at = new Date(Date.parse(reminder!.plannedAt) - 2 * DAY).toISOString();
    const result = await runCli(['reschedule', reminder!.postId, at], {
      env: { ...world.env, REDIS_URL: testRedisUrl(), SECON_BOT_CONFIG: join(dir, 'secon-bot.yaml') },
    });
    expect(result.code, result.stderr).toBe(0);
    const printed = result.stdout.slice(result.stdout.indexOf('the text is now:'));
    expect(printed).toContain('in 3 days');
    expect(printed).toContain('(Bulgaria) hosts the interregional workshop #SECON.');
    expect(printed).not.toMatch(/\{hashtag|\\/);
  });
});

describe('reschedule says which posts of the channel a moved post now crowds', () => {
  it('the CLI names a post closer than the channel keeps, on stderr (the JSON stays whole), and moves it all the same', async () => {
    world = await startWorld({ worker: false });
    const first = await reminderOf(world, futureWorkshop('resched-near-a'));
    const second = await reminderOf(world, futureWorkshop('resched-near-b'));
    const dir = mkdtempSync(join(tmpdir(), 'secon-resched-'));
    writeFileSync(join(dir, 'secon-bot.yaml'), stringify(world.config));
    const env = { ...world.env, REDIS_URL: testRedisUrl(), SECON_BOT_CONFIG: join(dir, 'secon-bot.yaml') };
    const at = new Date(Date.parse(first.plannedAt) + 10 * 60_000).toISOString();
    const result = await runCli(['reschedule', second.postId, at, '--json'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ postId: second.postId, plannedAt: at });
    expect(result.stderr).toMatch(
      new RegExp(
        `secon-bot: note: ${first.postId.replaceAll('.', '\\.')} goes out on x-secon at ${LOCAL}, 10 minutes before this one; ` +
          'the channel keeps \\d+ minutes between posts \\(minGapMinutes\\)',
      ),
    );
    // Sent now is a person's choice of time: nothing to say about its neighbours.
    const now = await runCli(['reschedule', second.postId, 'now'], { env });
    expect(now.stderr).not.toContain('note:');
  });
});

/** "Mon 7 Dec 2026 09:45": how notes write a local time. */
const LOCAL = String.raw`\w{3} \d{1,2} \w{3} \d{4} \d{2}:\d{2}`;

describe('reschedule refuses a time in the past', () => {
  it('an hour ago is refused with an input error and nothing changes; a moment ago (now, skew) is taken', async () => {
    world = await startWorld({ worker: false });
    const reminder = await reminderOf(world, futureWorkshop('resched-past'));
    const error = await world.app.postActions
      .reschedule(reminder.postId, new Date(Date.now() - 3_600_000), 'test')
      .catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /time \d{4}-\d{2}-\d{2} \d{2}:\d{2} Europe\/\w+ is in the past; use now, \+10m or a later time/,
    );
    expect(await world.app.publishingLog.get(reminder.postId)).toMatchObject({ plannedAt: reminder.plannedAt });
    const justNow = new Date(Date.now() - 20_000);
    const taken = await world.app.postActions.reschedule(reminder.postId, justNow, 'test');
    expect(taken.plannedAt).toBe(justNow.toISOString());
  });

  it('`secon-bot reschedule <id> <past time>` exits 2 with the reason', async () => {
    world = await startWorld({ worker: false });
    const reminder = await reminderOf(world, futureWorkshop('resched-past-cli'));
    const dir = mkdtempSync(join(tmpdir(), 'secon-resched-'));
    writeFileSync(join(dir, 'secon-bot.yaml'), stringify(world.config));
    const past = new Date(Date.now() - 2 * DAY).toISOString();
    const result = await runCli(['reschedule', reminder.postId, past], {
      env: { ...world.env, REDIS_URL: testRedisUrl(), SECON_BOT_CONFIG: join(dir, 'secon-bot.yaml') },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is in the past; use now, \+10m or a later time/);
    expect((await world.app.publishingLog.get(reminder.postId))?.plannedAt).toBe(reminder.plannedAt);
  });
});

describe('reschedule counts relative days from the new time', () => {
  it('a reminder moved to 16 days before its event says "in 16 days"; the note says from and to in local time', async () => {
    world = await startWorld({ worker: false });
    const item = futureWorkshop('resched-count');
    const reminder = await reminderOf(world, item);
    const at = new Date(Date.parse(item.event!.start) - 16 * DAY);
    const updated = await world.app.postActions.reschedule(reminder.postId, at, 'test');
    expect(updated.text).toContain('in 16 days');
    expect(updated.note).toMatch(
      new RegExp(`^rescheduled from ${LOCAL} to ${LOCAL} \\(Europe/\\w+\\); rendered again`),
    );
    // Stored times stay ISO.
    expect(updated.plannedAt).toBe(at.toISOString());
  });
});

describe('retry renders the post again for now, as reschedule does', () => {
  /** The reminder settled `missed` by hand, as the worker does when it is overdue. */
  async function missedReminder(w: World, id: string) {
    const reminder = await reminderOf(w, futureWorkshop(id));
    await w.app.publishingLog.transition(nextEntry(reminder, 'missed', new Date(), { note: 'overdue' }), ['scheduled']);
    return reminder;
  }

  it('a missed "tomorrow" reminder retried weeks before the event no longer says "tomorrow"', async () => {
    world = await startWorld({ worker: false });
    const reminder = await missedReminder(world, 'retry-a');
    expect(reminder.text).toContain('tomorrow');
    const retried = await world.app.postActions.retry(reminder.postId, 'test');
    expect(retried.state).toBe('scheduled');
    expect(retried.text).not.toContain('tomorrow');
    expect(retried.text).toMatch(/in 2[01] days/);
    expect(retried.note).toMatch(new RegExp(`^retry after missed: moved from ${LOCAL} to ${LOCAL} \\(Europe/\\w+\\)`));
    expect((await world.app.store.get(reminder.postId))?.post.rendered.text).toBe(retried.text);
    expect(await world.app.queue.jobState(reminder.postId, 'twitter')).not.toBe('none');
  });

  it('keeps the text of a post an attempt claimed: the old text may be live and is what gets reconciled', async () => {
    world = await startWorld({ worker: false });
    const reminder = await missedReminder(world, 'retry-b');
    await world.app.store.markClaimed(reminder.postId, new Date());
    const retried = await world.app.postActions.retry(reminder.postId, 'test');
    expect(retried.text).toBe(reminder.text);
    expect(retried.note).toMatch(/text kept: an attempt claimed it/);
  });

  it('refuses a post whose event has started (stale news) unless it may be live', async () => {
    world = await startWorld({ worker: false });
    const started = new Date(Date.now() - 3_600_000).toISOString();
    const stale = plannedPost('x-secon', { at: new Date(Date.now() - 2 * DAY), kind: 'reminder', notAfter: started });
    const live = plannedPost('x-secon', { at: new Date(Date.now() - 2 * DAY), kind: 'reminder', notAfter: started });
    for (const post of [stale, live]) {
      await world.app.scheduler.schedule({ newsId: post.newsId, posts: [post], skipped: [] }, 'test');
      const record = (await world.app.publishingLog.get(post.postId))!;
      await world.app.publishingLog.transition(nextEntry(record, 'missed', new Date()), [record.state]);
    }
    const error = await world.app.postActions.retry(stale.postId, 'test').catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/the event it announces started .* so it would be stale news; it stays missed/);
    expect((await world.app.publishingLog.get(stale.postId))?.state).toBe('missed');
    // A claimed post may be live: the retry only looks for it on the platform (publisher.ts).
    await world.app.store.markClaimed(live.postId, new Date());
    expect((await world.app.postActions.retry(live.postId, 'test')).state).toBe('scheduled');
  });
});
