import { DateTime } from 'luxon';
import type { Config, Platform } from '../../src/config/config-schema.ts';
import { languageName } from '../../src/language-name.ts';
import { countedOnly, type HistoryReport } from '../../src/log/history-report.ts';
import { POST_STATES } from '../../src/posts/post.ts';
import { PLATFORM_LABELS } from '../../src/preview/post-card.ts';
import { html, type SafeHtml } from '../../src/preview/safe-html.ts';
import { queryString } from '../routes/query-params.ts';
import { csvLinks } from './csv-links.ts';
import { channelLanguages, filterSelect } from './filter-select.ts';
import { localDateTime } from './format.ts';
import { type PageContext, page } from './layout.ts';
import { type Bar, barChart } from './svg-chart.ts';

/** The charts of a report, by name (also the names of their SVG downloads). */
export const REPORT_CHARTS = ['month', 'platform', 'language', 'failures'] as const;
export type ReportChart = (typeof REPORT_CHARTS)[number];

/** Each chart's title: on the chart, and in its download link (four links a screen reader can tell apart). */
const CHART_TITLES: Readonly<Record<ReportChart, string>> = {
  month: 'Posts per month',
  platform: 'Posts per platform',
  language: 'Posts per language',
  failures: 'Failed attempts by reason',
};

/** The report form as given: its period, and the lists it narrows to (empty: every post). */
export interface ReportInput {
  since: string;
  until: string;
  channel: string[];
  platform: string[];
  language: string[];
  state: string[];
}

/** What the report form offers to narrow by: the configured channels, their platforms and languages. */
export function reportChoices(config: Config): { channel: string[]; platform: Platform[]; language: string[] } {
  return {
    channel: config.channels.map((c) => c.id),
    platform: [...new Set(config.channels.map((c) => c.platform))].sort(),
    language: channelLanguages(config),
  };
}

/**
 * One chart of a report. A narrowed report's charts say which posts they count under their title,
 * as the CSV does: a chart pasted into a programme report is not read as the whole project's.
 */
export function reportChart(report: HistoryReport, name: ReportChart, zone = 'UTC'): SafeHtml {
  const bars = (counts: Record<string, number>, label = (k: string) => k): Bar[] =>
    Object.entries(counts).map(([k, value]) => ({ label: label(k), value }));
  const narrowed = countedOnly(report.filter);
  const note = narrowed ? { note: `Counted only: ${narrowed}` } : {};
  switch (name) {
    case 'month':
      return barChart({
        id: 'c-month',
        title: CHART_TITLES.month,
        bars: bars(everyMonth(report, zone)),
        direction: 'columns',
        ...note,
      });
    case 'platform':
      return barChart({
        id: 'c-platform',
        title: CHART_TITLES.platform,
        bars: bars(report.byPlatform, platformLabel),
        ...note,
      });
    case 'language':
      return barChart({
        id: 'c-language',
        title: CHART_TITLES.language,
        bars: bars(report.byLanguage, languageName),
        ...note,
      });
    case 'failures':
      return barChart({
        id: 'c-failures',
        title: CHART_TITLES.failures,
        unit: 'failed attempts',
        bars: report.failures.map((f) => ({ label: `${platformLabel(f.platform)} ${f.errorKind}`, value: f.attempts })),
        ...note,
      });
  }
}

/** The id of the message that says why the period or filters were refused. */
const PROBLEM_ID = 'r-problem';

export function reportPage(
  ctx: PageContext,
  config: Config,
  input: ReportInput,
  report: HistoryReport | undefined,
  problem?: string,
  /** The fields the refusal is about: marked invalid, pointing at the message. */
  refused: ReadonlySet<string> = new Set(),
): string {
  const zone = config.project.timezone;
  // A refused field points at the message that says why (aria-invalid, aria-describedby).
  const refusedBy = (name: string) => (refused.has(name) ? PROBLEM_ID : undefined);
  const dateHint = (name: string) => (refusedBy(name) ? `r-hint ${PROBLEM_ID}` : 'r-hint');
  // The downloads carry the page's period and filters: the CSV and the charts are of what the page shows.
  const query = queryString({ ...input });
  const csvQuery = (extra: Record<string, string>) => `/report/report.csv${queryString({ ...input, ...extra })}`;
  const choices = reportChoices(config);
  const body = html`<h1>Report</h1>
<p class="lead">Posts per month, platform, language, kind and state for a period, and why attempts failed. Each post counts once, in the month of its latest change.</p>
<form method="get" action="/report" class="filters" aria-label="Choose the period and the posts">
<p><label for="r-since">From</label><input id="r-since" name="since" value="${input.since}" placeholder="YYYY-MM-DD" aria-describedby="${dateHint('since')}"${refusedBy('since') ? html` aria-invalid="true"` : ''}></p>
<p><label for="r-until">Until (not included)</label><input id="r-until" name="until" value="${input.until}" placeholder="YYYY-MM-DD" aria-describedby="${dateHint('until')}"${refusedBy('until') ? html` aria-invalid="true"` : ''}></p>
${filterSelect(
  'r',
  'channel',
  'Channel',
  input.channel,
  choices.channel.map((c) => [c, c]),
  refusedBy('channel'),
)}
${filterSelect(
  'r',
  'platform',
  'Platform',
  input.platform,
  choices.platform.map((p) => [p, PLATFORM_LABELS[p]]),
  refusedBy('platform'),
)}
${filterSelect(
  'r',
  'language',
  'Language',
  input.language,
  choices.language.map((l) => [l, languageName(l)]),
  refusedBy('language'),
)}
${filterSelect(
  'r',
  'state',
  'State',
  input.state,
  POST_STATES.map((s) => [s, s]),
  refusedBy('state'),
)}
<p class="actions"><button type="submit">Show</button> <a href="/report">Clear</a></p>
<p id="r-hint" class="hint wide">Dates in ${zone} time, such as 2023-07-01 or 2023-07, or a time before now such as 90d (days). Until empty: up to now.</p>
</form>
${problem ? html`<div class="flash flash-error" role="alert" id="${PROBLEM_ID}"><p>${problem}</p></div>` : ''}
${report ? reportBody(report, zone, query, csvQuery) : ''}`;
  return page(ctx, { title: 'Report', body });
}

