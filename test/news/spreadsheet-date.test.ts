import { describe, expect, it } from 'vitest';
import { isoFromSpreadsheet, slashEvidence, slashOrder } from '../../src/news/spreadsheet-date.ts';

const cells = (...texts: string[]) => texts.map((cell, i) => ({ cell, line: i + 2 }));

describe('isoFromSpreadsheet', () => {
  it('reads dotted dates day first, with a Latvian trailing dot and the Bulgarian "г." and "ч."', () => {
    expect(isoFromSpreadsheet('20.01.2027 10:00')).toBe('2027-01-20T10:00');
    expect(isoFromSpreadsheet('08.12.2026.')).toBe('2026-12-08');
    expect(isoFromSpreadsheet('20.1.2027 г. 10:00 ч.')).toBe('2027-01-20T10:00');
    expect(isoFromSpreadsheet('20.1.2027 г.')).toBe('2027-01-20');
    // Dots are never month first, whatever the file's slashes say.
    expect(isoFromSpreadsheet('05.02.2027', 'month-first')).toBe('2027-02-05');
  });

  it('reads slashed dates in the order given, and leaves out-of-range or mixed ones as written', () => {
    expect(isoFromSpreadsheet('05/02/2027 09:30')).toBe('2027-02-05T09:30');
    expect(isoFromSpreadsheet('5/2/2027', 'month-first')).toBe('2027-05-02');
    expect(isoFromSpreadsheet('1/20/2027 10:00', 'month-first')).toBe('2027-01-20T10:00');
    expect(isoFromSpreadsheet('10/12/2026 09:30 11/12/2026 09:30')).toBe('2026-12-10T09:30 2026-12-11T09:30');
    // Day first, a second number over 12 is no month: quoted as written in the refusal.
    expect(isoFromSpreadsheet('1/20/2027')).toBe('1/20/2027');
    expect(isoFromSpreadsheet('20/01/2027', 'mixed')).toBe('20/01/2027');
    // ISO dates and URLs are not dates to rewrite.
    expect(isoFromSpreadsheet('2027-01-20T10:00:00+02:00')).toBe('2027-01-20T10:00:00+02:00');
    expect(isoFromSpreadsheet('https://example.org/2027/01/20/12/2027')).toBe('https://example.org/2027/01/20/12/2027');
  });
});

describe('slashOrder', () => {
  it('is day first unless only month first can be read: a European file of ambiguous dates stays day first', () => {
    expect(slashOrder(slashEvidence(cells('05/02/2027', '20/01/2027')))).toBe('day-first');
    expect(slashOrder(slashEvidence(cells('05/02/2027', '08/12/2026')))).toBe('day-first');
    expect(slashOrder(slashEvidence(cells('5/2/2027', '1/20/2027 10:00')))).toBe('month-first');
    // A date that is none either way is no evidence: the file stays day first.
    expect(slashOrder(slashEvidence(cells('20/20/2027', '05/02/2027')))).toBe('day-first');
    const mixed = slashEvidence(cells('20/01/2027', 'x', '1/20/2027'));
    expect(slashOrder(mixed)).toBe('mixed');
    expect(mixed).toEqual({ dayFirst: { date: '20/01/2027', line: 2 }, monthFirst: { date: '1/20/2027', line: 4 } });
  });
});
