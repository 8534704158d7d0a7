import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config-schema.ts';
import type { StoredLogEntry } from '../../src/log/log-entry.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import { newsKey } from '../../src/posts/post.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { loadNewsText } from '../../web/news-check.ts';
import { localDateTime } from '../../web/views/format.ts';
import { minutesAfter } from '../helpers/log-entries.ts';
import { workshopItem } from '../helpers/planning.ts';
import { uniquePrefix } from '../helpers/redis.ts';
import { DeskClient, deskConfig, futureNews, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/** What the desk's pages say, through its routes (no browser): wording, labels, places. */

let desk: TestDesk;
let admin: DeskClient;

beforeAll(async () => {
  desk = await startTestDesk();
  admin = new DeskClient(desk.server);
  await admin.login('ada');
});

afterAll(async () => desk?.close());

/** The opening tag of the form field with this id. */
function fieldTag(body: string, id: string): string {
  return new RegExp(`<(?:input|select) id="${id}"[^>]*>`).exec(body)?.[0] ?? `(no field ${id})`;
}

/** The cells of each problem row of a news check. */
function problemRows(body: string): string[][] {
  return [...body.matchAll(/<tr class="problem">(.*?)<\/tr>/gs)].map((row) =>
    [...row[1]!.matchAll(/<td>(.*?)<\/td>/gs)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '')),
  );
}

describe('review desk: news check', () => {
  it('each problem of an item names its own line in the Source column', async () => {
    const text = futureNews('two-problems', { brokenStart: true }).replace(
      'title: Επίσκεψη μελέτης του SECON στη Ρίγα',
      'title: ""',
    );
    const response = await admin.post('/news/check', { text, format: '.md' }, { from: '/news' });
    const rows = problemRows(response.body);
    expect(rows.length).toBe(2);
    for (const [source, , line] of rows) expect(source).toBe(`pasted.md:${line}`);
    expect(new Set(rows.map((r) => r[2])).size).toBe(2);
  });
});

describe('review desk: news check, posts left out', () => {
  it('names the kind each skip leaves out, in the words the CLI uses', async () => {
    // Published the day before the event: the reminder's time is before the news is public.
    const eve = new Date(Date.now() + 20 * 86_400_000);
    eve.setUTCHours(12, 0, 0, 0);
    const text = futureNews('late-news').replace(/^published: .*$/m, `published: ${eve.toISOString()}`);
    const response = await admin.post('/news/check', { text, format: '.md' }, { from: '/news' });
    expect(response.body).toMatch(/<li>No reminder on x-secon: its time .* is before the item is published/);
  });
});

describe('review desk: news check, warnings', () => {
  /** An item with an invisible character in its title, and an English text given as German. */
  const warnedNews = (id: string) =>
    futureNews(id)
      .replace('title: SECON study visit to Riga', 'title: "SECON\\u200B study visit to Riga"')
      // Given as German, written in English.
      .replace(
        'title: SECON-Studienbesuch in Riga\n    summary: Partner aus neun Regionen besuchen Sozialunternehmen in Riga.',
        'title: SECON study visit to Riga\n    summary: Partners from nine regions visit social enterprises in Riga and compare how cities buy from them.',
      );

  it("shows what validation changed without refusing (the CLI's ⚠ lines), and a text in another language on its posts", async () => {
    const text = warnedNews('warned-news');
    const response = await admin.post('/news/check', { text, format: '.md' }, { from: '/news' });
    expect(response.body).toContain('1 item accepted, 0 rejected.');
    expect(response.body).toMatch(
      /<ul class="warning-list" aria-label="Warnings"><li>title: removed 1 invisible character: U\+200B \(ZERO WIDTH SPACE\) \(line \d+\)<\/li><\/ul>/,
    );
    const german =
      /<section class="lang-col" aria-label="German \(de\)">([\s\S]*?)<\/section>/.exec(response.body)?.[1] ?? '';
    expect(german).toContain('<li>the text reads as English (en), not German (de): these posts use the de templates');
    const english =
      /<section class="lang-col" aria-label="English \(en\)">([\s\S]*?)<\/section>/.exec(response.body)?.[1] ?? '';
    expect(english).not.toContain('reads as');
  });

  it("Approvals shows each waiting post's warnings: Approve selected approves posts nobody opened", async () => {
    const { items } = await loadNewsText(desk.config, 'warned.md', warnedNews('warned-approvals'));
    const [taken] = await desk.app.intake.take(items, {
      actor: 'test',
      requireApproval: true,
      holdOtherLanguage: true,
    });
    const german = taken!.posts.find((p) => p.language === 'de')!.postId;
    const english = taken!.posts.find((p) => p.language === 'en' && p.channel === 'facebook-secon')!.postId;
    const page = (await admin.get('/approvals?news=warned-approvals')).body;
    const card = (postId: string) =>
      page.split('<li class="mini-card">').find((chunk) => chunk.includes(`value="${postId}"`)) ?? '';
    // Why it waits, even where approval is not asked for: a feed's item whose text reads as another language.
    expect(card(german)).toContain(
      '<p class="mc-hold">Waits for a person: its text reads as another language than the post&#39;s',
    );
    expect(card(german)).toContain('<ul class="warning-list" aria-label="Warnings">');
    expect(card(german)).toContain('<li>the text reads as English (en), not German (de)');
    // A local image is named as the folder the desk runs in sees it, not by the server's whole path.
    expect(card(german)).toContain(
      '<li>no de alt text for image 1 (news/images/haskovo-workshop.png): sent without alt text',
    );
    expect(card(english)).not.toContain('warning-list');
    expect(card(english)).not.toContain('mc-hold');
  });
});

