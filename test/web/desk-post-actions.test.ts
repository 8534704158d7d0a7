import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNewsText } from '../../web/news-check.ts';
import { englishInGermanFeed } from '../helpers/planning.ts';
import { csrfOf, DeskClient, futureNews, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/**
 * The post page's actions beyond the basics: "Send now" (a scheduled post due at once, without
 * typing the time), and correcting the text of a post the platform refused.
 */

let desk: TestDesk;
let scheduled: string;
let waiting: string;

beforeAll(async () => {
  desk = await startTestDesk();
  const { items } = await loadNewsText(desk.config, 'riga.md', futureNews('riga-now'));
  const [result] = await desk.app.intake.take(items, { requireApproval: true, actor: 'test' });
  const ids = result!.posts.filter((p) => p.state === 'awaiting-approval').map((p) => p.postId);
  [scheduled, waiting] = ids as [string, string];
  await desk.app.postActions.approve(scheduled, 'test');
});

afterAll(async () => desk?.close());

/** The next "YYYY-MM-DD 03:30" that happens twice in Europe/Athens (the last Sunday of October). */
function nextDoubledHalfPast3(): string {
  const now = DateTime.now().setZone('Europe/Athens');
  for (const year of [now.year, now.year + 1]) {
    const lastSunday = DateTime.fromObject({ year, month: 10, day: 31 }, { zone: 'Europe/Athens' });
    const day = lastSunday.minus({ days: lastSunday.weekday % 7 });
    if (day > now) return `${day.toISODate()} 03:30`;
  }
  throw new Error('no last Sunday of October ahead');
}

/** The message the next page shows (the flash). */
function flash(body: string): string {
  return (
    /<div class="flash[^"]*"[^>]*>(.*?)<\/div>/s
      .exec(body)?.[1]
      ?.replace(/<[^>]+>/g, '')
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .trim() ?? '(no flash)'
  );
}

