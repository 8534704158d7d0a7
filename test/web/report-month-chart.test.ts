import { describe, expect, it } from 'vitest';
import type { HistoryReport } from '../../src/log/history-report.ts';
import { reportChart } from '../../web/views/report-view.ts';

/** The report's month chart is a time line: a month without posts is a column of 0, not left out. */

const ZONE = 'Europe/Athens';

function report(byMonth: Record<string, number>, since: string, until: string): HistoryReport {
  const posts = Object.values(byMonth).reduce((a, b) => a + b, 0);
  return { since, until, posts, byPlatform: {}, byLanguage: {}, byKind: {}, byState: {}, byMonth, failures: [] };
}

/** The chart's description: "2026-01: 3 posts; …", what a screen reader reads. */
function described(svg: string): string {
  return /<desc[^>]*>(.*?)<\/desc>/s.exec(svg)?.[1] ?? '';
}

describe('report: posts per month', () => {
  it('shows every month of the period, those without posts as 0', () => {
    // The period as the report page gives it: Athens midnights, written in UTC.
    const chart = reportChart(
      report({ '2026-01': 3, '2026-03': 5 }, '2025-12-31T22:00:00.000Z', '2026-04-30T21:00:00.000Z'),
      'month',
      ZONE,
    ).value;
    expect(described(chart)).toBe('2026-01: 3 posts; 2026-02: 0 posts; 2026-03: 5 posts; 2026-04: 0 posts');
  });

  it('a period ending at a month start does not add that month', () => {
    const chart = reportChart(
      report({ '2026-01': 3 }, '2025-12-31T22:00:00.000Z', '2026-02-28T22:00:00.000Z'),
      'month',
      ZONE,
    ).value;
    expect(described(chart)).toBe('2026-01: 3 posts; 2026-02: 0 posts');
  });

  it('names the months, and each year once, under its first month: labels that do not run into each other', () => {
    const chart = reportChart(
      report({ '2025-12': 2, '2026-02': 4 }, '2025-11-30T22:00:00.000Z', '2026-02-28T22:00:00.000Z'),
      'month',
      ZONE,
    ).value;
    const labels = [...chart.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels.filter((l) => /^\d{4}$/.test(l!))).toEqual(['2025', '2026']);
    expect(labels).toEqual(expect.arrayContaining(['Dec', 'Jan', 'Feb']));
  });
});
