import { DateTime } from 'luxon';
import { InputError } from '../input-error.ts';

/** "2026-05-07 10:00" or "2026-05-07T10:00": a wall-clock time with no zone, read in the channel's zone. */
const LOCAL = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/;

/**
 * Reads a time a person typed: an ISO date-time with a zone or offset, or "YYYY-MM-DD HH:MM" in
 * `zone` (the channel's). A wall-clock time that does not exist (skipped by a daylight-saving
 * change) is refused rather than silently moved.
 */
export function parseWhen(text: string, zone: string): Date {
  const trimmed = text.trim();
  const local = LOCAL.exec(trimmed);
  if (local) {
    const at = DateTime.fromISO(`${local[1]}T${local[2]}`, { zone });
    if (!at.isValid) throw new InputError(`time "${text}": ${at.invalidExplanation ?? 'not a valid date'}`);
    if (at.toFormat('yyyy-MM-dd HH:mm') !== `${local[1]} ${local[2]}`) {
      throw new InputError(
        `time "${text}" does not exist in ${zone} (a daylight-saving change skips it); choose another time`,
      );
    }
    return at.toJSDate();
  }
  const iso = DateTime.fromISO(trimmed, { setZone: true });
  if (!iso.isValid || !/([zZ]|[+-]\d{2}:?\d{2})$/.test(trimmed)) {
    throw new InputError(
      `time "${text}": expected an ISO date-time with a zone (2026-05-07T10:00:00+03:00) or "YYYY-MM-DD HH:MM" in the channel's zone (${zone})`,
    );
  }
  return iso.toJSDate();
}

/** A time as the channel's people read it: "2026-05-07 10:00 Europe/Athens". */
export function localTime(at: Date | string, zone: string): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  return `${DateTime.fromJSDate(date, { zone }).toFormat('yyyy-MM-dd HH:mm')} ${zone}`;
}