describe('review desk: send now', () => {
  it('an editor sends a scheduled post now: its planned time becomes now, the log names them', async () => {
    const editor = new DeskClient(desk.server);
    await editor.login('ed');
    const before = await editor.get(`/posts/${scheduled}`);
    const channel = (await desk.app.publishingLog.get(scheduled))!.channel;
    // Publishing cannot be taken back: the browser asks first.
    expect(before.body).toContain(
      `action="/posts/${scheduled}/send-now" data-confirm="Publish this post on ${channel} now?"`,
    );
    expect(before.body).toMatch(/It goes out at once instead of at \w{3}, \d+ \w{3} \d{4}, \d\d:\d\d/);
    const sentAt = Date.now();
    const response = await editor.post(`/posts/${scheduled}/send-now`, {}, { from: `/posts/${scheduled}` });
    expect(response.statusCode).toBe(303);
    const record = await desk.app.publishingLog.get(scheduled);
    expect(record).toMatchObject({ state: 'scheduled', actor: 'web:ed' });
    // The log says a person sent it now, not only that it moved.
    expect(record?.note).toMatch(/^sent now: moved from \w{3} \d+ \w{3} \d{4} \d\d:\d\d to .* \(Europe\/\w+\)$/);
    expect(Math.abs(Date.parse(record!.plannedAt) - sentAt)).toBeLessThan(10_000);
    expect(flash((await editor.get(`/posts/${scheduled}`)).body)).toBe(`${scheduled} goes out now.`);
  });

  it('a post awaiting approval keeps waiting, and the message says so', async () => {
    const editor = new DeskClient(desk.server);
    await editor.login('ed');
    const page = (await editor.get(`/posts/${waiting}`)).body;
    expect(page).toMatch(
      /Instead of at \w{3}, \d+ \w{3} \d{4}, \d\d:\d\d \w+, it goes out as soon as it is approved\./,
    );
    expect(page).toContain(`action="/posts/${waiting}/send-now">`);
    expect((await editor.post(`/posts/${waiting}/send-now`, {}, { from: `/posts/${waiting}` })).statusCode).toBe(303);
    expect((await desk.app.publishingLog.get(waiting))?.state).toBe('awaiting-approval');
    expect(flash((await editor.get(`/posts/${waiting}`)).body)).toBe(`${waiting} goes out as soon as it is approved.`);
  });

  it('a time typed in the reschedule form that happens twice is taken as the earlier one, and the message says so', async () => {
    // A general news item: no event start limits how late a post may be moved.
    const text = futureNews('riga-news')
      .replace('kind: announcement', 'kind: news')
      .replace(/^event:\n(?: {2}.*\n)+/m, '');
    const { items } = await loadNewsText(desk.config, 'news.md', text);
    const [result] = await desk.app.intake.take(items, { requireApproval: true, actor: 'test' });
    const postId = result!.posts.find((p) => p.channel === 'facebook-secon')!.postId;
    const editor = new DeskClient(desk.server);
    await editor.login('ed');
    const at = nextDoubledHalfPast3();
    await editor.post(`/posts/${postId}/reschedule`, { at }, { from: `/posts/${postId}` });
    const said = flash((await editor.get(`/posts/${postId}`)).body);
    expect(said).toMatch(
      /^Rescheduled: .* once it is approved \(time ".*" happens twice in Europe\/Athens.*took the earlier, .*T03:30\+03:00/,
    );
    expect((await desk.app.publishingLog.get(postId))?.plannedAt).toBe(`${at.slice(0, 10)}T00:30:00.000Z`);
  });

  it('moved close to another post of its channel, the message names that post: said, not refused', async () => {
    const facebookPost = async (id: string) => {
      const text = futureNews(id)
        .replace('kind: announcement', 'kind: news')
        .replace(/^event:\n(?: {2}.*\n)+/m, '');
      const { items } = await loadNewsText(desk.config, `${id}.md`, text);
      const [result] = await desk.app.intake.take(items, { requireApproval: true, actor: 'test' });
      return result!.posts.find((p) => p.channel === 'facebook-secon')!;
    };
    const other = await facebookPost('riga-first');
    const mine = await facebookPost('riga-second');
    const gap = desk.config.channels.find((c) => c.id === 'facebook-secon')!.schedule?.minGapMinutes ?? 60;
    expect(gap).toBeGreaterThan(5);
    // Five minutes after the other post, in the channel's zone, as the form sends it.
    const at = DateTime.fromISO(other.plannedAt)
      .plus({ minutes: 5 })
      .setZone('Europe/Athens')
      .toFormat("yyyy-MM-dd'T'HH:mm");
    const editor = new DeskClient(desk.server);
    await editor.login('ed');
    const response = await editor.post(`/posts/${mine.postId}/reschedule`, { at }, { from: `/posts/${mine.postId}` });
    expect(response.statusCode).toBe(303);
    expect((await desk.app.publishingLog.get(mine.postId))?.plannedAt).toBe(
      new Date(Date.parse(other.plannedAt) + 5 * 60_000).toISOString(),
    );
    expect(flash((await editor.get(`/posts/${mine.postId}`)).body)).toMatch(
      new RegExp(
        `^Rescheduled: .* once it is approved \\(${other.postId.replaceAll('.', '\\.')} goes out on facebook-secon at .*, 5 minutes before this one; ` +
          `the channel keeps ${gap} minutes between posts \\(minGapMinutes\\)\\)\\.$`,
      ),
    );
  });

  it('a viewer is offered no such button and is refused (403) without a change', async () => {
    const viewer = new DeskClient(desk.server);
    await viewer.login('vic');
    const page = await viewer.get(`/posts/${waiting}`);
    expect(page.body).not.toContain('/send-now"');
    const planned = (await desk.app.publishingLog.get(waiting))?.plannedAt;
    const response = await viewer.post(`/posts/${waiting}/send-now`, {}, { from: `/posts/${waiting}` });
    expect(response.statusCode).toBe(403);
    expect((await desk.app.publishingLog.get(waiting))?.plannedAt).toBe(planned);
  });

  it('a published or cancelled post offers no "Send now", and sending one anyway is refused with the reason', async () => {
    const editor = new DeskClient(desk.server);
    await editor.login('ed');
    await desk.app.postActions.cancel(waiting, 'test');
    expect((await editor.get(`/posts/${waiting}`)).body).not.toContain('/send-now"');
    await editor.post(`/posts/${waiting}/send-now`, {}, { from: `/posts/${waiting}` });
    expect(flash((await editor.get(`/posts/${waiting}`)).body)).toMatch(/cannot reschedule .*cancelled/);
    expect((await desk.app.publishingLog.get(waiting))?.state).toBe('cancelled');
  });
});

describe('review desk: a post the platform refused', () => {
  it('offers its text for correction beside Retry now; saving keeps it failed and says so', async () => {
    const { items } = await loadNewsText(desk.config, 'refused.md', futureNews('riga-refused'));
    const [result] = await desk.app.intake.take(items, { actor: 'test' });
    const postId = result!.posts.find((p) => p.channel === 'facebook-secon' && p.state === 'scheduled')!.postId;
    // An attempt claimed it and Facebook refused it (code 100): nothing of it is live.
    const log = desk.app.publishingLog;
    const claimed = {
      ...(await log.timeline(postId)).at(-1)!,
      at: new Date().toISOString(),
      state: 'publishing' as const,
      attempt: 1,
    };
    await log.append(claimed);
    await log.append({
      ...claimed,
      at: new Date(Date.now() + 1000).toISOString(),
      state: 'failed',
      errorKind: 'rejected',
      errorMessage: 'Facebook answered 400: (#100) Invalid parameter',
    });
    const editor = new DeskClient(desk.server);
    await editor.login('ed');
    const page = (await editor.get(`/posts/${postId}`)).body;
    expect(page).toContain(`action="/posts/${postId}/edit"`);
    expect(page).not.toContain('The text can no longer be edited');
    // An editor cannot retry: the page says who sends it.
    expect(page).toContain('The post stays failed until an approver retries it.');
    await editor.post(`/posts/${postId}/edit`, { text: 'Corrected by ed' }, { from: `/posts/${postId}` });
    const after = (await editor.get(`/posts/${postId}`)).body;
    expect(flash(after)).toBe('Text saved and fitted to Facebook again; it stays failed until it is retried.');
    expect(await log.get(postId)).toMatchObject({ state: 'failed', text: 'Corrected by ed', errorKind: 'rejected' });
  });

  it('an edit of a post that waited for approval says it still waits, not that it waits again', async () => {
    const { items } = await loadNewsText(desk.config, 'waiting.md', futureNews('riga-still-waiting'));
    const [result] = await desk.app.intake.take(items, { requireApproval: true, actor: 'test' });
    const postId = result!.posts.find((p) => p.channel === 'facebook-secon')!.postId;
    const editor = new DeskClient(desk.server);
    await editor.login('ed');
    await editor.post(`/posts/${postId}/edit`, { text: 'Reworded by ed' }, { from: `/posts/${postId}` });
    expect(flash((await editor.get(`/posts/${postId}`)).body)).toBe(
      'Text saved and fitted to Facebook again; it still waits for approval.',
    );
  });
});

describe("review desk: a person's text after an edit of its news item", () => {
  it('the post page names who wrote the text and shows what the edited item gives it now, to compare', async () => {
    const news = futureNews('riga-rewritten');
    const { items } = await loadNewsText(desk.config, 'rewritten.md', news);
    const [result] = await desk.app.intake.take(items, { actor: 'test' });
    const postId = result!.posts.find((p) => p.channel === 'facebook-secon' && p.language === 'en')!.postId;
    const editor = new DeskClient(desk.server);
    await editor.login('ed');
    await editor.post(
      `/posts/${postId}/edit`,
      { text: 'Ed wrote this: Riga, here we come!' },
      { from: `/posts/${postId}` },
    );
    const edited = (await editor.get(`/posts/${postId}`)).body;
    expect(edited).toMatch(/<dt>Text by<\/dt><dd><a [^>]*>web:ed<\/a>, <time/);
    // The item as it was: the template's text, folded away.
    expect(edited).toMatch(
      /<details class="item-text"><summary>The template's text, which web:ed's words replaced<\/summary><pre class="item-text-body" lang="en">[^<]*visit social enterprises in Riga and compare/,
    );
    expect(edited).not.toContain('The news item changed since');

    // The partner changes the item: the post keeps Ed's words and waits for a person.
    const moved = news.replace('visit social enterprises in Riga', 'visit social enterprises in Riga and Jelgava');
    const { items: again } = await loadNewsText(desk.config, 'rewritten.md', moved);
    await desk.app.intake.take(again, { actor: 'test' });
    expect(await desk.app.publishingLog.get(postId)).toMatchObject({
      state: 'awaiting-approval',
      text: 'Ed wrote this: Riga, here we come!',
    });
    const page = (await editor.get(`/posts/${postId}`)).body;
    const section = /<section class="item-text"[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    expect(section).toContain('The news item changed since web:ed wrote this text');
    expect(section).toContain('The post keeps the text <a');
    expect(section).toMatch(/<pre class="item-text-body" lang="en">[^<]*visit social enterprises in Riga and Jelgava/);
    expect(page).toContain('waits for a person: the news item changed after web:ed wrote this post&#39;s text');
  });
});

describe("review desk: a feed's item in another language", () => {
  it('the post page offers to plan the item in the language it reads as; an editor does, a viewer may not', async () => {
    const id = `mrn-fair-${Date.now()}`;
    const item = englishInGermanFeed(id);
    const [result] = await desk.app.intake.take([{ item, source: 'mrn.rss item 1' }], {
      actor: 'feed:mrn-news',
      holdOtherLanguage: true,
    });
    const german = result!.posts.find((p) => p.language === 'de')!.postId;
    const viewer = new DeskClient(desk.server);
    await viewer.login('vic');
    expect((await viewer.get(`/posts/${german}`)).body).not.toContain('/language"');
    const refused = await viewer.post(`/posts/${german}/language`, { language: 'en' }, { from: `/posts/${german}` });
    expect(refused.statusCode).toBe(403);
    expect((await desk.app.news.get(id))?.language).toBe('de');

    const editor = new DeskClient(desk.server);
    await editor.login('ed');
    const page = (await editor.get(`/posts/${german}`)).body;
    expect(page).toContain(
      `<form method="post" action="/posts/${german}/language" data-confirm="Plan news item ${id} in English (en)? Its German (de) posts that have not gone out are cancelled.">`,
    );
    expect(page).toContain(
      '<input type="hidden" name="language" value="en"><button type="submit" class="secondary">Plan it in English (en)</button>',
    );
    const response = await editor.post(`/posts/${german}/language`, { language: 'en' }, { from: `/posts/${german}` });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/calendar?news=${id}`);
    expect(flash((await editor.get(`/calendar?news=${id}`)).body)).toBe(
      `News item ${id} is in English (en) from now on, for its feed's later polls too: 3 posts planned in it (3 waiting for approval), 1 post of its old language cancelled.`,
    );
    const records = await desk.app.publishingLog.query({ newsId: [id] });
    expect(records.map((r) => `${r.channel} ${r.language} ${r.state}`).sort()).toEqual([
      'facebook-secon de cancelled',
      'facebook-secon en awaiting-approval',
      'linkedin-secon en awaiting-approval',
      'x-secon en awaiting-approval',
    ]);
    // The English post's page offers nothing of the kind: its text is in its language.
    const english = records.find((r) => r.channel === 'x-secon')!.postId;
    expect((await editor.get(`/posts/${english}`)).body).not.toContain('/language"');
  });
});

describe('review desk: a post on a paused channel', () => {
  it('says the channel is paused, by whom and why, and no message promises a time the pause overrides', async () => {
    const { items } = await loadNewsText(desk.config, 'paused.md', futureNews('riga-paused'));
    const [result] = await desk.app.intake.take(items, { requireApproval: true, actor: 'test' });
    const [postId, other, third] = result!.posts.filter((p) => p.channel === 'facebook-secon').map((p) => p.postId) as [
      string,
      string,
      string,
    ];
    await desk.app.channels.pause('facebook-secon', 'the page token expired', 'web:ada');
    try {
      const editor = new DeskClient(desk.server);
      await editor.login('ed');
      const page = (await editor.get(`/posts/${postId}`)).body;
      expect(page).toContain('<strong>facebook-secon is paused</strong>');
      expect(page).toContain('by web:ada: the page token expired.');
      // An editor cannot resume a channel: the page says who can, and where.
      expect(page).toContain('until an admin resumes it');
      expect(page).toMatch(/, it goes out as soon as it is approved and facebook-secon is resumed\./);
      const admin = new DeskClient(desk.server);
      await admin.login('ada');
      expect((await admin.get(`/posts/${postId}`)).body).toContain(
        'until you resume it on <a href="/health#h-channels">Health</a>',
      );

      const approver = new DeskClient(desk.server);
      await approver.login('aida');
      await approver.post(`/posts/${postId}/approve`, {}, { from: `/posts/${postId}` });
      expect(flash((await approver.get(`/posts/${postId}`)).body)).toMatch(
        /^Approved: .* is scheduled for .*\. While facebook-secon is paused it waits\.$/,
      );
      expect((await editor.get(`/posts/${postId}`)).body).toContain(
        `data-confirm="Publish this post on facebook-secon as soon as the channel is resumed?"`,
      );
      await editor.post(`/posts/${postId}/send-now`, {}, { from: `/posts/${postId}` });
      expect(flash((await editor.get(`/posts/${postId}`)).body)).toBe(
        `${postId} goes out as soon as facebook-secon is resumed.`,
      );
      // The approvals page says it above the list, and approving there says what waits.
      const approvals = (await approver.get('/approvals')).body;
      expect(approvals).toContain('<strong>facebook-secon is paused</strong>');
      expect(approvals).toContain('Its posts wait: approved, they go out once it is resumed.');
      expect(approvals).toContain(
        '<p>facebook-secon <span class="badge state-failed" title="Its posts wait until it is resumed">paused</span> · ',
      );
      await approver.post('/approvals/approve', { postId: third }, { from: '/approvals' });
      const approvedPage = (await approver.get('/approvals')).body;
      expect(flash(approvedPage)).toMatch(
        /^Approved 1 post\. facebook-secon is paused: what was approved on it waits until it is resumed\./,
      );
      expect(approvedPage).toMatch(
        new RegExp(
          `approved ${third.replaceAll('.', '\\.')}: scheduled for [^<]+ \\(waits while facebook-secon is paused\\)`,
        ),
      );
      // A cancelled post no longer waits for the channel: no notice.
      await desk.app.postActions.cancel(other, 'test');
      expect((await editor.get(`/posts/${other}`)).body).not.toContain('is paused</strong>');
    } finally {
      await desk.app.channels.resume('facebook-secon', 'test');
    }
    const editor = new DeskClient(desk.server);
    await editor.login('ed');
    const after = (await editor.get(`/posts/${postId}`)).body;
    expect(after).not.toContain('is paused</strong>');
    expect(after).toMatch(/It goes out at once instead of at/);
  });
});

describe('review desk: news scheduled onto a paused channel', () => {
  it('the results page says the channel is paused: its posts wait whatever their time says', async () => {
    await desk.app.channels.pause('linkedin-secon', 'token renewal', 'web:ada');
    try {
      const editor = new DeskClient(desk.server);
      await editor.login('ed');
      const checked = await editor.post(
        '/news/check',
        { text: futureNews('riga-held'), format: '.md' },
        { from: '/news' },
      );
      const draft = /name="draft" value="([^"]+)"/.exec(checked.body)?.[1];
      const scheduled = await editor.post('/news/schedule', { draft: draft! }, { csrf: csrfOf(checked.body) });
      expect(scheduled.statusCode).toBe(200);
      expect(scheduled.body).toContain('<strong>linkedin-secon is paused</strong>');
      expect(scheduled.body).toContain(
        'by web:ada: token renewal. Its posts below wait until it is resumed, whatever their time says.',
      );
      expect(scheduled.body).not.toContain('facebook-secon is paused');
    } finally {
      await desk.app.channels.resume('linkedin-secon', 'test');
    }
  });
});
