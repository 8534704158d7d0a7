/**
 * Locale-aware formatting on Intl, always in an explicit time zone. Formatters are costly to build
 * and cheap to use, so each (locale, zone, style) is built once per process and kept.
 */

const DATE_STYLE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };
/** Wall-clock parts in a zone, read with formatToParts; "en-US" only fixes the digits (latn). */
const PARTS_STYLE: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
};

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

/** A moment's wall clock in a zone. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/**
 * Wall clocks already worked out, by zone and instant: formatToParts is the costliest call of a
 * render, and a news item's few dates are read by every post of it. Cleared when it grows large.
 */
const wallClocks = new Map<string, LocalParts>();
const WALL_CLOCKS_KEPT = 10_000;

/** The wall clock of `date` in `zone`. */
export function localParts(date: Date, zone: string): LocalParts {
  const key = `${zone}|${date.getTime()}`;
  const known = wallClocks.get(key);
  if (known) return known;
  const parts: LocalParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  for (const part of dateFormat('en-US', zone, PARTS_STYLE, 'parts').formatToParts(date)) {
    if (part.type in parts) parts[part.type as keyof LocalParts] = Number(part.value);
  }
  if (wallClocks.size >= WALL_CLOCKS_KEPT) wallClocks.clear();
  wallClocks.set(key, parts);
  return parts;
}

