import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEntry } from '../../src/publishing/log-entries.ts';
import { loadNewsText } from '../../web/news-check.ts';
import { DeskClient, futureNews, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/**
 * The desk as a communication officer on her first day reads it: filter lists that say what they
 * show, and no page that explains itself by a command line she has never used.
 */

let desk: TestDesk;
let admin: DeskClient;

beforeAll(async () => {
  desk = await startTestDesk();
  admin = new DeskClient(desk.server);
  await admin.login('ada');
});

afterAll(async () => desk?.close());

/** The options of the <select> named `name` on a page: value, text and whether it is selected. */
function selectOptions(body: string, name: string): Array<{ value: string; text: string; selected: boolean }> {
  const select = new RegExp(`<select[^>]* name="${name}"[^>]*>(.*?)</select>`, 's').exec(body);
  if (!select) throw new Error(`no select named ${name} on the page`);
  return [...select[1]!.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)].map((m) => ({
    value: m[1]!,
    selected: m[2] !== undefined,
    text: m[3]!,
  }));
}

describe('review desk: uploads the desk does not take', () => {
  it('says what is wrong with the form: one file at a time, too many fields, too large, each in its own words', async () => {
    const news = { filename: 'a.md', text: futureNews('upload-a') };
    const accepted = await admin.postMultipart('/news/check', [['file', news]], '/news');
    expect(accepted.statusCode).toBeLessThan(400);
    const twoFiles = await admin.postMultipart(
      '/news/check',
      [
        ['file', news],
        ['file', news],
      ],
      '/news',
    );
    expect(twoFiles.statusCode).toBe(413);
    expect(twoFiles.body).toContain('One file at a time');
    expect(twoFiles.body).not.toContain('larger than');
    const fields = Array.from({ length: 25 }, (_, i) => [`f${i}`, 'x'] as [string, string]);
    const many = await admin.postMultipart('/news/check', fields, '/news');
    expect(many.statusCode).toBe(413);
    expect(many.body).toContain('more than 20 fields');
    expect(many.body).not.toContain('larger than');
    const big = { filename: 'big.md', text: 'x'.repeat(desk.config.ingest.maxBytes + 1) };
    const tooLarge = await admin.postMultipart('/news/check', [['file', big]], '/news');
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.body).toContain(`larger than ${desk.config.ingest.maxBytes} bytes`);
  });
});

describe('review desk: filter lists', () => {
  it('an unfiltered calendar shows "All" in each list, with no blank choice', async () => {
    const body = (await admin.get('/calendar')).body;
    for (const name of ['channel', 'language', 'state']) {
      const options = selectOptions(body, name);
      expect(options.filter((o) => o.value === '').map((o) => o.text)).toEqual(['All']);
      expect(options.filter((o) => o.selected)).toEqual([]);
    }
  });

  it('a filtered calendar selects the channel chosen, still without a blank choice', async () => {
    const body = (await admin.get('/calendar?channel=x-secon')).body;
    const options = selectOptions(body, 'channel');
    expect(options.filter((o) => o.selected).map((o) => o.value)).toEqual(['x-secon']);
    expect(options.filter((o) => o.value === '').length).toBe(1);
  });
});

describe('review desk: pages explain themselves without the command line', () => {
  for (const path of ['/history', '/activity', '/report', '/health', '/calendar']) {
    it(`${path} names no secon-bot command`, async () => {
      const response = await admin.get(path);
      expect(response.statusCode).toBe(200);
      const main = /<main[^>]*>(.*)<\/main>/s.exec(response.body)?.[1] ?? '';
      expect(main).not.toMatch(/secon-bot [a-z]/);
    });
  }

  it('/health, once the credentials were checked, names no secon-bot command', async () => {
    const checks = { checkedAt: new Date().toISOString(), by: 'web:ada', checks: {} };
    await desk.redis.set(desk.app.keys.webCredentialChecks, JSON.stringify(checks));
    const main = /<main[^>]*>(.*)<\/main>/s.exec((await admin.get('/health')).body)?.[1] ?? '';
    expect(main).toContain('Credentials last checked');
    expect(main).not.toMatch(/secon-bot [a-z]/);
  });
});

describe('review desk: health names platforms as people know them', () => {
  it('the X channel and the X queue say X, not the internal name "twitter"', async () => {
    const main = /<main[^>]*>(.*)<\/main>/s.exec((await admin.get('/health')).body)?.[1] ?? '';
    expect(main).toMatch(/<th scope="row">x-secon<br><span class="hint">X, /);
    expect(main).toContain('<tr><th scope="row">X</th>');
    expect(main).not.toMatch(/>twitter|twitter</);
  });
});

describe('review desk: report downloads a screen reader can tell apart', () => {
  it("each chart's download link names its chart; the failures chart has one only when there are failures", async () => {
    const { items } = await loadNewsText(desk.config, 'wording.md', futureNews('wording-news'));
    await desk.app.intake.take(items, { actor: 'test' });
    const names = async () =>
      [...(await admin.get('/report')).body.matchAll(/<a href="\/report\/chart\/[^"]+"[^>]*>(.*?)<\/a>/gs)].map((m) =>
        m[1]!.replace(/<[^>]+>/g, ''),
      );
    const counts = [
      'Download this chart: Posts per month (SVG)',
      'Download this chart: Posts per platform (SVG)',
      'Download this chart: Posts per language (SVG)',
    ];
    // No failed attempt: the failures chart only says "none", nothing to download.
    expect(await names()).toEqual(counts);
    const log = desk.app.publishingLog;
    const [record] = await log.query({ newsId: ['wording-news'], state: ['scheduled'], limit: 1 });
    const publishing = await log.transition(nextEntry(record!, 'publishing', new Date(), { attempt: 1 }), [
      'scheduled',
    ]);
    await log.transition(
      nextEntry(publishing.record!, 'failed', new Date(), { errorKind: 'rejected', errorMessage: 'text too long' }),
      ['publishing'],
    );
    expect(await names()).toEqual([...counts, 'Download this chart: Failed attempts by reason (SVG)']);
  });
});

describe('review desk: health queue counts explained', () => {
  it('says what each queue column counts', async () => {
    const main = /<main[^>]*>(.*)<\/main>/s.exec((await admin.get('/health')).body)?.[1] ?? '';
    const queues = /<section aria-labelledby="h-queues">(.*?)<\/section>/s.exec(main)?.[1] ?? '';
    for (const words of ['waiting: due now', 'delayed: waiting for their time', 'failed: '])
      expect(queues).toContain(words);
  });
});