describe('review desk: filters', () => {
  it('a bad date in the history filter names the form field, not the CLI option', async () => {
    const response = await admin.get('/history?since=garbage');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Since: &quot;garbage&quot; is not a date');
    expect(response.body).not.toContain('--since');
    // The refused field says so to a screen reader, and points at the message; the others do not.
    expect(fieldTag(response.body, 'h-since')).toContain('aria-invalid="true"');
    expect(fieldTag(response.body, 'h-since')).toContain('aria-describedby="h-dates h-problem"');
    expect(response.body).toContain('id="h-problem"');
    expect(fieldTag(response.body, 'h-until')).not.toContain('aria-invalid');
    const state = await admin.get('/history?state=posted');
    expect(fieldTag(state.body, 'h-state')).toContain('aria-invalid="true" aria-describedby="h-problem"');
    expect(fieldTag(state.body, 'h-since')).not.toContain('aria-invalid');
  });

  it('a feed item is found by the key its post ids begin with (a digest of its GUID), on the page and in the export', async () => {
    const guid = 'https://example.org/news/desk-digest';
    const item = workshopItem({
      id: guid,
      kind: 'news',
      published: new Date(Date.now() - 86_400_000).toISOString(),
      event: undefined,
    });
    await desk.app.intake.take([{ item, source: 'feed' }], { actor: 'test' });
    const digest = newsKey(guid);
    const page = await admin.get(`/history?news=${digest}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${digest}.x-secon.`);
    const csv = await admin.get(`/history/export.csv?news=${digest}`);
    expect(csv.body).toContain(`${digest}.x-secon.`);
    expect(csv.body).toContain(guid);
  });

  it("the report's period names the form's fields too", async () => {
    const response = await admin.get('/report?since=2024-02-01&until=2024-01-01');
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/From \(2024-02-01\) must be before Until/);
    expect(response.body).not.toContain('--until');
    for (const id of ['r-since', 'r-until']) expect(fieldTag(response.body, id)).toContain('aria-invalid="true"');
    // A From in the future with Until left empty (up to now): said so, not "before Until (0m)".
    const future = await admin.get('/report?since=2099-01-01');
    expect(future.statusCode).toBe(400);
    expect(future.body).toMatch(/From \(2099-01-01\) is after now, where a report ends when Until is not given/);
    // (Not a bare "0m": the page's random tokens may hold one.)
    expect(future.body).not.toContain('(0m)');
    // Until is only mentioned: From alone is the field to mend.
    expect(fieldTag(future.body, 'r-since')).toContain('aria-invalid="true"');
    expect(fieldTag(future.body, 'r-until')).not.toContain('aria-invalid');
  });
});