/** The calendar day of `date` in `zone`, e.g. "2023-11-13". */
export function localDay(date: Date, zone: string): string {
  const { year, month, day } = localParts(date, zone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The last moment that belongs to an event ending at `end`: an end at exactly 00:00 local time
 * closes the previous day (an evening event "until midnight" is on one day, not two).
 */
export function lastMomentOf(start: Date, end: Date, zone: string): Date {
  const { hour, minute } = localParts(end, zone);
  if (hour === 0 && minute === 0 && end.getTime() > start.getTime()) return new Date(end.getTime() - 1);
  return end;
}

/**
 * An evening event that runs past midnight (22:00–01:30) is one night out, not a two-day event:
 * readers go by the evening it starts. It counts as one day when it ends, at most
 * {@link NIGHT_EVENT_MAX_MS} after its start, on the next local day before this hour; a later
 * end (a morning session the next day) makes a second day.
 */
const NIGHT_ENDS_BEFORE_HOUR = 6;
/** Longer than this an event is not one night, however early it ends. */
const NIGHT_EVENT_MAX_MS = 24 * 60 * 60 * 1000;

/** True when `end` closes a night that began on the evening before (see {@link NIGHT_ENDS_BEFORE_HOUR}). */
function endsInTheNightAfter(start: Date, end: Date, zone: string): boolean {
  return (
    end.getTime() - start.getTime() <= NIGHT_EVENT_MAX_MS &&
    calendarDaysBetween(start, end, zone) === 1 &&
    localParts(end, zone).hour < NIGHT_ENDS_BEFORE_HOUR
  );
}

/**
 * True when an event covers more than one local day. An end at 00:00 closes the day before, and
 * one in the small hours after an evening start belongs to that evening (22:00–01:30 is one day).
 */
export function isMultiDay(start: Date, end: Date | undefined, zone: string): boolean {
  if (end === undefined || localDay(start, zone) === localDay(lastMomentOf(start, end, zone), zone)) return false;
  return !endsInTheNightAfter(start, end, zone);
}

/** "13 November 2023", "13. November 2023", "13 ноември 2023 г." — the day in `zone`. */
export function formatDate(date: Date, locale: string, zone: string): string {
  return dateFormat(locale, zone, DATE_STYLE, 'date').format(date);
}

/**
 * The day in `zone` as {@link formatDate} writes it, its month name replaced by `months[month - 1]`
 * (a declined form the language needs there, which Intl does not give).
 */
export function formatDateWithMonths(date: Date, locale: string, zone: string, months: readonly string[]): string {
  const month = months[localParts(date, zone).month - 1];
  return dateFormat(locale, zone, DATE_STYLE, 'date')
    .formatToParts(date)
    .map((part) => (part.type === 'month' && month ? month : part.value))
    .join('');
}

/** Date ranges already written (formatRange is slow and an event's range is written by each of its posts). */
const ranges = new Map<string, string>();

/**
 * "13–14 November 2023", "13.–14. November 2023", "13–14 ноември 2023 г.", "30 October – 2
 * November 2023": the days an event covers, in its zone. An event on one local day is one date,
 * and an end at exactly 00:00 belongs to the day before. ICU sets some day–day ranges with spaces
 * ("13 – 14"); between two bare day numbers the dash is closed up, as these languages write it.
 */
export function formatDateRange(start: Date, end: Date | undefined, locale: string, zone: string): string {
  if (!end || !isMultiDay(start, end, zone)) return formatDate(start, locale, zone);
  const key = `${locale}|${zone}|${start.getTime()}|${end.getTime()}`;
  let text = ranges.get(key);
  if (text === undefined) {
    text = dateFormat(locale, zone, DATE_STYLE, 'date')
      .formatRange(start, lastMomentOf(start, end, zone))
      .replace(/(?<=(?:^|\s)\d{1,2}\.?)\s+–\s+(?=\d{1,2}\.?(?:\s|$))/u, '–');
    if (ranges.size >= WALL_CLOCKS_KEPT) ranges.clear();
    ranges.set(key, text);
  }
  return text;
}

/** Patterns of the language data: {H} hour, {HH} two-digit hour, {mm} minutes. */
export interface TimePattern {
  time: string;
  timeOnTheHour?: string;
}

/** "09:30", "9:30 Uhr", "9.30 uur", "9 h 30", "plkst. 9.30": the time of day in `zone`, by the language's pattern. */
export function formatTime(date: Date, pattern: TimePattern, zone: string): string {
  const { hour, minute } = localParts(date, zone);
  const chosen = minute === 0 && pattern.timeOnTheHour ? pattern.timeOnTheHour : pattern.time;
  return chosen
    .replace('{HH}', String(hour).padStart(2, '0'))
    .replace('{H}', String(hour))
    .replace('{mm}', String(minute).padStart(2, '0'));
}

/** Same wall clock in both zones at `date`: they have the same offset then (Sofia and Athens, say). */
function sameClock(date: Date, zone: string, other: string): boolean {
  if (zone === other) return true;
  const a = localParts(date, zone);
  const b = localParts(date, other);
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;
}

const ZONE_NAME_STYLE: Intl.DateTimeFormatOptions = { timeZoneName: 'short' };

/**
 * The short name of `zone` at `date` as the locale writes it ("CEST", "MESZ", "UTC+2",
 * "Гринуич+2"), or null when readers in `readerZone` have the same clock then: a time read in
 * another zone (an online event in Brussels read in Athens) must say whose time it is.
 */
export function zoneLabel(date: Date, zone: string, readerZone: string, locale: string): string | null {
  if (sameClock(date, zone, readerZone)) return null;
  const parts = dateFormat(locale, zone, ZONE_NAME_STYLE, 'zone-name').formatToParts(date);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? zone;
}

/**
 * Whole calendar days from `now` to `date`, both seen in `zone`. Counting local days (not 24-hour
 * blocks) keeps "tomorrow" right across a daylight-saving change, when a day has 23 or 25 hours.
 */
export function calendarDaysBetween(now: Date, date: Date, zone: string): number {
  const from = localParts(now, zone);
  const to = localParts(date, zone);
  return Math.round(
    (Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / 86_400_000,
  );
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

/**
 * "Recap: Title"; "Recap – Title: subtitle" when the title has a colon of its own (never two
 * colons in a row); the title alone when it already starts with the label ("Recap: …" is not
 * labelled twice). The comparison ignores case, in the language's own rules.
 */
export function labelTitle(title: string, label: string, colon: string, locale: string): string {
  const text = title.trim();
  const head = text.slice(0, label.length);
  const next = text.charAt(label.length);
  if (
    label &&
    head.toLocaleLowerCase(locale) === label.toLocaleLowerCase(locale) &&
    (next === '' || !/[\p{L}\p{N}]/u.test(next))
  )
    return text;
  if (/[:：]/u.test(text)) return `${label} – ${text}`;
  return `${label}${colon}${text}`;
}
