import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNewsText } from '../../web/news-check.ts';
import { DeskClient, futureNews, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/**
 * The desk's downloads say what the CLI's say: who approved each post and when (the quarterly
 * report's auditor asks), and the report's period in the project's zone.
 */
let desk: TestDesk;
let approved: string;

beforeAll(async () => {
  desk = await startTestDesk();
  const { items } = await loadNewsText(desk.config, 'riga.md', futureNews('riga-exports'));
  const [result] = await desk.app.intake.take(items, { requireApproval: true, actor: 'test' });
  approved = result!.posts.find((p) => p.state === 'awaiting-approval')!.postId;
});
afterAll(async () => desk?.close());

describe('review desk: downloads', () => {
  it("the history CSV names who approved a post on the desk, and when; the report CSV's period is in the project's zone", async () => {
    const approver = new DeskClient(desk.server);
    await approver.login('aida');
    expect((await approver.post(`/posts/${approved}/approve`, {}, { from: `/posts/${approved}` })).statusCode).toBe(
      303,
    );
    const csv = await approver.get('/history/export.csv');
    expect(csv.statusCode).toBe(200);
    const rows = parse(csv.body, { columns: true, bom: true }) as Array<Record<string, string>>;
    const row = rows.find((r) => r.postId === approved)!;
    expect(row.approvedBy).toBe('web:aida');
    expect(row.approvedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(row.timeZone).toBe(desk.config.project.timezone);
    const waiting = rows.find((r) => r.postId !== approved)!;
    expect(waiting.approvedBy).toBe('');

    const report = await approver.get('/report/report.csv?since=2026-01&until=2026-02');
    const total = (parse(report.body, { columns: true, bom: true }) as Array<Record<string, string>>)[0]!;
    expect(total.detail).toBe(`2026-01-01 00:00 – 2026-02-01 00:00 (${desk.config.project.timezone})`);
  });

  it('every CSV download comes with semicolons too, for Excel in the partner regions; an unknown separator is refused', async () => {
    const viewer = new DeskClient(desk.server);
    await viewer.login('vic');
    const history = await viewer.get('/history?state=awaiting-approval');
    const link = /<a href="([^"]+)" download title="For Excel[^"]*">CSV for Excel \(;\)<\/a>/.exec(history.body)?.[1];
    expect(link).toBe('/history/export.csv?state=awaiting-approval&amp;separator=semicolon');
    for (const url of [
      '/history/export.csv?state=awaiting-approval&separator=semicolon',
      '/activity/export.csv?separator=semicolon',
      '/report/report.csv?since=2026-01&separator=semicolon',
    ]) {
      const got = await viewer.get(url);
      expect(got.statusCode, url).toBe(200);
      const [header] = got.body.replace(/^\uFEFF/, '').split('\n');
      expect(header, url).toContain(';');
      expect(header, url).not.toContain(',');
      // A text with a semicolon in it stays one cell.
      const rows = parse(got.body, { columns: true, bom: true, delimiter: ';' }) as Array<Record<string, string>>;
      expect(rows.length, url).toBeGreaterThan(0);
    }
    for (const page of ['/activity', '/report?since=2026-01'])
      expect((await viewer.get(page)).body, page).toContain('separator=semicolon');
    const refused = await viewer.get('/history/export.csv?separator=pipe');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('separator &quot;pipe&quot;: expected one of comma, semicolon, tab');
  });
});
