import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { displayLength } from '../../src/log/text-table.ts';
import { WorkerPresence } from '../../src/publishing/worker-presence.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { runCli } from '../helpers/cli.ts';
import { worldConfigYaml } from '../helpers/config.ts';
import { logEntry } from '../helpers/log-entries.ts';
import { deletePrefix, testRedis, testRedisUrl, uniquePrefix } from '../helpers/redis.ts';

const prefix = uniquePrefix('cli');
const dir = mkdtempSync(join(tmpdir(), 'secon-cli-'));
const redis = testRedis();
let env: NodeJS.ProcessEnv;

/** The note of a post's latest log entry. */
const noteOf = async (postId: string) => (await new RedisPublishingLog(redis, redisKeys(prefix)).get(postId))?.note;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
/**
 * `days` from now at `hour`:00 UTC. The event's time of day is fixed so that which follow-ups fit
 * does not depend on when the test runs (an event at 00:57 local time has no event-day post).
 */
const inDaysAt = (days: number, hour: number) => {
  const day = new Date(Date.now() + days * 86_400_000);
  day.setUTCHours(hour, 0, 0, 0);
  return day.toISOString().replace(/\.\d{3}Z$/, 'Z');
};
const item = {
  id: `cli-workshop-${prefix}`,
  kind: 'announcement',
  language: 'en',
  title: 'SECON peer review in Badajoz',
  summary: 'Partners review how regions buy from social enterprises.',
  url: 'https://www.interregeurope.eu/secon',
  published: inDays(-1),
  event: { name: 'SECON peer review', start: inDaysAt(30, 15), timezone: 'Europe/Madrid' },
  translations: {
    de: {
      title: 'SECON Peer Review in Badajoz',
      summary: 'Die Partner prüfen, wie Regionen bei Sozialunternehmen einkaufen.',
    },
  },
};

beforeAll(() => {
  writeFileSync(join(dir, 'secon-bot.yaml'), worldConfigYaml(prefix));
  writeFileSync(join(dir, 'item.json'), JSON.stringify(item));
  writeFileSync(
    join(dir, 'bad.json'),
    JSON.stringify([
      { ...item, id: `cli-bad-${prefix}`, url: 'not a url' },
      { ...item, id: `cli-good-${prefix}` },
    ]),
  );
  env = { REDIS_URL: testRedisUrl(), SECON_BOT_CONFIG: join(dir, 'secon-bot.yaml') };
});
afterAll(async () => {
  await deletePrefix(redis, prefix);
  await redis.quit();
});

