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
});
