import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskClient, futureNews, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/** What the desk's pages say, through its routes (no browser): wording, labels, places. */

let desk: TestDesk;
let admin: DeskClient;

beforeAll(async () => {
  desk = await startTestDesk();
  admin = new DeskClient(desk.server);
  await admin.login('ada');
});

afterAll(async () => desk?.close());

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