describe('schedule and the post commands', { timeout: 60_000 }, () => {
  it('schedules, shows the agenda, approves, reschedules, cancels; errors exit 2 naming what is wrong', async () => {
    const first = await runCli(['schedule', join(dir, 'item.json'), '--json'], { env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const plan = JSON.parse(first.stdout) as {
      items: Array<{
        status: string;
        posts: Array<{ postId: string; channel: string; state: string; kind: string; action: string }>;
      }>;
    };
    const posts = plan.items[0]!.posts;
    expect(plan.items[0]!.status).toBe('scheduled');
    expect(new Set(posts.map((p) => p.channel))).toEqual(new Set(['x-secon', 'linkedin-secon', 'facebook-secon']));
    expect(posts.filter((p) => p.channel === 'facebook-secon' && p.kind === 'announcement').length).toBe(2);
    const linkedin = posts.find((p) => p.channel === 'linkedin-secon' && p.kind === 'announcement')!;
    expect(linkedin.state).toBe('awaiting-approval');

    const again = await runCli(['schedule', join(dir, 'item.json')], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/unchanged/);
    // Nothing was created or updated: not counted as scheduled again; what still waits is said.
    expect(again.stderr).toContain('nothing new scheduled: every post is unchanged');
    expect(again.stderr).not.toMatch(/posts? scheduled/);
    const waiting = posts.filter((p) => p.state === 'awaiting-approval').length;
    expect(again.stderr).toContain(`${waiting} posts still wait for approval: \`secon-bot approve --news ${item.id}\``);

    const agenda = await runCli(['agenda', '--channel', 'linkedin-secon', '--json'], { env });
    const listed = JSON.parse(agenda.stdout) as { posts: Array<{ postId: string; state: string; zone: string }> };
    expect(listed.posts.map((p) => p.postId)).toContain(linkedin.postId);
    expect(listed.posts.every((p) => p.zone === 'Europe/Athens')).toBe(true);

    const approve = await runCli(['approve', linkedin.postId], { env });
    expect(approve.code).toBe(0);
    expect(approve.stdout).toMatch(new RegExp(`approved ${linkedin.postId.replace(/\./g, '\\.')}: scheduled`));

    const unknown = await runCli(['approve', 'nope.x-secon.en.news'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown post id "nope.x-secon.en.news"/);

    const when = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const moved = await runCli(['reschedule', linkedin.postId, `${when} 10:30`, '--json'], { env });
    expect(moved.code).toBe(0);
    expect(JSON.parse(moved.stdout).local).toBe(`${when} 10:30 Europe/Athens`);
    expect(await noteOf(linkedin.postId)).toMatch(/^rescheduled from /);
    // "now" is a person sending it now: the log says so.
    const now = await runCli(['reschedule', linkedin.postId, 'now', '--json'], { env });
    expect(now.code, now.stderr).toBe(0);
    expect(await noteOf(linkedin.postId)).toMatch(/^sent now: moved from .* to .* \(Europe\/Athens\)$/);

    const cancel = await runCli(['cancel', '--news', item.id, '--json'], { env });
    expect(cancel.code).toBe(0);
    expect((JSON.parse(cancel.stdout) as { cancelled: unknown[] }).cancelled).toHaveLength(posts.length);
    const twice = await runCli(['cancel', linkedin.postId], { env });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/it is cancelled; cancel works on draft, awaiting-approval, scheduled posts/);
  });

  it('show names the link and the images that go out with the text (what a person approves)', async () => {
    const id = `cli-attached-${prefix}`;
    const image = { src: 'https://www.interregeurope.eu/secon/images/badajoz.jpg', alt: 'Partners around a table' };
    writeFileSync(join(dir, 'attached.json'), JSON.stringify({ ...item, id, images: [image] }));
    expect((await runCli(['schedule', join(dir, 'attached.json')], { env })).code).toBe(0);
    const postId = `${id}.facebook-secon.en.announcement`;
    const shown = await runCli(['show', postId], { env });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(
      `  link      https://www.interregeurope.eu/secon?utm_source=facebook&utm_medium=social&utm_campaign=${id}\n`,
    );
    expect(shown.stdout).toContain(`  image     ${image.src}\n            alt: ${image.alt}\n`);
    const json = JSON.parse((await runCli(['show', postId, '--json'], { env })).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ link: expect.stringContaining('utm_source=facebook'), images: [image] });
  });

  it('show lists the warnings the desk shows on the post: what a person reads before approving', async () => {
    const id = `cli-warned-${prefix}`;
    // The German translation is in English: its posts say so.
    const english = {
      title: 'SECON peer review in Badajoz',
      summary: 'Partners from nine regions review how the regions buy from social enterprises in Extremadura.',
    };
    writeFileSync(join(dir, 'warned.json'), JSON.stringify({ ...item, id, translations: { de: english } }));
    expect((await runCli(['schedule', join(dir, 'warned.json')], { env })).code).toBe(0);
    const german = await runCli(['show', `${id}.facebook-secon.de.announcement`], { env });
    expect(german.code, german.stderr).toBe(0);
    expect(german.stdout).toMatch(/^ {2}warning {3}the text reads as English \(en\), not German \(de\): /m);
    const json = JSON.parse((await runCli(['show', `${id}.facebook-secon.de.announcement`, '--json'], { env })).stdout);
    expect(json.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^the text reads as English \(en\)/)]));
    const englishPost = await runCli(['show', `${id}.facebook-secon.en.announcement`], { env });
    expect(englishPost.stdout).not.toContain('reads as');
  });

  it('a bad item is rejected with exit 2 while the good one is still scheduled', async () => {
    const result = await runCli(['schedule', join(dir, 'bad.json')], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(new RegExp(`cli-good-${prefix}.*scheduled`));
    // The source on one line, each problem on its own under it (as ingest and preview say it).
    expect(result.stdout).toMatch(
      /^rejected {2}\S*bad\.json item 1 {2}\(cli-bad-\S+\)\n {2}✗ url: expected an http\(s\) URL/m,
    );
  });

  it('schedule --approval ends by saying how to approve what it queued', async () => {
    const id = `cli-held-${prefix}`;
    writeFileSync(join(dir, 'held.json'), JSON.stringify({ ...item, id }));
    const scheduled = await runCli(['schedule', join(dir, 'held.json'), '--approval'], { env });
    expect(scheduled.code, scheduled.stderr).toBe(0);
    const said = scheduled.stderr.replace(/\s+/g, ' ');
    expect(said).toMatch(new RegExp(`\\d+ posts wait for approval: \`secon-bot approve --news ${id}\``));
    expect(said).not.toContain('still wait');
  });

  it('several items with posts waiting for approval: one `approve --news a,b` is suggested, and it works', async () => {
    const ids = [`cli-two-a-${prefix}`, `cli-two-b-${prefix}`];
    writeFileSync(join(dir, 'two.json'), JSON.stringify(ids.map((id) => ({ ...item, id }))));
    const scheduled = await runCli(['schedule', join(dir, 'two.json')], { env });
    expect(scheduled.code).toBe(0);
    const suggested = scheduled.stderr.replace(/\s+/g, ' ').match(/still wait for approval: `(secon-bot [^`]+)`/)?.[1];
    expect(suggested).toBe(`secon-bot approve --news ${ids.join(',')}`);
    const approved = await runCli([...suggested!.split(' ').slice(1), '--json'], { env });
    expect(approved.code, approved.stderr).toBe(0);
    const outcome = JSON.parse(approved.stdout) as { approved: Array<{ newsId: string }>; failed: unknown[] };
    expect(new Set(outcome.approved.map((r) => r.newsId))).toEqual(new Set(ids));
    expect(outcome.failed).toEqual([]);
  });

  it('a single invalid file: rejected, without "the others were scheduled" when there were none', async () => {
    writeFileSync(join(dir, 'only-bad.json'), JSON.stringify({ ...item, id: `cli-only-bad-${prefix}`, url: 'x' }));
    const result = await runCli(['schedule', join(dir, 'only-bad.json')], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('secon-bot: 1 item rejected\n');
  });

  it('the plan and the agenda fit an 80-column screen', async () => {
    // Starting at 04:00 UTC (05:00 or 06:00 in Madrid) the event leaves no room for the event-day
    // post, so the plan carries a skip that names two times: a long line that must wrap.
    const wide = { ...item, id: `cli-wide-${prefix}`, event: { ...item.event, start: inDaysAt(30, 4) } };
    writeFileSync(join(dir, 'wide.json'), JSON.stringify(wide));
    const narrow = { ...env, COLUMNS: '80' };
    const plan = await runCli(['schedule', join(dir, 'wide.json'), '--dry-run'], { env: narrow });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/WHEN \(Europe\/Athens\) +CHANNEL +LANG +KIND +STATE/);
    await runCli(['schedule', join(dir, 'wide.json')], { env });
    const agenda = await runCli(['agenda'], { env: narrow });
    expect(agenda.code).toBe(0);
    expect(agenda.stdout).toContain(`${wide.id}.linkedin-secon.en.announcement`);
    expect(plan.stdout.replace(/\s+/g, ' ')).toMatch(
      /no event-day on x-secon: its time .+ is not before the event starts/,
    );
    for (const out of [plan.stdout, agenda.stdout])
      for (const line of out.split('\n')) expect(displayLength(line), line).toBeLessThanOrEqual(80);
  });

  it('the agenda says when no worker runs to carry out the plan, and is quiet while one does', async () => {
    await runCli(['schedule', join(dir, 'item.json')], { env });
    const without = await runCli(['agenda'], { env });
    expect(without.code).toBe(0);
    expect(without.stdout).toMatch(
      /^⚠ No worker is running: nothing is published, and posts fall behind, until one starts \(`secon-bot worker`\)\./m,
    );
    expect(JSON.parse((await runCli(['agenda', '--json'], { env })).stdout)).toMatchObject({ workersRunning: 0 });

    const keys = redisKeys(prefix);
    await new WorkerPresence(redis, keys).beat(
      { id: 'worker:app-1:4242', host: 'app-1', pid: 4242, version: '0.2.0', startedAt: new Date().toISOString() },
      new Date(),
    );
    try {
      expect((await runCli(['agenda'], { env })).stdout).not.toContain('No worker is running');
      expect(JSON.parse((await runCli(['agenda', '--json'], { env })).stdout)).toMatchObject({ workersRunning: 1 });
    } finally {
      await redis.del(keys.workers);
    }
  });

  it("pause and the agenda give the pause in the channel's local time, not UTC ISO", async () => {
    const paused = await runCli(['pause', 'x-secon', '--reason', 'account review'], { env });
    expect(paused.code).toBe(0);
    expect(paused.stdout).toMatch(
      /^paused x-secon since \d{4}-\d\d-\d\d \d\d:\d\d \(Europe\/Athens\): account review$/m,
    );
    // A second pause leaves the first standing, and says so (it used to print "paused …" with the
    // first reason, as if the new one had been taken).
    const again = await runCli(['pause', 'x-secon', '--reason', 'another reason', '--json'], { env });
    expect(JSON.parse(again.stdout)).toMatchObject({ reason: 'account review', already: true });
    const human = await runCli(['pause', 'x-secon', '--reason', 'another reason'], { env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /^x-secon was already paused since [^)]+\) by \S+: account review\. That pause stands; to pause it for another reason, `secon-bot resume x-secon` first$/m,
    );
    const agenda = await runCli(['agenda', '--channel', 'x-secon'], { env });
    expect(agenda.stdout).toMatch(/PAUSED since \d{4}-\d\d-\d\d \d\d:\d\d: account review/);
    expect(paused.stdout + agenda.stdout).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}Z/);
    expect((await runCli(['resume', 'x-secon'], { env })).stdout).toMatch(
      /^resumed x-secon; \d+ waiting posts? queued$/m,
    );
    // Once more: nothing to lift, and nothing newly queued (it used to say "N waiting post(s) queued").
    expect((await runCli(['resume', 'x-secon'], { env })).stdout).toMatch(
      /^x-secon was not paused; its \d+ posts? to go out stay queued$/m,
    );
  });

  it("schedule, approve, reschedule and show say when the post's channel is paused: its time is not when it goes out", async () => {
    writeFileSync(join(dir, 'held.json'), JSON.stringify({ ...item, id: `cli-held-${prefix}` }));
    const postId = `cli-held-${prefix}.x-secon.en.announcement`;
    const as = { env: { ...env, SECON_BOT_ACTOR: 'jonas' } };
    expect((await runCli(['pause', 'x-secon', '--reason', 'token expired'], as)).code).toBe(0);
    const held =
      /^x-secon is paused since \d{4}-\d\d-\d\d \d\d:\d\d Europe\/Athens by cli:jonas: token expired; its posts wait until `secon-bot resume x-secon`$/m;
    try {
      // Planned on a paused channel: said under the plan (on stderr, with the other notes).
      const scheduled = await runCli(['schedule', join(dir, 'held.json'), '--approval'], { env });
      expect(scheduled.code).toBe(0);
      expect(scheduled.stderr).toMatch(held);
      expect(scheduled.stderr).not.toContain('linkedin-secon is paused');
      const approved = await runCli(['approve', postId], { env });
      expect(approved.code).toBe(0);
      expect(approved.stdout).toMatch(held);
      const moved = await runCli(['reschedule', postId, '+2d'], { env });
      expect(moved.code).toBe(0);
      expect(moved.stdout).toMatch(held);
      // --json stays the record alone.
      expect(JSON.parse((await runCli(['reschedule', postId, '+3d', '--json'], { env })).stdout)).toMatchObject({
        postId,
        state: 'scheduled',
      });
      const shown = await runCli(['show', postId], { env });
      expect(shown.stdout).toMatch(
        /^ {2}paused {4}x-secon since .* by cli:jonas: token expired; the post waits until `secon-bot resume x-secon`$/m,
      );
      expect(JSON.parse((await runCli(['show', postId, '--json'], { env })).stdout)).toMatchObject({
        pause: { channel: 'x-secon', by: 'cli:jonas', reason: 'token expired' },
      });
      // Another channel's post is not held: nothing said.
      expect(
        (await runCli(['reschedule', `cli-held-${prefix}.linkedin-secon.en.announcement`, '+2d'], { env })).stdout,
      ).not.toContain('is paused');
    } finally {
      await runCli(['resume', 'x-secon'], { env });
    }
    expect((await runCli(['reschedule', postId, '+2d'], { env })).stdout).not.toContain('is paused');
    expect((await runCli(['show', postId], { env })).stdout).not.toMatch(/^ {2}paused/m);
  });

  it('a long pause reason wraps under its start on an 80-column screen', async () => {
    const reason = 'the account is under review by the platform after a login from a new country';
    await runCli(['pause', 'x-secon', '--reason', reason], { env });
    const agenda = await runCli(['agenda', '--channel', 'x-secon'], { env: { ...env, COLUMNS: '80' } });
    expect((await runCli(['resume', 'x-secon'], { env })).code).toBe(0);
    const lines = agenda.stdout.split('\n');
    for (const line of lines) expect(displayLength(line), line).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^x-secon \(Europe\/Athens\) — PAUSED since /);
    expect(agenda.stdout.replace(/\s+/g, ' ')).toContain(reason);
  });

  it('pauses lists who paused and resumed which channel, when and why, newest first', async () => {
    const as = (who: string) => ({ env: { ...env, SECON_BOT_ACTOR: who } });
    const channels = ['--channel', 'facebook-secon,linkedin-secon'];
    expect((await runCli(['pause', 'facebook-secon', '--reason', 'page under review'], as('maria'))).code).toBe(0);
    expect((await runCli(['pause', 'linkedin-secon', '--reason', 'token expired'], as('jonas'))).code).toBe(0);
    expect((await runCli(['resume', 'facebook-secon'], as('maria'))).code).toBe(0);
    try {
      const listed = await runCli(['pauses', ...channels], { env: { ...env, COLUMNS: '100' } });
      expect(listed.stderr).toBe('');
      expect(listed.code).toBe(0);
      const lines = listed.stdout.split('\n');
      // What holds a channel now comes first; then every event, in the project's zone, newest first.
      expect(lines[0]).toMatch(
        /^linkedin-secon is paused since \d{4}-\d\d-\d\d \d\d:\d\d by cli:jonas: token expired$/,
      );
      const header = lines.findIndex((line) => line.startsWith('WHEN (Europe/Athens)'));
      expect(header).toBeGreaterThan(0);
      // Under the header its rule (dashes), then the rows.
      const rows = lines.slice(header + 2).filter(Boolean);
      expect(rows.map((row) => row.split(/\s{2,}/).slice(1))).toEqual([
        ['facebook-secon', 'resumed', 'cli:maria', 'page under review'],
        ['linkedin-secon', 'paused', 'cli:jonas', 'token expired'],
        ['facebook-secon', 'paused', 'cli:maria', 'page under review'],
      ]);
      for (const row of rows) expect(row).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d /);
      expect(listed.stdout).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}Z/);

      const json = JSON.parse((await runCli(['pauses', ...channels, '--json'], { env })).stdout) as {
        paused: Array<{ channel: string; by: string }>;
        events: Array<{ channel: string; kind: string; by: string; at: string }>;
      };
      expect(json.paused).toEqual([expect.objectContaining({ channel: 'linkedin-secon', by: 'cli:jonas' })]);
      expect(json.events.map((e) => `${e.kind} ${e.channel}`)).toEqual([
        'resumed facebook-secon',
        'paused linkedin-secon',
        'paused facebook-secon',
      ]);
      const one = JSON.parse((await runCli(['pauses', ...channels, '--limit', '1', '--json'], { env })).stdout);
      expect(one.events).toEqual([json.events[0]]);
    } finally {
      expect((await runCli(['resume', 'linkedin-secon'], { env })).code).toBe(0);
    }
    const none = await runCli(['pauses', '--channel', 'linkedin-secon'], { env });
    expect(none.stdout.split('\n')[0]).toBe('None of these channels is paused now.');

    const badLimit = await runCli(['pauses', '--limit', '0'], { env });
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain('--limit: "0" is not a whole number from 1 to 100');
    const unknown = await runCli(['pauses', '--channel', 'no-such-channel'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown channel "no-such-channel"');
  });
  it('says under the agenda what waits for a person off it: posts failed lately, missed or unconfirmed', async () => {
    const log = new RedisPublishingLog(redis, redisKeys(prefix));
    const postOf = (n: number) => `agenda-person-${n}.x-secon.en.announcement`;
    const ended = (n: number, state: 'failed' | 'missed', daysAgo: number) =>
      log.append(
        logEntry({
          postId: postOf(n),
          newsId: `agenda-person-${n}`,
          state,
          attempt: 1,
          at: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
          ...(state === 'failed' ? { errorKind: 'rejected', errorMessage: 'X answered 403: Forbidden' } : {}),
        }),
      );
    await ended(1, 'failed', 0);
    // Failed eight days ago: no longer "lately".
    await ended(2, 'failed', 8);
    await ended(3, 'missed', 2);
    const agenda = await runCli(['agenda'], { env: { ...env, COLUMNS: '200' } });
    expect(agenda.code).toBe(0);
    expect(agenda.stdout).toContain(
      '1 post failed in the last 7 days: `secon-bot history --state failed --since 7d` says why; `secon-bot retry <post id>` once the cause is fixed',
    );
    expect(agenda.stdout).toContain(
      '1 post missed or unconfirmed waits for a person: `secon-bot history --state missed,unconfirmed`',
    );
    expect(JSON.parse((await runCli(['agenda', '--json'], { env })).stdout)).toMatchObject({
      needAPerson: { failed: [postOf(1)], missed: [postOf(3)], unconfirmed: [] },
    });
    // Narrowed to another channel: nothing of theirs.
    const linkedin = await runCli(['agenda', '--channel', 'linkedin-secon'], { env });
    expect(linkedin.stdout).not.toContain('failed in the last');
    expect(linkedin.stdout).not.toContain('missed or unconfirmed');
  });
});