describe('review desk: calendar times', () => {
  it("a paused channel's banner gives the time in the channel's local time, as the health page does", async () => {
    const since = new Date('2026-12-03T13:13:40.928Z');
    await desk.app.channels.pause('linkedin-secon', 'Checking the account', 'cli:ops', since);
    try {
      const body = (await admin.get('/calendar')).body;
      const local = localDateTime(since.toISOString(), channelZoneById(desk.config, 'linkedin-secon'));
      expect(body).toContain(`since <time datetime="${since.toISOString()}">${local}</time> by cli:ops`);
      expect(body).not.toContain(`since ${since.toISOString()}`);
    } finally {
      await desk.app.channels.resume('linkedin-secon', 'test');
    }
  });

  it('overdue cards show the date, not only the clock time (a post may be weeks late)', async () => {
    const { items } = await loadNewsText(desk.config, 'late.md', futureNews('late-news'));
    const [taken] = await desk.app.intake.take(items, { actor: 'test' });
    const post = taken!.posts.find((p) => p.state === 'scheduled')!;
    // A desk whose clock is two months on: every post of the item is overdue there.
    const later = await startTestDesk({
      config: desk.config,
      keepKeys: true,
      server: { now: () => new Date(Date.now() + 60 * 86_400_000) },
    });
    try {
      const client = new DeskClient(later.server);
      await client.login('ada');
      const body = (await client.get('/calendar?news=late-news')).body;
      const overdue = body.slice(body.indexOf('id="overdue"'));
      const local = localDateTime(post.plannedAt, channelZoneById(desk.config, post.channel));
      expect(overdue).toContain(`<time datetime="${post.plannedAt}">${local}</time>`);
    } finally {
      await later.close();
    }
  });
});