function reportBody(
  report: HistoryReport,
  zone: string,
  query: string,
  csvQuery: (extra: Record<string, string>) => string,
): SafeHtml {
  const narrowed = countedOnly(report.filter);
  return html`<p class="total"><strong>${report.posts}</strong> ${report.posts === 1 ? 'post' : 'posts'} from ${localDateTime(report.since, zone)} to ${localDateTime(report.until, zone)}. ${csvLinks(csvQuery, 'Download as CSV')}</p>
${narrowed ? html`<p class="counted-only"><strong>Counted only:</strong> ${narrowed}</p>` : ''}
${report.posts ? breakdowns(report, query, zone) : html`<p class="empty">No posts in this period${narrowed ? ' for these filters' : ''}.</p>`}`;
}

/**
 * The charts, the tables and the failure reasons of a report with posts. A report without any has
 * nothing to chart (four empty boxes, five tables of "none"): the page says so in a sentence instead.
 */
function breakdowns(report: HistoryReport, query: string, zone: string): SafeHtml {
  return html`<div class="charts">${(['month', 'platform', 'language', 'failures'] as const).map(
    (name) =>
      html`<figure class="chart-box">${reportChart(report, name, zone)}${
        // A chart that only says "none" (no failed attempts) is nothing to put in a report.
        name === 'failures' && !report.failures.length
          ? ''
          : html`<figcaption><a href="/report/chart/${name}.svg${query}" download>Download this chart<span class="visually-hidden">: ${CHART_TITLES[name]}</span> (SVG)</a></figcaption>`
      }</figure>`,
  )}</div>
<div class="tables">
${countTable('Month', report.byMonth)}
${countTable('Platform', report.byPlatform, platformLabel)}
${countTable('Language', report.byLanguage, languageName)}
${countTable('Kind', report.byKind)}
${countTable('State', report.byState)}
</div>
<h2>Failure reasons</h2>
${
  report.failures.length
    ? html`<div class="table-wrap"><table><thead><tr><th scope="col">Platform</th><th scope="col">Kind</th><th scope="col">Attempts</th><th scope="col">Posts</th><th scope="col">Message</th></tr></thead>
<tbody>${report.failures.map((f) => html`<tr><td>${platformLabel(f.platform)}</td><td>${f.errorKind}</td><td>${f.attempts}</td><td>${f.posts}</td><td>${f.message}</td></tr>`)}</tbody></table></div>`
    : html`<p>No failed attempts in this period.</p>`
}`;
}

/**
 * A platform as people know it ("X"); the report's keys stay the stored names (twitter), as in its
 * CSV and JSON, which scripts read.
 */
function platformLabel(platform: string): string {
  return PLATFORM_LABELS[platform as Platform] ?? platform;
}

function countTable(label: string, counts: Record<string, number>, name = (k: string) => k): SafeHtml {
  const entries = Object.entries(counts);
  return html`<table class="counts"><caption>${label}</caption><thead><tr><th scope="col">${label}</th><th scope="col">Posts</th></tr></thead>
<tbody>${entries.length ? entries.map(([k, n]) => html`<tr><td>${name(k)}</td><td>${n}</td></tr>`) : html`<tr><td colspan="2">none</td></tr>`}</tbody></table>`;
}

/**
 * The report's months, every one of its period (`zone`'s months, as the report counts them), those
 * without posts as 0: the chart is a time line, and a quiet month left out read as no gap at all.
 */
function everyMonth(report: HistoryReport, zone: string): Record<string, number> {
  // No posts at all: no time line of zeros, the chart says "none".
  if (!report.posts) return report.byMonth;
  const months: Record<string, number> = {};
  // The period's last instant is just before `until` (not included): a period ending at a month's start ends before it.
  const last = DateTime.fromISO(report.until, { zone }).minus({ milliseconds: 1 });
  for (
    let month = DateTime.fromISO(report.since, { zone }).startOf('month');
    month <= last;
    month = month.plus({ months: 1 })
  ) {
    const key = month.toFormat('yyyy-MM');
    months[key] = report.byMonth[key] ?? 0;
  }
  // Months counted outside the period (none in a report built for it) are kept, in order.
  return Object.fromEntries(Object.entries({ ...report.byMonth, ...months }).sort(([a], [b]) => a.localeCompare(b)));
}
