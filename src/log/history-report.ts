import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import type { ErrorKind } from '../platforms/platform-error.ts';
import { platformLabel } from '../preview/post-card.ts';
import { localTime } from './history-format.ts';
import { timelineBatches } from './post-timelines.ts';
import type { HistoryFilter, PublishingLog } from './publishing-log.ts';
import { spreadsheetCell } from './spreadsheet-cell.ts';
import { renderTable } from './text-table.ts';

/** One failure reason: how often a platform answered this way in the period. */
export interface FailureReason {
  platform: string;
  errorKind: ErrorKind;
  message: string;
  /** Log entries with this reason (failed attempts, including ones retried successfully later). */
  attempts: number;
  /** Distinct posts it happened to. */
  posts: number;
}

/**
 * The filters a report can be narrowed by, beyond its period (`report --channel/--platform/--language/--state`):
 * `--state published` counts what went out, as a programme report asks.
 */
const FILTER_FIELDS = ['channel', 'platform', 'language', 'state'] as const;

/** Which posts a report counts beyond its period. */
export type ReportFilter = Pick<HistoryFilter, (typeof FILTER_FIELDS)[number]>;

/** What a project reports to its programme for a period. */
export interface HistoryReport {
  since: string;
  until: string;
  /**
   * Present only when the report was narrowed: which posts it counts. Part of every output, so a
   * table, CSV or JSON passed on is not read as the whole project's activity.
   */
  filter?: ReportFilter;
  /** Posts whose latest change falls in the period. */
  posts: number;
  byPlatform: Record<string, number>;
  byLanguage: Record<string, number>;
  byKind: Record<string, number>;
  byState: Record<string, number>;
  /** Posts per month of their latest change ("2023-11"), in the report's zone, oldest first. */
  byMonth: Record<string, number>;
  failures: FailureReason[];
}

/** Months a report covers when no start is given, the current one included. */
const DEFAULT_REPORT_MONTHS = 12;

/**
 * Where a report starts when no start is given (`secon-bot report`, the desk's Report page): the
 * first day of the month {@link DEFAULT_REPORT_MONTHS} months back, this month counted, in `zone`
 * — whole months, as a programme reports them. yyyy-MM-dd, as a person would type it.
 */
export function defaultReportSince(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone })
    .startOf('month')
    .minus({ months: DEFAULT_REPORT_MONTHS - 1 })
    .toFormat('yyyy-MM-dd');
}

/** Options for {@link buildReport}. */
export interface ReportOptions {
  since: string;
  until: string;
  /** Only these posts (empty lists count as no filter). Default: every post of the period. */
  filter?: ReportFilter;
  /** Timelines read at once. Default 50. */
  concurrency?: number;
  /** Told the posts whose timelines were read so far, of how many. Default: none. */
  onProgress?: (posts: number, total: number) => void;
  /** Zone the months of `byMonth` are counted in. Default UTC. */
  zone?: string;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Sorted by count (largest first), then name, so the table reads top-down. */
function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));
}

/**
 * Counts the posts of a period (by the time of their latest change, read through the index) per
 * platform, language, kind and state, and gathers the failure reasons from their timelines — so
 * a post that failed twice and then went out counts once as published and shows both failures.
 */
export async function buildReport(log: PublishingLog, options: ReportOptions): Promise<HistoryReport> {
  const filter = narrowedBy(options.filter);
  const records = await log.query({ ...filter, since: options.since, until: options.until, order: 'asc' });
  const report: HistoryReport = {
    since: options.since,
    until: options.until,
    ...(filter ? { filter } : {}),
    posts: records.length,
    byPlatform: {},
    byLanguage: {},
    byKind: {},
    byState: {},
    byMonth: {},
    failures: [],
  };
  for (const r of records) {
    bump(report.byPlatform, r.platform);
    bump(report.byLanguage, r.language);
    bump(report.byKind, r.kind);
    bump(report.byState, r.state);
    bump(report.byMonth, DateTime.fromISO(r.at, { zone: options.zone ?? 'UTC' }).toFormat('yyyy-MM'));
  }
  const failures = new Map<string, FailureReason & { postIds: Set<string> }>();
  for await (const timelines of timelineBatches(
    log,
    records.map((r) => r.postId),
    { concurrency: options.concurrency, onProgress: options.onProgress },
  )) {
    for (const entry of timelines.flat()) {
      // Only failures that happened in the reported period (a post's older attempts belong to an earlier report).
      if (!entry.errorKind || !withinPeriod(entry.at, options.since, options.until)) continue;
      const message = entry.errorMessage ?? '';
      const key = JSON.stringify([entry.platform, entry.errorKind, message]);
      const reason = failures.get(key) ?? {
        platform: entry.platform,
        errorKind: entry.errorKind,
        message,
        attempts: 0,
        posts: 0,
        postIds: new Set<string>(),
      };
      reason.attempts++;
      reason.postIds.add(entry.postId);
      reason.posts = reason.postIds.size;
      failures.set(key, reason);
    }
  }
  report.failures = [...failures.values()]
    .map(({ postIds: _ids, ...reason }) => reason)
    .sort(
      (a, b) => b.attempts - a.attempts || a.platform.localeCompare(b.platform) || a.message.localeCompare(b.message),
    );
  report.byPlatform = sortedCounts(report.byPlatform);
  report.byLanguage = sortedCounts(report.byLanguage);
  report.byKind = sortedCounts(report.byKind);
  report.byState = sortedCounts(report.byState);
  report.byMonth = Object.fromEntries(Object.entries(report.byMonth).sort(([a], [b]) => a.localeCompare(b)));
  return report;
}

