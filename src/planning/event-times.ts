import { DateTime } from 'luxon';
import type { NewsEvent } from '../news/news-item.ts';

/**
 * A wall-clock time on a day relative to the event's local date, in the EVENT's zone: "1 day
 * before at 09:00" means 09:00 where the event happens, whatever zone the channel posts in.
 * Built from the local date and time (not by subtracting 24 h), so it holds across DST changes.
 */
export function eventLocalTime(event: NewsEvent, daysBefore: number, time: string): Date {
  const start = DateTime.fromISO(event.start, { setZone: true }).setZone(event.timezone);
  const day = start.startOf('day').minus({ days: daysBefore });
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour, minute },
    { zone: event.timezone },
  ).toJSDate();
}

/** The event's start as an instant. */
export function eventStart(event: NewsEvent): Date {
  return new Date(event.start);
}

/** The event's start written in its own zone, for messages people read ("2023-11-13 09:00 Europe/Sofia"). */
export function formatLocal(at: Date, zone: string): string {
  return `${DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM-dd HH:mm')} ${zone}`;
}
