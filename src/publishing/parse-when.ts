import { DateTime } from 'luxon';
import { InputError } from '../input-error.ts';

/** "2026-05-07 10:00" or "2026-05-07T10:00": a wall-clock time with no zone, read in the channel's zone. */
const LOCAL = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/;
/** "+10m", "+2h", "+1d", "+90 min": that long from now. */
const FROM_NOW = /^\+\s*(\d+)\s*(m|min|mins|minutes?|h|hours?|d|days?)$/i;
/** "today 15:00", "tomorrow 09:00": a wall-clock time on a day relative to today, in the channel's zone. */
const DAY_TIME = /^(today|tomorrow)\s+(\d{1,2}):(\d{2})$/i;
const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440 };

/**
 * Reads a time a person typed: `now`; `+10m`, `+2h`, `+1d` from now; `today 15:00` or
 * `tomorrow 09:00` in `zone` (the channel's); "YYYY-MM-DD HH:MM" in `zone`; or an ISO date-time
 * with a zone or offset. A wall-clock time that does not exist (skipped by a daylight-saving
 * change) is refused rather than silently moved.
 */
export function parseWhen(text: string, zone: string, now: Date = new Date()): Date {
  const trimmed = text.trim();
  if (/^now$/i.test(trimmed)) return now;
  const fromNow = FROM_NOW.exec(trimmed);
  if (fromNow)
    return new Date(now.getTime() + Number(fromNow[1]) * UNIT_MINUTES[fromNow[2]![0]!.toLowerCase()]! * 60_000);
  const dayTime = DAY_TIME.exec(trimmed);
  if (dayTime) {
    const day = DateTime.fromJSDate(now, { zone }).plus({ days: dayTime[1]!.toLowerCase() === 'tomorrow' ? 1 : 0 });
    return wallClock(text, day.toISODate()!, `${dayTime[2]!.padStart(2, '0')}:${dayTime[3]}`, zone);
  }
  const local = LOCAL.exec(trimmed);
  if (local) return wallClock(text, local[1]!, local[2]!, zone);
  const iso = DateTime.fromISO(trimmed, { setZone: true });
  if (!iso.isValid || !/([zZ]|[+-]\d{2}:?\d{2})$/.test(trimmed)) {
    throw new InputError(
      `time "${text}": expected now, +10m, +2h, +1d, "today 15:00", "tomorrow 09:00", "YYYY-MM-DD HH:MM" in the channel's zone (${zone}), or an ISO date-time with a zone (2026-05-07T10:00:00+03:00)`,
    );
  }
  return iso.toJSDate();
}

/** A date and a wall-clock time in `zone`; refused when the clock skips it (daylight saving) or it is no time at all. */
function wallClock(text: string, date: string, time: string, zone: string): Date {
  const at = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!at.isValid) throw new InputError(`time "${text}": ${at.invalidExplanation ?? 'not a valid date'}`);
  if (at.toFormat('yyyy-MM-dd HH:mm') !== `${date} ${time}`) {
    throw new InputError(
      `time "${text}" does not exist in ${zone} (a daylight-saving change skips it); choose another time`,
    );
  }
  return at.toJSDate();
}

/** A time as the channel's people read it: "2026-05-07 10:00 Europe/Athens". */
export function localTime(at: Date | string, zone: string): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  return `${DateTime.fromJSDate(date, { zone }).toFormat('yyyy-MM-dd HH:mm')} ${zone}`;
}
