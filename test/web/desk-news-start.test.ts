import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskClient, startTestDesk, type TestDesk } from './desk-fixtures.ts';

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});
afterAll(async () => desk?.close());

/** The text of the page's textarea, as a browser shows it (the page escapes it). */
function textareaOf(page: string): string {
  const match = /<textarea id="news-text"[^>]*>([\s\S]*?)<\/textarea>/.exec(page);
  if (!match) throw new Error('no news textarea on the page');
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  return match[1]!.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => entities[entity]!);
}

/**
 * People who never open a terminal start a news item on the desk from the form `secon-bot new`
 * writes, instead of an empty box and a README to read.
 */
describe('review desk: start a news item from a form', () => {
  it('an editor gets the form to fill in, in the language chosen, with the translations ticked; filled in, it checks', async () => {
    const ed = new DeskClient(desk.server);
    await ed.login('ed');
    const news = await ed.get('/news');
    expect(news.body).toContain('<h2 id="start-title">Start a news item</h2>');
    expect(news.body).toMatch(/<input type="checkbox" name="translations" value="bg"> Bulgarian \(bg\)/);

    const started = await ed.get(
      '/news?start=announcement&language=de&title=Partnertreffen+in+Riga&translations=lv&translations=bg',
    );
    expect(started.statusCode).toBe(200);
    expect(started.body).toContain(
      'A blank announcement in German (de), Latvian (lv), Bulgarian (bg), dated from today',
    );
    // Nothing to choose again: the start form gives way to the text to fill in.
    expect(started.body).not.toContain('id="start-title"');
    const text = textareaOf(started.body);
    expect(text).toMatch(
      /^# An announcement for secon-bot \(written by ed on the review desk on \d{4}-\d\d-\d\d\)\.$/m,
    );
    expect(text).toMatch(/^# Fill in every "" below, then: Check and preview /m);
    expect(text).toMatch(/^id: partnertreffen-in-riga +# part of every post id/m);
    expect(text).toMatch(/^language: de /m);
    expect(text).toMatch(/^title: "Partnertreffen in Riga"$/m);
    expect(text).toMatch(/^ {2}lv:\n {4}title: ""/m);
    expect(text).toMatch(/^ {2}bg:\n {4}title: ""/m);
    // Checked as a file named as `new` names it.
    const name = /<input type="hidden" name="name" value="([^"]+)">/.exec(started.body)?.[1];
    expect(name).toMatch(/^\d{4}-\d\d-\d\d-partnertreffen-in-riga\.md$/);

    const filled = text
      .replace('summary: ""', 'summary: "SECON-Partner aus neun Regionen treffen sich in Riga."')
      .replace(
        / {2}lv:\n {4}title: ""(.*)\n {4}summary: ""/,
        '  lv:\n    title: "Tikšanās Rīgā"$1\n    summary: "Partneri tiekas Rīgā."',
      )
      .replace(
        / {2}bg:\n {4}title: ""(.*)\n {4}summary: ""/,
        '  bg:\n    title: "Среща в Рига"$1\n    summary: "Партньорите се срещат в Рига."',
      );
    const checked = await ed.post('/news/check', { text: filled, format: '.md', name: name! }, { from: '/news' });
    expect(checked.statusCode).toBe(200);
    expect(checked.body).toContain(`Checked ${name}`);
    expect(checked.body).toContain('1 item accepted, 0 rejected.');
    // Every language's posts side by side, the Latvian one with its own title.
    for (const language of ['German (de)', 'Latvian (lv)', 'Bulgarian (bg)'])
      expect(checked.body).toContain(`<section class="lang-col" aria-label="${language}">`);
    expect(checked.body).toContain('Tikšanās Rīgā');
  });

  it('writes the event in the zone and place chosen; news, which has no event, is given neither', async () => {
    const ed = new DeskClient(desk.server);
    await ed.login('ed');
    const form = (await ed.get('/news')).body;
    expect(form).toContain('<option value="Europe/Warsaw"></option>');
    const started = await ed.get(
      `/news?start=recap&language=pl&timezone=Europe%2FWarsaw&location=${encodeURIComponent('Warszawa, Polska')}`,
    );
    const text = textareaOf(started.body);
    expect(text).toMatch(/^ {2}timezone: Europe\/Warsaw /m);
    expect(text).toMatch(/^ {2}location: "Warszawa, Polska"$/m);
    // 10:00 where the event is: at Warsaw's offset, not the project's (Athens).
    const start = /^ {2}start: (\S+)$/m.exec(text)?.[1] ?? '';
    expect(start).toMatch(/T10:00:00\+0[12]:00$/);
    expect(start.slice(-6)).toBe(DateTime.fromISO(start, { zone: 'Europe/Warsaw' }).toFormat('ZZ'));
    expect(started.body).not.toContain('the project&#39;s zone');
    // No zone chosen for a Polish recap: said above the text, as the project's zone keeps another clock.
    const unzoned = (await ed.get('/news?start=recap&language=pl')).body;
    expect(unzoned).toContain(
      '<p class="notice">The event&#39;s times are in Europe/Athens, the project&#39;s zone: 10:00 there is 09:00 in Europe/Warsaw; for an event in Poland, give its time zone (Europe/Warsaw). <a href="/news?start=recap&amp;language=pl&amp;timezone=Europe%2FWarsaw">Start again in Europe/Warsaw</a></p>',
    );
    const again = textareaOf((await ed.get('/news?start=recap&language=pl&timezone=Europe%2FWarsaw')).body);
    expect(again).toMatch(/^ {2}timezone: Europe\/Warsaw /m);
    const news = textareaOf((await ed.get('/news?start=news&timezone=Europe%2FWarsaw&location=Riga')).body);
    expect(news).not.toMatch(/location|timezone/);
    const typo = await ed.get('/news?start=announcement&timezone=Europe%2FWarsow');
    expect(typo.statusCode).toBe(303);
    expect((await ed.get('/news')).body).toContain(
      'timezone &quot;Europe/Warsow&quot;: not a known time zone; expected an IANA name such as Europe/Warsaw (did you mean Europe/Warsaw?)',
    );
  });

  it("takes the event's day and start time from the form's date and time fields; a time without a day is refused", async () => {
    const ed = new DeskClient(desk.server);
    await ed.login('ed');
    const form = (await ed.get('/news')).body;
    expect(form).toContain('<input id="start-day" name="day" type="date">');
    expect(form).toContain('<input id="start-time" name="time" type="time">');
    const day = DateTime.now().setZone('Europe/Riga').plus({ days: 30 }).toISODate()!;
    const text = textareaOf(
      (await ed.get(`/news?start=announcement&timezone=Europe%2FRiga&day=${day}&time=14%3A30`)).body,
    );
    const start = DateTime.fromISO(/^ {2}start: (\S+)$/m.exec(text)?.[1] ?? '', { setZone: true });
    expect(start.toFormat('yyyy-MM-dd HH:mm')).toBe(`${day} 14:30`);
    expect(start.offset).toBe(start.setZone('Europe/Riga').offset);
    const dayOnly = textareaOf((await ed.get(`/news?start=announcement&day=${day}&time=`)).body);
    expect(dayOnly).toMatch(new RegExp(`^ {2}start: ${day}T10:00:00`, 'm'));
    // The news kind has no event: its date fields are not read.
    expect(textareaOf((await ed.get(`/news?start=news&day=${day}&time=09%3A00`)).body)).not.toContain('start:');

    for (const [query, message] of [
      ['start=announcement&time=14%3A30', 'Starts at 14:30: give the event day too'],
      [
        'start=announcement&day=2020-01-10',
        'event day 2020-01-10: the day has passed; an announcement is for an event ahead',
      ],
    ] as const) {
      const refused = await ed.get(`/news?${query}`);
      expect(refused.statusCode, query).toBe(303);
      expect((await ed.get('/news')).body, query).toContain(message);
    }
  });

  it('left as it is, the form is rejected naming every field still to fill in', async () => {
    const ed = new DeskClient(desk.server);
    await ed.login('ed');
    const text = textareaOf((await ed.get('/news?start=recap&language=en')).body);
    const checked = await ed.post('/news/check', { text, format: '.md' }, { from: '/news' });
    expect(checked.body).toContain('0 items accepted, 1 rejected.');
    for (const field of ['title', 'summary', 'event.name']) expect(checked.body).toContain(`<code>${field}</code>`);
  });

  it('refuses an unknown kind or language with the reason, and escapes what was typed', async () => {
    const ed = new DeskClient(desk.server);
    await ed.login('ed');
    for (const [query, message] of [
      [
        'start=announcement&language=gr',
        'language &quot;gr&quot;: not a known language; it is the country code of Greece, whose language is &quot;el&quot;',
      ],
      ['start=event', 'Kind: unknown kind &quot;event&quot;; expected one of announcement, recap, news'],
    ] as const) {
      const refused = await ed.get(`/news?${query}`);
      expect(refused.statusCode, query).toBe(303);
      expect(refused.headers.location).toBe('/news');
      expect((await ed.get('/news')).body, query).toContain(message);
    }
    const hostile = await ed.get(
      `/news?start=news&title=${encodeURIComponent('</textarea><script>alert(1)</script>')}`,
    );
    expect(hostile.body).not.toContain('<script>alert(1)');
    expect(textareaOf(hostile.body)).toContain('title: "</textarea><script>alert(1)</script>"');
  });

  it('a viewer, who cannot check news, is not offered the form', async () => {
    const vic = new DeskClient(desk.server);
    await vic.login('vic');
    expect((await vic.get('/news')).body).not.toContain('Start a news item');
  });
});
