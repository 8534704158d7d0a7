import { DateTime } from 'luxon';
import { InputError } from '../input-error.ts';
import { describeGap, describeRepeat, readWallClock } from '../planning/wall-clock.ts';

/** "2026-05-07 10:00" or "2026-05-07T10:00": a wall-clock time with no zone, read in the channel's zone. */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;
/** "+10m", "+2h", "+1d", "+90 min": that long from now. */
const FROM_NOW = /^\+\s*(\d+)\s*(m|min|mins|minutes?|h|hours?|d|days?)$/i;
/** "today 15:00", "tomorrow 09:00": a wall-clock time on a day relative to today, in the channel's zone. */
const DAY_TIME = /^(today|tomorrow)\s+(\d{1,2}):(\d{2})$/i;
const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440 };

/** A time a person typed, as an instant, and what they should be told about how it was read. */
export interface When {
  at: Date;
  /** Set when the local time happens twice (the clocks go back): which of the two instants was taken. */
  note?: string;
}

/**
 * Reads a time a person typed: `now`; `+10m`, `+2h`, `+1d` from now; `today 15:00` or
 * `tomorrow 09:00` in `zone` (the channel's); "YYYY-MM-DD HH:MM" in `zone`; or an ISO date-time
 * with a zone or offset. A wall-clock time that does not exist (skipped by a daylight-saving
 * change) is refused rather than silently moved; one that happens twice (the hour the clocks go
 * back) is taken as the earlier instant, and the note says so and how to write the later one.
 */
export function readWhen(text: string, zone: string, now: Date = new Date()): When {
  const trimmed = text.trim();
  if (/^now$/i.test(trimmed)) return { at: now };
  const fromNow = FROM_NOW.exec(trimmed);
  if (fromNow) {
    const minutes = Number(fromNow[1]) * UNIT_MINUTES[fromNow[2]![0]!.toLowerCase()]!;
    return { at: new Date(now.getTime() + minutes * 60_000) };
  }
  const dayTime = DAY_TIME.exec(trimmed);
  if (dayTime) {
    const day = DateTime.fromJSDate(now, { zone }).plus({ days: dayTime[1]!.toLowerCase() === 'tomorrow' ? 1 : 0 });
    const hour = Number(dayTime[2]);
    const minute = Number(dayTime[3]);
    if (hour > 23 || minute > 59) throw new InputError(`time "${text}": not a valid time of day`);
    return wallClock(text, { year: day.year, month: day.month, day: day.day, hour, minute }, zone);
  }
  const local = LOCAL.exec(trimmed);
  if (local) {
    const [year, month, day, hour, minute] = local.slice(1).map(Number) as [number, number, number, number, number];
    return wallClock(text, { year, month, day, hour, minute }, zone);
  }
  const iso = DateTime.fromISO(trimmed, { setZone: true });
  if (!iso.isValid || !/([zZ]|[+-]\d{2}:?\d{2})$/.test(trimmed)) {
    throw new InputError(
      `time "${text}": expected now, +10m, +2h, +1d, "today 15:00", "tomorrow 09:00", "YYYY-MM-DD HH:MM" in the channel's zone (${zone}), or an ISO date-time with a zone (2026-05-07T10:00:00+03:00)`,
    );
  }
  return { at: iso.toJSDate() };
}

/** {@link readWhen} without the note. */
export function parseWhen(text: string, zone: string, now: Date = new Date()): Date {
  return readWhen(text, zone, now).at;
}

/** A wall-clock time in `zone`: refused when the clock skips it, the earlier instant (with a note) when it repeats. */
function wallClock(
  text: string,
  clock: { year: number; month: number; day: number; hour: number; minute: number },
  zone: string,
): When {
  if (!DateTime.fromObject(clock, { zone: 'utc' }).isValid) {
    throw new InputError(`time "${text}": not a valid date and time`);
  }
  const reading = readWallClock(clock, zone);
  if (reading.kind === 'gap') {
    throw new InputError(`time "${text}" does not exist in ${zone}: ${describeGap(reading)}; choose another time`);
  }
  if (reading.kind === 'exact') return { at: reading.at.toJSDate() };
  const iso = (at: DateTime) => at.toISO({ suppressMilliseconds: true, suppressSeconds: true });
  return {
    at: reading.earlier.toJSDate(),
    note: `time "${text}" happens twice in ${zone} (${describeRepeat(reading)}): took the earlier, ${iso(reading.earlier)}; for the later one give ${iso(reading.later)}`,
  };
}

/** "2026-12-07 09:45 Europe/Athens": `at` in `zone`, written the way a person types a time back. */
export function localTime(at: Date | string, zone: string): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  return `${DateTime.fromJSDate(date, { zone }).toFormat('yyyy-MM-dd HH:mm')} ${zone}`;
}

/** "Mon 7 Dec 2026 09:45": `at` in `zone`, for notes a person reads in the log (the zone is said once, by the caller). */
export function readableTime(at: Date | string, zone: string): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  return DateTime.fromJSDate(date, { zone }).setLocale('en').toFormat('ccc d LLL yyyy HH:mm');
}
