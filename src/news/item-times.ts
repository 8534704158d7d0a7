import { DateTime, IANAZone } from 'luxon';
import { NOT_PUBLIC_YET } from '../planning/plan.ts';
import { describeGap, describeRepeat, formatOffset, readWallClock, type WallTime } from '../planning/wall-clock.ts';
import type { NewsItem } from './news-item.ts';

/**
 * Date-times of news items as people write them: with an offset (2027-05-06T09:30:00+02:00), or
 * as a local time (2027-05-06T09:30:00) read in the item's zone — event.timezone, else the
 * project's zone — and, for `published`, a bare date (2027-05-06, the start of that day).
 */

/** Date, then optionally a time (minutes, seconds, fraction) and an offset (Z or +02:00). */
const DATE_TIME_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([zZ]|[+-]\d{2}:\d{2})?)?$/;

/** A date-time text taken apart; `offset` is as written ("Z", "+02:00"), absent for a local time. */
export interface DateTimeText {
  wall: WallTime;
  hasTime: boolean;
  offset?: string;
}

/** The parts of a date-time text, or undefined when it is not one or not a real calendar date (30 February). */
export function parseDateTimeText(text: string): DateTimeText | undefined {
  const match = DATE_TIME_TEXT.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, offset] = match;
  const wall: WallTime = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    millisecond: fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0,
  };
  if (!isCalendarTime(wall)) return undefined;
  if (offset !== undefined && !/^[zZ]$/.test(offset) && !isValidOffset(offset)) return undefined;
  return { wall, hasTime: hour !== undefined, ...(offset !== undefined ? { offset } : {}) };
}

/** No 30 February, no 24:00, no minute 60: plain arithmetic, as this runs for every date of every item. */
function isCalendarTime(w: WallTime): boolean {
  const leap = (w.year % 4 === 0 && w.year % 100 !== 0) || w.year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][w.month - 1];
  return days !== undefined && w.day >= 1 && w.day <= days && w.hour <= 23 && w.minute <= 59 && (w.second ?? 0) <= 59;
}

function isValidOffset(offset: string): boolean {
  const minutes = offsetMinutes(offset);
  return Math.abs(minutes) <= 18 * 60 && Number(offset.slice(-2)) < 60;
}

/** "+02:00" / "Z" → minutes east of UTC. */
function offsetMinutes(offset: string): number {
  if (/^[zZ]$/.test(offset)) return 0;
  const minutes = Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6));
  return offset.startsWith('-') ? -minutes : minutes;
}

/** A problem with one time field (path as zod writes it), or a note about it (an ambiguous time). */
export interface TimeNote {
  path: Array<string | number>;
  message: string;
}

export interface ResolvedTimes {
  /** Refusals: a time the zone skips, an offset that contradicts the zone, an end before the start. */
  issues: TimeNote[];
  /** Said to the person, not refused: a local time that happens twice (the earlier was taken). */
  warnings: TimeNote[];
}

/**
 * Turns every local time of a (schema-valid) item into an instant with its offset, in place, and
 * checks the rest: a time the zone skips is refused, a time it passes twice takes the earlier
 * instant with a warning, an event time whose offset contradicts event.timezone is refused with
 * both shown, and an event may not end before it starts. Times already written with an offset
 * stay as written (an edit of nothing must not change the item's content hash).
 */
export function resolveItemTimes(item: NewsItem, defaultZone?: string): ResolvedTimes {
  const out: ResolvedTimes = { issues: [], warnings: [] };
  const event = item.event;
  const eventZone = event?.timezone;
  // The item's own zone: an event's, else the project's (for `published` and `schedule`).
  const itemZone = eventZone ?? defaultZone;
  const itemZoneName = eventZone ? 'event.timezone' : 'the project time zone (project.timezone)';

  const resolve = (path: Array<string | number>, text: string, zone: string | undefined, zoneName: string) => {
    const resolved = resolveTime(text, zone, zoneName, path[0] === 'event');
    for (const message of resolved.issues) out.issues.push({ path, message });
    for (const message of resolved.warnings) out.warnings.push({ path, message });
    return resolved.iso ?? text;
  };

  item.published = resolve(['published'], item.published, itemZone, itemZoneName);
  if (item.schedule) item.schedule = item.schedule.map((t, i) => resolve(['schedule', i], t, itemZone, itemZoneName));
  checkScheduleAfterPublished(item, out);
  if (event) {
    event.start = resolve(['event', 'start'], event.start, event.timezone, 'event.timezone');
    if (event.end !== undefined) event.end = resolve(['event', 'end'], event.end, event.timezone, 'event.timezone');
    const startsFine = !out.issues.some((i) => i.path[1] === 'start' || i.path[1] === 'end');
    if (startsFine && event.end !== undefined && Date.parse(event.end) < Date.parse(event.start)) {
      out.issues.push({
        path: ['event', 'end'],
        message: `the event ends (${event.end}) before it starts (${event.start}); expected end ≥ start`,
      });
    }
  }
  return out;
}

