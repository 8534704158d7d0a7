import { describe, expect, it } from 'vitest';
import { barChart } from '../../web/views/svg-chart.ts';
import { PHONE, usePhonePage } from './desk-fixtures.ts';

/**
 * The report's charts on a phone, in a real browser: the page as the desk serves it, with the desk's
 * stylesheet. A chart wider than the phone's screen is scaled down to fit, and its words with it:
 * they must stay readable.
 */

/** The smallest text a person reads on a phone without zooming, in CSS pixels. */
const MIN_TEXT_PX = 10;

const phone = usePhonePage('/report', 'phone-report');

/**
 * Run in the page: for each chart, its title and the size its smallest text is drawn at (the font size
 * in the SVG times the scale the page draws the SVG at).
 */
const chartTextSizes = `[...document.querySelectorAll('.chart-box svg')].map((svg) => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')].map((t) => Number(t.getAttribute('font-size')) * scale);
  return { title: svg.querySelector('title').textContent, smallest: Math.round(Math.min(...sizes) * 10) / 10 };
})`;

describe('the report on a phone', { timeout: 60_000 }, () => {
  it('draws every chart, per platform and per language too, with readable words', async () => {
    const charts = (await phone.page().evaluate(chartTextSizes)) as Array<{ title: string; smallest: number }>;
    expect(charts.map((c) => c.title)).toEqual([
      'Posts per month',
      'Posts per platform',
      'Posts per language',
      'Failed attempts by reason',
    ]);
    expect(charts.filter((c) => c.smallest < MIN_TEXT_PX)).toEqual([]);
  });

  it('a year of months fits too', async () => {
    const months = Array.from({ length: 12 }, (_, i) => ({
      label: `2026-${String(i + 1).padStart(2, '0')}`,
      value: 100 + i * 17,
    }));
    const chart = barChart({ id: 'c-year', title: 'Posts per month', bars: months, direction: 'columns' });
    await phone
      .page()
      .evaluate(
        `document.querySelector('.charts').innerHTML = ${JSON.stringify(`<figure class="chart-box">${chart.value}</figure>`)}`,
      );
    const [year] = (await phone.page().evaluate(chartTextSizes)) as Array<{ smallest: number }>;
    expect(year!.smallest).toBeGreaterThanOrEqual(MIN_TEXT_PX);
    expect(await phone.page().evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
  });
});
