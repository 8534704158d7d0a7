import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScheduledPostReport } from '../../src/publishing/scheduler.ts';
import { loadNewsText } from '../../web/news-check.ts';
import { DeskClient, futureNews, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/** The desk's report page: its filters, their downloads, an empty period. A desk of its own, so counts are known. */

let desk: TestDesk;
let admin: DeskClient;
let posts: ScheduledPostReport[];

beforeAll(async () => {
  desk = await startTestDesk();
  admin = new DeskClient(desk.server);
  await admin.login('ada');
  const { items } = await loadNewsText(desk.config, 'report.md', futureNews('report-news'));
  const [taken] = await desk.app.intake.take(items, { actor: 'test' });
  posts = taken!.posts;
});

afterAll(async () => desk?.close());

/** The page's total: "<strong>12</strong> posts from …" (or "1 post"). */
function totalOf(body: string): number {
  const match = /<strong>(\d+)<\/strong> posts? from/.exec(body);
  if (!match) throw new Error('no total on the page');
  return Number(match[1]);
}

/** The href of the page's link whose text is `text`, entities decoded. */
function linkOf(body: string, text: string): string {
  const match = new RegExp(`<a href="([^"]+)"[^>]*>${text}</a>`).exec(body);
  if (!match) throw new Error(`no link "${text}" on the page`);
  return match[1]!.replaceAll('&amp;', '&');
}

describe('review desk: report filters', () => {
  it('counts only the posts of the chosen channel and language, and says so', async () => {
    const all = await admin.get('/report');
    expect(totalOf(all.body)).toBe(posts.length);
    expect(all.body).not.toContain('Counted only');

    const response = await admin.get('/report?channel=facebook-secon&language=de');
    expect(response.statusCode).toBe(200);
    const wanted = posts.filter((p) => p.channel === 'facebook-secon' && p.language === 'de');
    expect(wanted.length).toBeGreaterThan(0);
    expect(wanted.length).toBeLessThan(posts.length);
    expect(totalOf(response.body)).toBe(wanted.length);
    expect(response.body).toContain('<strong>Counted only:</strong> channel facebook-secon; language de</p>');
    // The form shows what it counts.
    expect(response.body).toContain('<option value="facebook-secon" selected>');
    expect(response.body).toContain('<option value="de" selected>');
  });

  it('narrows by state: what went out, or what still waits', async () => {
    const body = (await admin.get('/report?state=scheduled')).body;
    expect(totalOf(body)).toBe(posts.filter((p) => p.state === 'scheduled').length);
    expect(body).toContain('Counted only:</strong> state scheduled');
    expect(body).toContain('<option value="scheduled" selected>');
    expect((await admin.get('/report?state=published')).body).toContain('No posts in this period for these filters.');
  });

  it('narrows by platform', async () => {
    const body = (await admin.get('/report?platform=twitter')).body;
    // x-secon is the only channel on X.
    expect(posts.some((p) => p.channel === 'x-secon')).toBe(true);
    expect(totalOf(body)).toBe(posts.filter((p) => p.channel === 'x-secon').length);
    expect(body).toContain('Counted only:</strong> platform X');
  });

  it('the CSV and chart downloads are of the same posts and say so', async () => {
    const body = (await admin.get('/report?channel=facebook-secon&language=de')).body;
    const csv = await admin.get(linkOf(body, 'Download as CSV'));
    expect(csv.statusCode).toBe(200);
    const rows = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(rows[1]).toMatch(new RegExp(`^total,posts,.*,${totalOf(body)},$`));
    expect(rows.slice(2, 4)).toEqual(['filter,channel,facebook-secon,,', 'filter,language,de,,']);
    expect(rows).toContain(`language,de,,${totalOf(body)},`);

    const chart = await admin.get(
      linkOf(body, 'Download this chart<span class="visually-hidden">: Posts per month</span> \\(SVG\\)'),
    );
    expect(chart.statusCode).toBe(200);
    expect(chart.body).toContain('>Counted only: channel facebook-secon; language de</text>');
    expect(chart.body).toContain(`: ${totalOf(body)} posts</desc>`);
  });

  it('a value the desk does not know is refused with a message naming the field and what it takes', async () => {
    for (const [query, message] of [
      // As `secon-bot report` answers (a channel or language of a removed channel is taken: test/web/desk-history.test.ts).
      [
        'channel=nope',
        'Channel: unknown channel &quot;nope&quot;; configured: x-secon, linkedin-secon, facebook-secon',
      ],
      ['platform=myspace', 'Platform: unknown value &quot;myspace&quot;; expected one of facebook, linkedin, twitter'],
      ['language=french', 'Language: &quot;french&quot; is not a language code; expected BCP 47 codes'],
    ]) {
      const response = await admin.get(`/report?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.body, query).toContain(message);
      expect(response.body, query).not.toMatch(/<strong>\d+<\/strong> posts? from/);
      const csv = await admin.get(`/report/report.csv?${query}`);
      expect(csv.statusCode, query).toBe(400);
      expect(csv.headers['content-type'], query).not.toContain('text/csv');
    }
  });

  it('a value that is markup is shown as text', async () => {
    const evil = '"><script>alert(1)</script>';
    for (const field of ['channel', 'platform', 'language', 'since', 'until']) {
      const response = await admin.get(`/report?${field}=${encodeURIComponent(evil)}`);
      expect(response.statusCode, field).toBe(400);
      expect(response.body, field).not.toContain('<script>alert');
      expect(response.body, field).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });
});

describe('review desk: a report with no posts', () => {
  it('says so in a sentence instead of drawing empty charts', async () => {
    const body = (await admin.get('/report?since=2020-01-01&until=2020-02-01')).body;
    expect(totalOf(body)).toBe(0);
    expect(body).toContain('<p class="empty">No posts in this period.</p>');
    expect(body).not.toContain('<svg');
    expect(body).not.toContain('Download this chart');
  });

  it('names the filters when they are why nothing is counted', async () => {
    // The facebook page posts in Bulgarian too, but the news item has no Bulgarian version.
    const body = (await admin.get('/report?language=bg')).body;
    expect(totalOf(body)).toBe(0);
    expect(body).toContain('No posts in this period for these filters.');
  });

  it("an empty month chart's download says none, with no plot over a baseline", async () => {
    const svg = (await admin.get('/report/chart/month.svg?since=2020-01-01&until=2020-02-01')).body;
    expect(svg).toContain('>none</text>');
    expect(svg).not.toContain('<line');
  });
});
