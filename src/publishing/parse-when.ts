import { DateTime } from 'luxon';
import { InputError } from '../input-error.ts';
import { describeGap, describeRepeat, readWallClock } from '../planning/wall-clock.ts';

/** "2026-05-07 10:00" or "2026-05-07T10:00": a wall-clock time with no zone, read in the channel's zone. */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;

/** A time a person typed, as an instant, and what they should be told about how it was read. */
export interface When {
  at: Date;
  /** Set when the local time happens twice (the clocks go back): which of the two instants was taken. */
  note?: string;
}

/**
 * Reads a time a person typed: an ISO date-time with a zone or offset, or "YYYY-MM-DD HH:MM" in
 * `zone` (the channel's). A wall-clock time that does not exist (skipped by a daylight-saving
 * change) is refused rather than silently moved; one that happens twice (the hour the clocks go
 * back) is taken as the earlier instant, and the note says so and how to write the later one.
 */
export function readWhen(text: string, zone: string): When {
  const trimmed = text.trim();
  const local = LOCAL.exec(trimmed);
  if (local) {
    const [year, month, day, hour, minute] = local.slice(1).map(Number) as [number, number, number, number, number];
    if (!DateTime.fromObject({ year, month, day, hour, minute }, { zone: 'utc' }).isValid) {
      throw new InputError(`time "${text}": not a valid date and time`);
    }
    const reading = readWallClock({ year, month, day, hour, minute }, zone);
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
  const iso = DateTime.fromISO(trimmed, { setZone: true });
  if (!iso.isValid || !/([zZ]|[+-]\d{2}:?\d{2})$/.test(trimmed)) {
    throw new InputError(
      `time "${text}": expected an ISO date-time with a zone (2026-05-07T10:00:00+03:00) or "YYYY-MM-DD HH:MM" in the channel's zone (${zone})`,
    );
  }
  return { at: iso.toJSDate() };
}

/** {@link readWhen} without the note. */
export function parseWhen(text: string, zone: string): Date {
  return readWhen(text, zone).at;
}

/** A time as the channel's people read it: "2026-05-07 10:00 Europe/Athens". */
export function localTime(at: Date | string, zone: string): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  return `${DateTime.fromJSDate(date, { zone }).toFormat('yyyy-MM-dd HH:mm')} ${zone}`;
}