describe('review desk: small things', () => {
  it("a post's text on one line keeps its line breaks visible: title · date · place, not run together", async () => {
    const { items } = await loadNewsText(desk.config, 'lines.md', futureNews('one-line-news'));
    await desk.app.intake.take(items, { actor: 'test' });
    const texts = (body: string) =>
      [...body.matchAll(/<p class="mc-text"[^>]*>(.*?)<\/p>/gs)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
    const calendar = texts((await admin.get('/calendar?news=one-line-news')).body);
    const announcement = calendar.find((text) => text.startsWith('📅 Save the date'));
    expect(announcement).toMatch(
      /^📅 Save the date: SECON study visit to Riga · 🗓 [^·]+ · 📍 Riga, Latvia · Partners from nine regions/,
    );
    // After "Read more:" a space, not a dot: the line ended in punctuation.
    expect(calendar.find((text) => text.includes('Read more:'))).toContain('Read more: https://');
  });

  it("the post card names the zone as the post's facts do (EET, not GMT+2 in one place and EET in the other)", async () => {
    const { items } = await loadNewsText(desk.config, 'zones.md', futureNews('zone-names'));
    const [taken] = await desk.app.intake.take(items, { actor: 'test' });
    const post = taken!.posts.find((p) => p.channel === 'linkedin-secon')!;
    const body = (await admin.get(`/posts/${encodeURIComponent(post.postId)}`)).body;
    const zone = channelZoneById(desk.config, post.channel);
    const facts = /<dt>Goes out<\/dt><dd><time [^>]*>([^<]+)<\/time>/.exec(body)?.[1];
    const card = new RegExp(`<abbr title="${zone}">([^<]+)</abbr>`).exec(body)?.[1];
    expect(facts).toBe(localDateTime(post.plannedAt, zone));
    expect(card).toBe(facts!.split(' ').at(-1));
    expect(card).toMatch(/^EES?T$/);
  });

  it('the post page speaks in the tense of its state: went out (when it did) and shows, or would have shown', async () => {
    const { items } = await loadNewsText(desk.config, 'tense.md', futureNews('tense'));
    const [taken] = await desk.app.intake.take(items, { actor: 'test' });
    const [sent, dropped] = taken!.posts.filter((p) => p.channel === 'linkedin-secon');
    const current = async (postId: string) => (await desk.app.publishingLog.timeline(postId)).at(-1)!;
    const zone = channelZoneById(desk.config, 'linkedin-secon');
    const goesOut = async (postId: string) => {
      const body = (await admin.get(`/posts/${encodeURIComponent(postId)}`)).body;
      return {
        when: /<dt>([^<]+)<\/dt><dd><time [^>]*>([^<]+)<\/time>/.exec(body)?.slice(1),
        heading: /<h2>(As LinkedIn [^<]+)<\/h2>/.exec(body)?.[1],
      };
    };
    expect(await goesOut(sent!.postId)).toEqual({
      when: ['Goes out', localDateTime(sent!.plannedAt, zone)],
      heading: 'As LinkedIn will show it',
    });

    // Published three minutes after its planned time: the time it went out, not the one planned.
    const wentOutAt = minutesAfter(sent!.plannedAt, 3);
    const entry = await current(sent!.postId);
    await desk.app.publishingLog.append({
      ...entry,
      at: wentOutAt,
      attempt: 1,
      state: 'published',
      platformPostId: 'urn:li:share:1',
      url: 'https://www.linkedin.com/feed/update/urn:li:share:1',
      actor: 'worker:test',
    });
    expect(await goesOut(sent!.postId)).toEqual({
      when: ['Went out', localDateTime(wentOutAt, zone)],
      heading: 'As LinkedIn shows it',
    });

    await desk.app.publishingLog.append({
      ...(await current(dropped!.postId)),
      at: new Date().toISOString(),
      state: 'cancelled',
      actor: 'web:ada',
    });
    expect(await goesOut(dropped!.postId)).toEqual({
      when: ['Was to go out', localDateTime(dropped!.plannedAt, zone)],
      heading: 'As LinkedIn would have shown it',
    });
  });

  it("a news check shows the item's own language first, then its translations, whatever the plan's order", async () => {
    // Greek, translated into English: the English-only channels' posts come first in the plan.
    const text = futureNews('greek-first')
      .replace(/^language: en$/m, 'language: el')
      .replace(/^title: .*$/m, 'title: Επίσκεψη μελέτης του SECON στη Ρίγα')
      .replace(/^ {2}el:$/m, '  en:')
      .replace(
        'title: Επίσκεψη μελέτης του SECON στη Ρίγα\n    summary: Εταίροι',
        'title: SECON study visit to Riga\n    summary: Partners',
      );
    const response = await admin.post('/news/check', { text, format: '.md' }, { from: '/news' });
    expect(response.body).toContain('1 item accepted, 0 rejected.');
    const columns = [...response.body.matchAll(/<section class="lang-col" aria-label="([^"]+)">/g)].map((m) => m[1]);
    expect(columns).toEqual(['Greek (el)', 'German (de)', 'English (en)']);
  });

  it("an approval's message gives the time as the page under it does, not in the command line's format", async () => {
    const { items } = await loadNewsText(desk.config, 'flash.md', futureNews('flash-time'));
    const [taken] = await desk.app.intake.take(items, { actor: 'test', requireApproval: true });
    const post = taken!.posts.find((p) => p.channel === 'x-secon')!;
    const page = `/posts/${encodeURIComponent(post.postId)}`;
    const approved = await admin.post(`${page}/approve`, {}, { from: page });
    expect(approved.statusCode).toBe(303);
    const flash = /<div class="flash flash-ok"[^>]*><p>(.*?)<\/p>/s.exec((await admin.get(page)).body)?.[1];
    const when = localDateTime(post.plannedAt, channelZoneById(desk.config, 'x-secon'));
    expect(flash).toBe(`Approved: ${post.postId} is scheduled for ${when}.`);
  });

  it("Approvals narrows to one news item's posts, and approving them keeps it narrowed", async () => {
    const taken = [];
    for (const id of ['narrow-a', 'narrow-b']) {
      const { items } = await loadNewsText(desk.config, `${id}.md`, futureNews(id));
      taken.push(...(await desk.app.intake.take(items, { actor: 'test', requireApproval: true })));
    }
    const [a, b] = taken.map((t) => t!.posts);
    const all = (await admin.get('/approvals')).body;
    expect(all).toContain(`<a href="/approvals?news=narrow-a">narrow-a</a> (${a!.length})`);
    expect(all).toContain(`<a href="/approvals?news=narrow-b">narrow-b</a> (${b!.length})`);

    const narrowed = (await admin.get('/approvals?news=narrow-a')).body;
    expect(narrowed).toContain('Only the posts of <strong>narrow-a</strong>.');
    const listed = [...narrowed.matchAll(/name="postId" value="([^"]+)"/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(a!.map((p) => p.postId).sort());
    expect(narrowed).toContain('<input type="hidden" name="news" value="narrow-a">');

    const approved = await admin.post(
      '/approvals/approve',
      { postId: a!.map((p) => p.postId), news: 'narrow-a' },
      { from: '/approvals?news=narrow-a' },
    );
    expect(approved.statusCode).toBe(303);
    expect(approved.headers.location).toBe('/approvals?news=narrow-a');
    const after = (await admin.get('/approvals?news=narrow-a')).body;
    expect(after).toContain(`Approved ${a!.length} posts.`);
    // Each approved post with when it goes out, in its channel's time: "approved" alone does not say.
    for (const post of a!)
      expect(after).toContain(
        `approved ${post.postId}: scheduled for ${localDateTime(post.plannedAt, channelZoneById(desk.config, post.channel))}`,
      );
    expect(after).toContain('Nothing is waiting for a person for narrow-a.');
    // The other item's posts still wait.
    expect((await admin.get('/approvals?news=narrow-b')).body).toContain(`Awaiting approval (${b!.length})`);
  });

  it('the post page names who approved the post and when, also once retention has trimmed its entries', async () => {
    const { items } = await loadNewsText(desk.config, 'approved.md', futureNews('approved-on-desk'));
    const [taken] = await desk.app.intake.take(items, { actor: 'test', requireApproval: true });
    const post = taken!.posts[0]!;
    const page = async () => (await admin.get(`/posts/${encodeURIComponent(post.postId)}`)).body;
    expect(await page()).not.toContain('<dt>Approved</dt>');
    await desk.app.postActions.approve(post.postId, 'web:aida');
    const zone = channelZoneById(desk.config, post.channel);
    const approvedAt = (await desk.app.publishingLog.get(post.postId))!.at;
    const approved = new RegExp(
      `<dt>Approved</dt><dd>by web:aida, <time [^>]*>${localDateTime(approvedAt, zone).replace(/[+]/g, '\\+')}</time>`,
    );
    expect(await page()).toMatch(approved);
    const ids = (await desk.app.publishingLog.timeline(post.postId)).map((e) => (e as StoredLogEntry).logId);
    await desk.redis.xdel(redisKeys(desk.config.redis.keyPrefix).logStream, ...ids);
    const trimmed = await page();
    expect(trimmed).toContain('No entries (the log was trimmed).');
    expect(trimmed).toMatch(approved);
  });

  it('the health page says who resumed a channel and when, with the pause it lifted', async () => {
    const paused = await admin.post('/channels/x-secon/pause', { reason: 'account under review' }, { from: '/health' });
    expect(paused.statusCode).toBe(303);
    const resumed = await admin.post('/channels/x-secon/resume', {}, { from: '/health' });
    expect(resumed.statusCode).toBe(303);
    const zone = channelZoneById(desk.config, 'x-secon');
    const at = (await desk.app.channels.lastResume('x-secon'))!.at;
    const row = /<tr><th scope="row">x-secon<.*?<\/tr>/s.exec((await admin.get('/health')).body)?.[0] ?? '';
    expect(row).toContain(
      `resumed ${localDateTime(at, zone)} by web:ada, after a pause by web:ada: account under review`,
    );
  });

  it("the health page shows a channel's newest failure while nothing went out after it, with the platform's reason", async () => {
    const { items } = await loadNewsText(desk.config, 'refused.md', futureNews('refused'));
    const [taken] = await desk.app.intake.take(items, { actor: 'test' });
    const [refused, sent] = taken!.posts.filter((p) => p.channel === 'facebook-secon');
    const row = async () =>
      /<tr><th scope="row">facebook-secon<.*?<\/tr>/s.exec((await admin.get('/health')).body)?.[0] ?? '';
    expect(await row()).not.toContain('state-failed');
    const failedAt = minutesAfter(new Date().toISOString(), 1);
    await desk.app.publishingLog.append({
      ...(await desk.app.publishingLog.timeline(refused!.postId)).at(-1)!,
      at: failedAt,
      attempt: 1,
      state: 'failed',
      errorKind: 'rejected',
      errorMessage: 'Facebook answered 400: (#200) The page token lacks pages_manage_posts',
      actor: 'worker:test',
    });
    const zone = channelZoneById(desk.config, 'facebook-secon');
    const failing = await row();
    expect(failing).toContain(
      `<span class="badge state-failed">failed</span> <time datetime="${failedAt}">${localDateTime(failedAt, zone)}</time>`,
    );
    expect(failing).toContain(`href="/posts/${refused!.postId}"`);
    expect(failing).toContain('rejected: Facebook answered 400: (#200) The page token lacks pages_manage_posts');
    // Something went out after it: the failure is history (Approvals lists it), not the channel's health.
    await desk.app.publishingLog.append({
      ...(await desk.app.publishingLog.timeline(sent!.postId)).at(-1)!,
      at: minutesAfter(failedAt, 5),
      attempt: 1,
      state: 'published',
      platformPostId: '1_2',
      url: 'https://www.facebook.com/1_2',
      actor: 'worker:test',
    });
    const recovered = await row();
    expect(recovered).toContain('https://www.facebook.com/1_2');
    expect(recovered).not.toContain('state-failed');
  });

  it('a pause on a channel paused meanwhile says the first pause stands; a resume of one resumed meanwhile queues nothing new', async () => {
    // Someone else paused it after this page was opened.
    await desk.app.channels.pause('facebook-secon', 'page under review', 'cli:ops');
    try {
      await admin.post('/channels/facebook-secon/pause', { reason: 'my reason' }, { from: '/health' });
      const flash = /<div class="flash flash-(\w+)"[^>]*><p>(.*?)<\/p>/s.exec((await admin.get('/health')).body);
      expect(flash?.[1]).toBe('error');
      expect(flash?.[2]).toContain(
        'facebook-secon was already paused by cli:ops (page under review); that pause stands and your reason was not recorded',
      );
      expect((await desk.app.channels.paused(['facebook-secon']))[0]).toMatchObject({ reason: 'page under review' });
    } finally {
      await desk.app.channels.resume('facebook-secon', 'test');
    }
    await admin.post('/channels/facebook-secon/resume', {}, { from: '/health' });
    const again = /<div class="flash flash-(\w+)"[^>]*><p>(.*?)<\/p>/s.exec((await admin.get('/health')).body);
    expect(again?.[2]).toMatch(
      /^facebook-secon was not paused \(resumed meanwhile\?\); its \d+ posts? to go out stay queued\.$/,
    );
  });

  it('the health page lists the pauses and resumes of the channels, newest first, with who and why', async () => {
    const before = /<section aria-labelledby="h-pauses">.*?<\/section>/s.exec((await admin.get('/health')).body)?.[0];
    await admin.post('/channels/linkedin-secon/pause', { reason: 'page <b>renamed</b>' }, { from: '/health' });
    await admin.post('/channels/linkedin-secon/resume', {}, { from: '/health' });
    const zone = desk.config.project.timezone;
    const [resumed, paused] = await desk.app.channels.history(['linkedin-secon'], 2);
    const section =
      /<section aria-labelledby="h-pauses">.*?<\/section>/s.exec((await admin.get('/health')).body)?.[0] ?? '';
    expect(section).not.toBe(before);
    const rows = [...section.matchAll(/<tr><th scope="row">.*?<\/tr>/gs)].map((m) =>
      m[0]
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    expect(rows.slice(0, 2)).toEqual([
      `linkedin-secon ${localDateTime(resumed!.at, zone)} resumed web:ada page &lt;b&gt;renamed&lt;/b&gt;`,
      `linkedin-secon ${localDateTime(paused!.at, zone)} paused web:ada page &lt;b&gt;renamed&lt;/b&gt;`,
    ]);
  });

  it('a Facebook post card labels its counter (characters, thousands separated); X keeps "weighted"', async () => {
    const response = await admin.post('/news/check', { text: futureNews('counted'), format: '.md' }, { from: '/news' });
    expect(response.body).toMatch(/>\d+ \/ 63,206 characters</);
    expect(response.body).toMatch(/>\d+\/280 weighted</);
  });

  it('date fields hint at the format, not at stale example dates', async () => {
    for (const path of ['/history', '/report']) {
      const body = (await admin.get(path)).body;
      expect(body, path).toContain('placeholder="YYYY-MM-DD"');
      expect(body, path).not.toMatch(/placeholder="20\d\d-/);
    }
  });

  it('/favicon.ico answers without a login and without a redirect', async () => {
    const response = await new DeskClient(desk.server).get('/favicon.ico');
    expect(response.statusCode).toBe(204);
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});

describe('review desk: Health, the platform API versions', () => {
  it('lists the versions of the platforms an enabled channel uses, in the words doctor and the alert use', async () => {
    const base = await deskConfig(uniquePrefix('desk-versions'));
    const config: Config = {
      ...base,
      // No enabled Facebook channel: Meta's Graph version is none of this project's business.
      channels: base.channels.map((c) => (c.platform === 'facebook' ? { ...c, enabled: false } : c)),
      platforms: { ...base.platforms, linkedin: { ...base.platforms.linkedin, version: '202401' } },
    };
    const versionsDesk = await startTestDesk({ config });
    try {
      const client = new DeskClient(versionsDesk.server);
      await client.login('ada');
      const body = (await client.get('/health')).body;
      const section = /<section aria-labelledby="h-versions">(.*?)<\/section>/s.exec(body)?.[1] ?? '(no section)';
      expect(section).toMatch(
        /<li class="warn"><strong>LinkedIn-Version 202401<\/strong> — \d+ months? old, retired around 2025-01: LinkedIn has probably retired/,
      );
      expect(section).not.toContain('Graph API');
    } finally {
      await versionsDesk.close();
    }
  });
});
