import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScheduledPostReport } from '../../src/publishing/scheduler.ts';
import { loadNewsText } from '../../web/news-check.ts';
import { DeskClient, futureNews, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/**
 * The desk's History and Report filters take the channels `secon-bot history` / `report` take: a
 * configured one, or one removed from the configuration whose posts are still in the log; any
 * other is refused with the CLI's answer, naming the form's field.
 */

let desk: TestDesk;
/** A desk on the same log after facebook-secon was removed from the configuration. */
let removed: TestDesk;
let admin: DeskClient;
let afterRemoval: DeskClient;
let posts: ScheduledPostReport[];

beforeAll(async () => {
  desk = await startTestDesk({ keepKeys: true });
  admin = new DeskClient(desk.server);
  await admin.login('ada');
  const { items } = await loadNewsText(desk.config, 'history.md', futureNews('history-news'));
  const [taken] = await desk.app.intake.take(items, { actor: 'test' });
  posts = taken!.posts;
  const config = { ...desk.config, channels: desk.config.channels.filter((c) => c.id !== 'facebook-secon') };
  removed = await startTestDesk({ config });
  afterRemoval = new DeskClient(removed.server);
  await afterRemoval.login('ada');
});

afterAll(async () => {
  await desk?.close();
  await removed?.close();
});

const UNKNOWN = 'Channel: unknown channel &quot;nope&quot;; configured: x-secon, linkedin-secon, facebook-secon';

describe('review desk: the channel filter of History and Report', () => {
  it('an unknown channel is refused on History, its export and Report, with the same answer as the CLI', async () => {
    for (const path of ['/history', '/report']) {
      const response = await admin.get(`${path}?channel=nope`);
      expect(response.statusCode, path).toBe(400);
      expect(response.body, path).toContain(UNKNOWN);
      expect(response.body, path).not.toContain('--channel');
      // Nothing was looked for: no "No posts match", no downloads of what is refused.
      expect(response.body, path).not.toContain('No posts match');
      expect(response.body, path).not.toContain('Download');
    }
    for (const path of ['/history/export.csv', '/history/export.ndjson', '/report/report.csv']) {
      const response = await admin.get(`${path}?channel=nope`);
      expect(response.statusCode, path).toBe(400);
      expect(response.body, path).toContain(UNKNOWN);
    }
  });

  it("a channel removed from the configuration keeps its posts' history and report, and the form shows it chosen", async () => {
    const facebook = posts.filter((p) => p.channel === 'facebook-secon');
    expect(facebook.length).toBeGreaterThan(0);
    const history = await afterRemoval.get('/history?channel=facebook-secon');
    expect(history.statusCode).toBe(200);
    for (const post of facebook) expect(history.body).toContain(post.postId);
    expect(history.body).toContain('<option value="facebook-secon" selected>');
    const report = await afterRemoval.get('/report?channel=facebook-secon');
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain(
      `<strong>${facebook.length}</strong> ${facebook.length === 1 ? 'post' : 'posts'} from`,
    );
    expect(report.body).toContain('<option value="facebook-secon" selected>');
    const csv = await afterRemoval.get('/report/report.csv?channel=facebook-secon');
    expect(csv.statusCode).toBe(200);
    // One the log has never seen is still refused.
    const refused = await afterRemoval.get('/report?channel=nope');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Channel: unknown channel &quot;nope&quot;; configured: x-secon, linkedin-secon<');
  });

  it('name X as X in the platform lists and the report, and take x in a link as the CLI takes --platform x', async () => {
    for (const path of ['/history', '/report']) {
      const body = (await admin.get(path)).body;
      expect(body, path).toContain('<option value="twitter">X</option>');
      expect(body, path).not.toMatch(/>twitter</);
    }
    // The report's platform table and chart say X; the link's value stays twitter (scripts, bookmarks).
    const report = (await admin.get('/report')).body;
    expect(report).toMatch(/<tr><td>X<\/td><td>\d+<\/td><\/tr>/);
    for (const path of ['/history?platform=x', '/report?platform=X']) {
      const response = await admin.get(path);
      expect(response.statusCode, path).toBe(200);
      expect(response.body, path).toContain('<option value="twitter" selected>X</option>');
    }
  });
});

describe('review desk: the When of a History row', () => {
  it('a post not yet out shows when it is planned, marked so, not the time it was last changed', async () => {
    const body = (await admin.get('/history?news=history-news&state=scheduled')).body;
    const scheduled = posts.filter((p) => p.state === 'scheduled');
    expect(scheduled.length).toBeGreaterThan(0);
    for (const post of scheduled) {
      const row = body.slice(body.lastIndexOf('<tr>', body.indexOf(`/posts/${encodeURIComponent(post.postId)}"`)));
      expect(row, post.postId).toMatch(
        new RegExp(
          `^<tr><td data-label="When"><div><time datetime="${post.plannedAt}">[^<]+</time> <span class="hint">planned</span>`,
        ),
      );
    }
  });
});
