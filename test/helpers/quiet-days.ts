import { DateTime } from 'luxon';

/**
 * Today and tomorrow in `zone` (YYYY-MM-DD), for `planning.schedule.quietDays`. Posts then plan a
 * day or more ahead, so none comes due (and is published) while a test with a running worker
 * watches: without them a run crossing a posting slot (09:30, 11:00 on a weekday) publishes a post
 * the test expects to wait.
 */
export function quietDaysFromToday(zone = 'Europe/Athens'): string[] {
  const today = DateTime.now().setZone(zone);
  return [today, today.plus({ days: 1 })].map((day) => day.toISODate()!);
}
