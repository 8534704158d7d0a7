import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_PAGE_SIZE } from '../../src/log/log-activity.ts';
import type { ScheduledPostReport } from '../../src/publishing/scheduler.ts';
import { loadNewsText } from '../../web/news-check.ts';
import { localDateTime } from '../../web/views/format.ts';
import { DeskClient, futureNews, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/**
 * The desk's Activity page: every change in the log with who made it, as `secon-bot activity`
 * lists them, narrowed to a person or a way of working, paged by log id; readable by every role,
 * by nobody logged out.
 */

let desk: TestDesk;
let approver: DeskClient;
let viewer: DeskClient;
let posts: ScheduledPostReport[];

/** The rows of an activity page: who, and the post. */
function rows(body: string): Array<{ by: string; post: string }> {
  return [
    ...body.matchAll(
      /<td data-label="By"><a href="\/activity\?by=([^"]*)" class="actor">([^<]*)<\/a><\/td><td data-label="Post"><a href="\/posts\/([^"]+)"/g,
    ),
  ].map((m) => {
    // Each actor links to everything it did.
    expect(decodeURIComponent(m[1]!)).toBe(m[2]);
    return { by: m[2]!, post: decodeURIComponent(m[3]!) };
  });
}

beforeAll(async () => {
  desk = await startTestDesk();
  approver = new DeskClient(desk.server);
  await approver.login('aida');
  viewer = new DeskClient(desk.server);
  await viewer.login('vic');
  const { items } = await loadNewsText(desk.config, 'activity.md', futureNews('activity-news'));
  const [taken] = await desk.app.intake.take(items, { actor: 'cli:nikos', requireApproval: true });
  posts = taken!.posts;
  const page = `/posts/${encodeURIComponent(posts[0]!.postId)}`;
  expect((await approver.post(`${page}/approve`, {}, { from: page })).statusCode).toBe(303);
});

afterAll(async () => {
  await desk?.close();
});

describe('review desk: Activity', () => {
  it('lists every change newest first with who made it: the approval on the desk on top', async () => {
    const response = await viewer.get('/activity');
    expect(response.statusCode).toBe(200);
    const found = rows(response.body);
    expect(found[0]).toEqual({ by: 'web:aida', post: posts[0]!.postId });
    expect(found.slice(1).map((r) => r.by)).toEqual(posts.map(() => 'cli:nikos'));
    expect(new Set(found.slice(1).map((r) => r.post))).toEqual(new Set(posts.map((p) => p.postId)));
    expect(response.body).toContain('<a href="/activity" aria-current="page">Activity</a>');
    // What each change decided: the posts put on the schedule say when they go out.
    const planned = [...response.body.matchAll(/<td data-label="Detail"><div>planned for ([^<]+)<\/div>/g)];
    expect(planned.map((m) => m[1])).toEqual(
      found
        .slice(1)
        .map((r) => localDateTime(posts.find((p) => p.postId === r.post)!.plannedAt, desk.config.project.timezone)),
    );
  });

  it("a post's timeline links each actor to everything it did", async () => {
    const body = (await viewer.get(`/posts/${encodeURIComponent(posts[0]!.postId)}`)).body;
    expect(body).toContain(
      `<td data-label="Detail">planned for ${localDateTime(posts[0]!.plannedAt, desk.config.project.timezone)}</td>`,
    );
    expect(body).toContain('<td data-label="By"><a href="/activity?by=web%3Aaida" class="actor">web:aida</a></td>');
    expect(body).toContain('<td data-label="By"><a href="/activity?by=cli%3Anikos" class="actor">cli:nikos</a></td>');
  });

  it('narrows to a person, a way of working or several; no link to an empty next page', async () => {
    expect(rows((await viewer.get('/activity?by=aida')).body)).toEqual([{ by: 'web:aida', post: posts[0]!.postId }]);
    expect(rows((await viewer.get('/activity?by=nikos,web')).body)).toHaveLength(posts.length + 1);
    const first = await viewer.get('/activity?by=cli');
    // Fewer than a page: no link to an empty one.
    expect(first.body).not.toContain('rel="next"');
    expect(rows(first.body)).toHaveLength(posts.length);
  });

  it('narrows to a news item or a channel; an unknown channel is refused, naming the field', async () => {
    const onLinkedin = rows((await viewer.get('/activity?channel=linkedin-secon')).body);
    expect(onLinkedin.length).toBeGreaterThan(0);
    expect(onLinkedin.every((r) => r.post.split('.')[1] === 'linkedin-secon')).toBe(true);
    expect(rows((await viewer.get('/activity?news=activity-news&by=aida')).body)).toEqual([
      { by: 'web:aida', post: posts[0]!.postId },
    ]);
    expect((await viewer.get('/activity?news=other-news')).body).toContain('No changes match.');
    const refused = await viewer.get('/activity?channel=mastodon');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Channel: unknown channel &quot;mastodon&quot;');
    expect(refused.body).toMatch(/<select id="a-channel" name="channel" aria-invalid="true"/);
    // The downloads keep the narrowing.
    expect((await viewer.get('/activity?news=activity-news')).body).toContain(
      '<a href="/activity/export.csv?news=activity-news" download>CSV</a>',
    );
  });

  it('pages on by log id, as the CLI does: every change once, the second page reached by "Older changes"', async () => {
    const record = (await desk.app.publishingLog.get(posts[0]!.postId))!;
    for (let i = 0; i < ACTIVITY_PAGE_SIZE + 10; i++)
      await desk.app.publishingLog.append({ ...record, actor: 'cli:pager', note: `change ${i}` });
    const first = await viewer.get('/activity?by=pager');
    const older = /<a href="(\/activity\?by=pager&amp;before=[\d-]+)" rel="next">Older changes<\/a>/.exec(first.body);
    expect(older).not.toBeNull();
    const second = await viewer.get(older![1]!.replaceAll('&amp;', '&'));
    expect(second.body).not.toContain('rel="next"');
    const notes = [first.body, second.body].flatMap((body) =>
      [...body.matchAll(/<td data-label="Detail"><div>(change \d+)<\/div><\/td>/g)].map((m) => m[1]),
    );
    expect(notes).toEqual(
      Array.from({ length: ACTIVITY_PAGE_SIZE + 10 }, (_, i) => `change ${ACTIVITY_PAGE_SIZE + 9 - i}`),
    );
  });

  it('refuses a bad filter with the CLI’s answer, naming the field, and lists nothing', async () => {
    for (const [query, field, message] of [
      ['by=a%20b', 'a-by', 'By: &quot;a b&quot; is not a name'],
      ['since=soon', 'a-since', 'Since: &quot;soon&quot; is not a date'],
    ]) {
      const response = await viewer.get(`/activity?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.body, query).toContain(message);
      expect(response.body, query).toMatch(new RegExp(`<input id="${field}"[^>]*aria-invalid="true"`));
      expect(rows(response.body), query).toEqual([]);
    }
  });

  it('downloads every change that matches as CSV (for spreadsheets) and NDJSON; a bad filter is refused', async () => {
    const csv = await viewer.get('/activity/export.csv?by=aida');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+-activity-\d{4}-\d\d-\d\d\.csv"$/);
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    const rows = parse(csv.body, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.actor, r.postId])).toEqual([['web:aida', posts[0]!.postId]]);
    const ndjson = await viewer.get('/activity/export.ndjson?by=nikos');
    expect(ndjson.body.trimEnd().split('\n')).toHaveLength(posts.length);
    expect((await viewer.get('/activity/export.csv?by=a%20b')).statusCode).toBe(400);
    expect((await viewer.get('/activity')).body).toContain('<a href="/activity/export.csv" download>CSV</a>');
  });

  it('shows who paused and resumed a channel, where it happened among the changes, on the page and in downloads', async () => {
    const admin = new DeskClient(desk.server);
    await admin.login('ada');
    for (const action of ['pause', 'resume'])
      expect(
        (await admin.post(`/channels/x-secon/${action}`, { reason: 'account <b>review</b>' }, { from: '/health' }))
          .statusCode,
      ).toBe(303);
    const body = (await viewer.get('/activity')).body;
    const channelRows = [
      ...body.matchAll(
        /<tr class="channel-change">.*?<td data-label="By"><a href="\/activity\?by=web%3Aada" class="actor">web:ada<\/a><\/td><td data-label="Channel"><div>channel <a href="\/health#h-pauses" class="mono">x-secon<\/a><\/div><\/td><td data-label="State"><div><span class="badge [\w-]+">(\w+)<\/span><\/div><\/td><td data-label="Detail"><div>([^<]*)<\/div>/g,
      ),
    ].map((m) => [m[1], m[2]]);
    expect(channelRows).toEqual([
      ['resumed', 'account &lt;b&gt;review&lt;/b&gt;'],
      ['paused', 'account &lt;b&gt;review&lt;/b&gt;'],
    ]);
    // Newest first: above the newest change to a post (the page test's last).
    expect(body.indexOf('class="channel-change"')).toBeGreaterThan(0);
    expect(body.indexOf('class="channel-change"')).toBeLessThan(body.indexOf('by=cli%3Apager'));
    expect(rows((await viewer.get('/activity?by=ada')).body)).toEqual([]);
    expect((await viewer.get('/activity?by=ada')).body.match(/class="channel-change"/g)).toHaveLength(2);
    const csv = parse((await viewer.get('/activity/export.csv?by=ada')).body, { bom: true, columns: true }) as Array<
      Record<string, string>
    >;
    expect(csv.map((r) => [r.actor, r.channel, r.state, r.note, r.postId])).toEqual([
      ['web:ada', 'x-secon', 'resumed', 'account <b>review</b>', ''],
      ['web:ada', 'x-secon', 'paused', 'account <b>review</b>', ''],
    ]);
    // The Health page links who paused to everything they did, and to all the pauses on Activity.
    const health = (await viewer.get('/health')).body;
    expect(health).toContain('among the changes to posts, on <a href="/activity">Activity</a>');
    expect(health).toContain('<td data-label="By"><div><a href="/activity?by=web%3Aada" class="actor">web:ada</a>');
  });

  it('is not shown to anyone not logged in', async () => {
    const response = await new DeskClient(desk.server).get('/activity');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/login/);
  });
});
