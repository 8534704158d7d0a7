import { DateTime } from 'luxon';

/**
 * Locale-aware formatting on Intl, always in an explicit time zone. Formatters are costly to build
 * and cheap to use, so each (locale, zone, style) is built once and kept.
 */

const DATE_STYLE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };
const TIME_STYLE: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const listFormats = new Map<string, Intl.ListFormat>();

function dateFormat(locale: string, zone: string, style: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const cacheKey = `${key}|${locale}|${zone}`;
  let format = dateFormats.get(cacheKey);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...style, timeZone: zone });
    dateFormats.set(cacheKey, format);
  }
  return format;
}

/** The calendar day of `date` in `zone`, e.g. "2023-11-13". */
export function localDay(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone }).toISODate() ?? '';
}

/** "13 November 2023", "13. November 2023", "13 ноември 2023 г." — the day in `zone`. */
export function formatDate(date: Date, locale: string, zone: string): string {
  return dateFormat(locale, zone, DATE_STYLE, 'date').format(date);
}

/**
 * "13–14 November 2023", "13.–14. November 2023", "13–14 ноември 2023 г.", "30 October – 2
 * November 2023": the days an event covers, in its zone. An event that starts and ends on the same
 * local day is one date. ICU sets some day–day ranges with spaces ("13 – 14"); between two bare
 * day numbers the dash is closed up, as the style guides of these languages write it.
 */
export function formatDateRange(start: Date, end: Date | undefined, locale: string, zone: string): string {
  if (!end || localDay(start, zone) === localDay(end, zone)) return formatDate(start, locale, zone);
  const text = dateFormat(locale, zone, DATE_STYLE, 'date').formatRange(start, end);
  return text.replace(/(?<=(?:^|\s)\d{1,2}\.?)\s+–\s+(?=\d{1,2}\.?(?:\s|$))/u, '–');
}

/** "9:00", "9:00 π.μ." — the time of day in `zone`, in the locale's clock. */
export function formatTime(date: Date, locale: string, zone: string): string {
  return dateFormat(locale, zone, TIME_STYLE, 'time').format(date);
}

/**
 * Whole calendar days from `now` to `date`, both seen in `zone`. Counting local days (not 24-hour
 * blocks) keeps "tomorrow" right across a daylight-saving change, when a day has 23 or 25 hours.
 */
export function calendarDaysBetween(now: Date, date: Date, zone: string): number {
  const from = DateTime.fromJSDate(now, { zone }).startOf('day');
  const to = DateTime.fromJSDate(date, { zone }).startOf('day');
  return Math.round(to.diff(from, 'days').days);
}

/** "tomorrow", "in 3 days", "σε 3 ημέρες", "след 3 дни" — with the locale's plural rules. */
export function formatRelativeDays(date: Date, now: Date, locale: string, zone: string): string {
  let format = relativeFormats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    relativeFormats.set(locale, format);
  }
  return format.format(calendarDaysBetween(now, date, zone), 'day');
}

/** "A, B and C", "A, B und C", "A, B и C". */
export function formatList(
  items: readonly string[],
  locale: string,
  type: Intl.ListFormatType = 'conjunction',
): string {
  const key = `${type}|${locale}`;
  let format = listFormats.get(key);
  if (!format) {
    format = new Intl.ListFormat(locale, { type, style: 'long' });
    listFormats.set(key, format);
  }
  return format.format(items);
}
