import { html, type SafeHtml, trusted } from '../../src/preview/safe-html.ts';

/** One bar: its label and value. */
export interface Bar {
  label: string;
  value: number;
}

/** Options of {@link barChart}. */
export interface BarChartOptions {
  /** Unique in the page (ids of title and description). */
  id: string;
  title: string;
  bars: Bar[];
  /** Columns (months, in order) or rows (categories, largest first). Default rows. */
  direction?: 'columns' | 'rows';
  /** Unit of the values, for the description. Default "posts". */
  unit?: string;
  /** A line under the title, such as which posts are counted. Default none. */
  note?: string;
}

const BAR_COLOUR = '#1f5f99';
const TEXT_COLOUR = '#1b1b1f';
const AXIS_COLOUR = '#6b7280';
const FONT = 'font-family="system-ui, sans-serif"';
/** Room a note takes under the title; the chart moves down by it. */
const NOTE_HEIGHT = 18;
/**
 * The widest a chart is drawn: what a phone's screen (390 px) leaves inside the report's chart box. A wider
 * chart is scaled down to fit, its words with it: at 530 px they came out at 7 px, unreadable.
 */
const MAX_WIDTH = 336;
/** Row charts: room for a label (shortened to LABEL_CHARS), the longest bar, and the value after it. */
const LABEL_WIDTH = 140;
const LABEL_CHARS = 20;
const VALUE_WIDTH = 40;
/** Column charts: a year of months (12 columns) fits MAX_WIDTH. */
const COLUMN_WIDTH = 26;
/** Column labels: the month's short name; its year only under the first column and each January. */
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A plain SVG bar chart: no script, no styles, every value written on its bar, a title and a
 * description for screen readers, sized by its viewBox. Standalone, it pastes into a report.
 */
export function barChart(options: BarChartOptions): SafeHtml {
  // Without bars, columns would be an empty plot over a baseline: the short "none" of rows says it.
  return options.direction === 'columns' && options.bars.length ? columns(options) : rows(options);
}

function described(options: BarChartOptions): SafeHtml {
  const unit = options.unit ?? 'posts';
  const desc = options.bars.length
    ? options.bars.map((b) => `${b.label}: ${b.value} ${unit}`).join('; ')
    : `no ${unit} in this period`;
  const note = options.note ? `${options.note}. ` : '';
  return html`<title id="${options.id}-t">${options.title}</title><desc id="${options.id}-d">${note}${desc}</desc>`;
}

/** The title, and the note under it if any. */
function heading(options: BarChartOptions): SafeHtml {
  return html`<text x="0" y="18" ${svgFont(15, true)} fill="${TEXT_COLOUR}">${options.title}</text>${
    options.note ? html`<text x="0" y="34" ${svgFont(11)} fill="${AXIS_COLOUR}">${options.note}</text>` : ''
  }`;
}

/** How far the plot moves down for the note. */
function noteOffset(options: BarChartOptions): number {
  return options.note ? NOTE_HEIGHT : 0;
}

function rows(options: BarChartOptions): SafeHtml {
  const rowHeight = 26;
  const labelWidth = LABEL_WIDTH;
  const barWidth = MAX_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const width = MAX_WIDTH;
  const top = 30 + noteOffset(options);
  const height = top + 6 + Math.max(1, options.bars.length) * rowHeight;
  const max = Math.max(1, ...options.bars.map((b) => b.value));
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${options.id}-t ${options.id}-d" class="chart">
${described(options)}
${heading(options)}
${options.bars.map((bar, i) => {
  const y = top + i * rowHeight;
  const w = Math.max(1, Math.round((bar.value / max) * barWidth));
  return html`<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" ${svgFont(12)} fill="${TEXT_COLOUR}">${shorten(bar.label, LABEL_CHARS)}</text>
<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 8}" fill="${BAR_COLOUR}"/>
<text x="${labelWidth + w + 6}" y="${y + 15}" ${svgFont(12)} fill="${TEXT_COLOUR}">${bar.value}</text>`;
})}
${options.bars.length ? '' : html`<text x="0" y="${top + 18}" ${svgFont(12)} fill="${AXIS_COLOUR}">none</text>`}
</svg>`;
}

function columns(options: BarChartOptions): SafeHtml {
  const columnWidth = COLUMN_WIDTH;
  const barWidth = columnWidth - 8;
  const plotHeight = 160;
  const left = 10;
  const top = 40 + noteOffset(options);
  const width = Math.max(MAX_WIDTH, left * 2 + Math.max(1, options.bars.length) * columnWidth);
  const height = top + plotHeight + 40;
  const max = Math.max(1, ...options.bars.map((b) => b.value));
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${options.id}-t ${options.id}-d" class="chart">
${described(options)}
${heading(options)}
<line x1="${left}" y1="${top + plotHeight}" x2="${width - left}" y2="${top + plotHeight}" stroke="${AXIS_COLOUR}"/>
${options.bars.map((bar, i) => {
  const h = Math.round((bar.value / max) * (plotHeight - 16));
  const x = left + i * columnWidth + (columnWidth - barWidth) / 2;
  const y = top + plotHeight - h;
  return html`<rect x="${x}" y="${y}" width="${barWidth}" height="${h}" fill="${BAR_COLOUR}"/>
<text x="${x + barWidth / 2}" y="${y - 4}" text-anchor="middle" ${svgFont(11)} fill="${TEXT_COLOUR}">${bar.value}</text>
<text x="${x + barWidth / 2}" y="${top + plotHeight + 16}" text-anchor="middle" ${svgFont(11)} fill="${TEXT_COLOUR}">${monthName(bar.label)}</text>
${
  i === 0 || bar.label.endsWith('-01')
    ? html`<text x="${x - (columnWidth - barWidth) / 2}" y="${top + plotHeight + 30}" ${svgFont(10)} fill="${AXIS_COLOUR}">${bar.label.slice(0, 4)}</text>`
    : ''
}`;
})}
</svg>`;
}

/** "2026-03" as "Mar"; any other label as it is. */
function monthName(label: string): string {
  return MONTH_NAMES[Number(label.slice(5)) - 1] ?? label;
}

function svgFont(size: number, bold = false): SafeHtml {
  return html`${trusted(FONT)} font-size="${size}"${bold ? html` font-weight="700"` : ''}`;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
