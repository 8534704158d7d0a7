import { describe, expect, it } from 'vitest';
import { usePhonePage } from './desk-fixtures.ts';

/**
 * The history on a phone, in a real browser: the page as the desk serves it, with the desk's stylesheet. Its table
 * is stacked there (each cell under its column's name).
 */

const phone = usePhonePage('/history', 'phone-history');

describe('the history on a phone', { timeout: 60_000 }, () => {
  it('a state is a small badge, not a bar across the row', async () => {
    const widths = (await phone
      .page()
      .evaluate(
        `[...document.querySelectorAll('table.history td[data-label=State] .badge')].map((b) => Math.round(b.getBoundingClientRect().width))`,
      )) as number[];
    expect(widths.length).toBeGreaterThan(0);
    // "awaiting-approval", the longest state, is some 120 px; the column is over 200.
    expect(widths.filter((w) => w > 150)).toEqual([]);
  });
});
