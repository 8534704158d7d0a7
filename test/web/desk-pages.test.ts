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

describe('review desk: filters', () => {
  it('a bad date in the history filter names the form field, not the CLI option', async () => {
    const response = await admin.get('/history?since=garbage');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Since: &quot;garbage&quot; is not a date');
    expect(response.body).not.toContain('--since');
  });

  it("the report's period names the form's fields too", async () => {
    const response = await admin.get('/report?since=2024-02-01&until=2024-01-01');
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/From \(2024-02-01\) must be before Until/);
    expect(response.body).not.toContain('--until');
  });
});