/**
 * A schedule time before `published` contradicts the file: the news is not public then (an
 * embargo), so the item is refused naming the entry rather than posted early or quietly moved.
 * Only entries that were read as instants are compared; the others already have their issue.
 */
function checkScheduleAfterPublished(item: NewsItem, out: ResolvedTimes): void {
  const published = Date.parse(item.published);
  if (Number.isNaN(published) || out.issues.some((issue) => issue.path[0] === 'published')) return;
  const unread = new Set(out.issues.filter((i) => i.path[0] === 'schedule').map((i) => i.path[1]));
  item.schedule?.forEach((time, index) => {
    if (!unread.has(index) && Date.parse(time) < published) {
      out.issues.push({
        path: ['schedule', index],
        message:
          `${time} is before the item is published (published: ${item.published}); expected a time at or after ` +
          `published: ${NOT_PUBLIC_YET}`,
      });
    }
  });
}

/**
 * One time: its instant as ISO text with an offset (the text itself when it had one), or why not.
 * `checkZone`: an explicit numeric offset must be the zone's offset at that instant.
 */
export function resolveTime(
  text: string,
  zone: string | undefined,
  zoneName: string,
  checkZone = false,
): { iso?: string; issues: string[]; warnings: string[] } {
  const parsed = parseDateTimeText(text);
  if (!parsed) return { issues: [], warnings: [] }; // the schema already said what is wrong
  const shown = text.trim();
  if (parsed.offset !== undefined) {
    const iso = shown.includes(' ') ? shown.replace(' ', 'T') : shown;
    // "Z" marks a UTC instant, not a claim about local time: tools write it, and it is never wrong.
    if (!checkZone || zone === undefined || /^[zZ]$/.test(parsed.offset)) return { iso, issues: [], warnings: [] };
    const written = offsetMinutes(parsed.offset);
    const instant = Date.parse(iso);
    const actual = IANAZone.create(zone).offset(instant);
    if (actual === written) return { iso, issues: [], warnings: [] };
    const local = DateTime.fromMillis(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
    return {
      issues: [
        `${shown} has the offset ${formatOffset(written)}, but ${zone} (${zoneName}) is at ` +
          `${formatOffset(actual)} then (${local}${formatOffset(actual)}); expected the offset ` +
          `${formatOffset(actual)}, or no offset to read the time in ${zone}`,
      ],
      warnings: [],
    };
  }
  if (zone === undefined) {
    return {
      issues: [`${shown} has no offset and no zone applies; expected an offset such as +02:00, or an event.timezone`],
      warnings: [],
    };
  }
  if (!parsed.hasTime) {
    const start = DateTime.fromObject(parsed.wall, { zone }).startOf('day');
    return { iso: isoOf(start), issues: [], warnings: [] };
  }
  const reading = readWallClock(parsed.wall, zone);
  if (reading.kind === 'exact') return { iso: isoOf(reading.at), issues: [], warnings: [] };
  if (reading.kind === 'gap') {
    return {
      issues: [
        `${shown} does not exist in ${zone} (${zoneName}): ${describeGap(reading)}; expected a time before ` +
          `${reading.fromLocal} or from ${reading.toLocal}, or an explicit offset`,
      ],
      warnings: [],
    };
  }
  const earlier = isoOf(reading.earlier);
  return {
    iso: earlier,
    issues: [],
    warnings: [
      `${shown} happens twice in ${zone} (${zoneName}): ${describeRepeat(reading)}; took the earlier, ${earlier} ` +
        `(write ${isoOf(reading.later)} for the later one)`,
    ],
  };
}

function isoOf(at: DateTime): string {
  return at.toISO({ suppressMilliseconds: true }) ?? at.toString();
}
