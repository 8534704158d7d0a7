import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type HistoryReport, reportCsv } from '../../src/log/history-report.ts';

/**
 * The period of a report CSV is what the programme reads first. Asked for the fourth quarter in
 * Athens, the file must not say it starts on 30 September at 21:00 (the UTC instant of midnight).
 */
const Q4: HistoryReport = {
  since: '2026-09-30T21:00:00.000Z',
  until: '2026-12-31T22:00:00.000Z',
  posts: 2,
  byPlatform: { facebook: 2 },
  byLanguage: { bg: 1, lv: 1 },
  byKind: { news: 2 },
  byState: { published: 2 },
  byMonth: { '2026-10': 2 },
  failures: [],
};

describe('report CSV period', () => {
  it("gives the period in the project's zone, named, as the table does", () => {
    const rows = parse(reportCsv(Q4, { zone: 'Europe/Athens' }), { columns: true }) as Array<Record<string, string>>;
    expect(rows[0]).toMatchObject({
      section: 'total',
      key: 'posts',
      detail: '2026-10-01 00:00 – 2027-01-01 00:00 (Europe/Athens)',
      count: '2',
    });
  });

  it('without a zone keeps the instants as they are', () => {
    const rows = parse(reportCsv(Q4), { columns: true }) as Array<Record<string, string>>;
    expect(rows[0]!.detail).toBe('2026-09-30T21:00:00.000Z – 2026-12-31T22:00:00.000Z');
  });
});