/** The filter's non-empty fields, or undefined when it narrows nothing. */
function narrowedBy(filter: ReportFilter | undefined): ReportFilter | undefined {
  const fields = FILTER_FIELDS.filter((field) => filter?.[field]?.length);
  return fields.length ? Object.fromEntries(fields.map((field) => [field, filter![field]])) : undefined;
}

/** The filter as [label, values] pairs, in a fixed order: channel, platform, language, state. */
function filterParts(filter: ReportFilter | undefined): Array<[string, string[]]> {
  return FILTER_FIELDS.flatMap((field) => (filter?.[field]?.length ? [[field, filter[field]]] : []));
}

/**
 * What a narrowed report counts, as it says so in the table and on the desk's report page:
 * "channel x-secon; language bg, el". Undefined when the report is not narrowed.
 */
export function countedOnly(filter: ReportFilter | undefined): string | undefined {
  const parts = filterParts(filter);
  return parts.length
    ? parts
        .map(([label, values]) => `${label} ${(label === 'platform' ? values.map(platformLabel) : values).join(', ')}`)
        .join('; ')
    : undefined;
}

/** `since` inclusive, `until` exclusive, as in history queries. */
function withinPeriod(at: string, since: string, until: string): boolean {
  const t = Date.parse(at);
  return t >= Date.parse(since) && t < Date.parse(until);
}

/** The breakdowns of the table and the CSV, in the desk's order: months first (in the report's zone). */
const SECTIONS = [
  ['month', 'byMonth'],
  ['platform', 'byPlatform'],
  ['language', 'byLanguage'],
  ['kind', 'byKind'],
  ['state', 'byState'],
] as const;

/** The report for a person: one small table per breakdown, then the failure reasons. */
export function reportTable(report: HistoryReport, zone: string): string {
  const out = [
    `Posts from ${localTime(report.since, zone)} to ${localTime(report.until, zone)} (${zone}): ${report.posts}`,
  ];
  const narrowed = countedOnly(report.filter);
  if (narrowed) out.push(`Counted only: ${narrowed}`);
  for (const [label, field] of SECTIONS) {
    const rows = Object.entries(report[field]).map(([k, n]) => [
      label === 'platform' ? platformLabel(k) : k,
      String(n),
    ]);
    out.push('', rows.length ? renderTable([label.toUpperCase(), 'POSTS'], rows) : `${label}: none`);
  }
  out.push('', 'Failure reasons');
  out.push(
    report.failures.length
      ? renderTable(
          ['PLATFORM', 'KIND', 'ATTEMPTS', 'POSTS', 'MESSAGE'],
          report.failures.map((f) => [
            platformLabel(f.platform),
            f.errorKind,
            String(f.attempts),
            String(f.posts),
            f.message.replace(/\s+/g, ' '),
          ]),
        )
      : 'none',
  );
  return out.join('\n');
}

/**
 * The period as a person asked for it: local times in `zone`, named ("2026-10-01 00:00 –
 * 2027-01-01 00:00 (Europe/Athens)", as the table heads it); without a zone, the instants.
 */
function reportPeriod(report: HistoryReport, zone: string | undefined): string {
  return zone
    ? `${localTime(report.since, zone)} – ${localTime(report.until, zone)} (${zone})`
    : `${report.since} – ${report.until}`;
}

/**
 * The report as one CSV a spreadsheet opens: `section,key,detail,count,posts`. First the total,
 * its detail the period (in `zone` when given); then a row per count (section
 * month/platform/language/kind/state; a month is YYYY-MM in the zone the report counted in) and
 * per failure reason (section failure, key "<platform> <kind>", detail = the platform's message). A
 * narrowed report has, after the total, a `filter` row per value it was narrowed to (key
 * channel/platform/language, detail the value).
 * Failure messages that start like a formula are neutralised unless `raw`.
 */
export function reportCsv(
  report: HistoryReport,
  options: { bom?: boolean; raw?: boolean; zone?: string; separator?: string } = {},
): string {
  const rows: Array<[string, string, string, number | '', number | '']> = [
    ['total', 'posts', reportPeriod(report, options.zone), report.posts, ''],
  ];
  for (const [label, values] of filterParts(report.filter))
    for (const value of values) rows.push(['filter', label, value, '', '']);
  for (const [label, field] of SECTIONS)
    for (const [k, n] of Object.entries(report[field])) rows.push([label, k, '', n, '']);
  for (const f of report.failures)
    rows.push(['failure', `${f.platform} ${f.errorKind}`, f.message, f.attempts, f.posts]);
  return stringify(options.raw ? rows : rows.map((row) => row.map(spreadsheetCell)), {
    header: true,
    bom: options.bom ?? false,
    delimiter: options.separator ?? ',',
    columns: ['section', 'key', 'detail', 'count', 'posts'],
  });
}
