import { DateTime } from 'luxon';
import type { ChannelSchedule } from './channel-schedule.ts';

/** How far ahead a free slot is searched before giving up (a year of quiet days or no weekdays). */
export const SEARCH_HORIZON_DAYS = 400;

/**
 * Two posts of different news items closer than this share a slot even when the minimum gap is 0:
 * a slot holds one news item, so "gap 0" means "adjacent slots are fine", not "stack them".
 */
export const SAME_SLOT_MS = 60_000;

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Options of {@link SlotCalendar.nextFreeSlot}. */
export interface FreeSlotOptions {
  /** Times already taken on the channel by other news items. Default: none. */
  busy?: readonly Date[];
  /** Only slots strictly before this instant count (e.g. an event's start). Default: no limit. */
  before?: Date;
}

/**
 * The posting slots of one channel, computed in the channel's time zone with luxon.
 *
 * Every slot is built from its local date and wall-clock time (never by adding hours to an
 * offset), so a 10:00 slot is 10:00 local on both sides of a daylight-saving change while its UTC
 * instant moves by an hour. A slot that falls into the hour skipped in spring (e.g. 03:30 in
 * Europe/Athens on the last Sunday of March) is moved forward by luxon to the first valid time.
 */
export class SlotCalendar {
  constructor(private readonly schedule: ChannelSchedule) {}

  /** The zone the calendar works in. */
  get zone(): string {
    return this.schedule.zone;
  }

  /** True when `at` falls on one of the channel's quiet days (read in the channel's zone). */
  isQuietDay(at: Date): boolean {
    return this.schedule.quietDays.has(this.localDate(at));
  }

  /** The local calendar date (YYYY-MM-DD) of `at` in the channel's zone. */
  localDate(at: Date): string {
    return DateTime.fromJSDate(at, { zone: this.schedule.zone }).toISODate()!;
  }

  /** Slot instants strictly after `after`, ascending, skipping quiet days, within the search horizon. */
  *slotsAfter(after: Date): Generator<Date> {
    const firstDay = DateTime.fromJSDate(after, { zone: this.schedule.zone }).startOf('day');
    for (let offset = 0; offset <= SEARCH_HORIZON_DAYS; offset++) {
      // plus({ days }) is calendar arithmetic in the zone: it lands on the next local midnight
      // even on a 23- or 25-hour day.
      const day = firstDay.plus({ days: offset });
      if (this.schedule.quietDays.has(day.toISODate()!)) continue;
      for (const slot of this.slotsOn(day)) {
        if (slot.getTime() > after.getTime()) yield slot;
      }
    }
  }

  /**
   * The first slot after `after` that no other news item occupies: a slot is taken when a busy time
   * lies closer to it than the minimum gap (or than {@link SAME_SLOT_MS} when the gap is 0).
   * Returns undefined when there is none within the horizon (or before `options.before`).
   */
  nextFreeSlot(after: Date, options: FreeSlotOptions = {}): Date | undefined {
    const busy = options.busy ?? [];
    const limit = options.before?.getTime() ?? Number.POSITIVE_INFINITY;
    for (const slot of this.slotsAfter(after)) {
      if (slot.getTime() >= limit) return undefined;
      if (this.isFree(slot, busy)) return slot;
    }
    return undefined;
  }

  /** The least distance between two posts of the channel, in ms (the minimum gap, at least a slot). */
  get gapMs(): number {
    return Math.max(this.schedule.minGapMinutes * 60_000, SAME_SLOT_MS);
  }

  /** True when no busy time lies within the minimum gap of `slot`. */
  isFree(slot: Date, busy: readonly Date[]): boolean {
    return busy.every((taken) => Math.abs(taken.getTime() - slot.getTime()) >= this.gapMs);
  }

  /** The slot instants on one local day, ascending and without duplicates. */
  private slotsOn(day: DateTime): Date[] {
    const weekday = WEEKDAYS[day.weekday - 1]!;
    const times = new Set<number>();
    for (const slot of this.schedule.slots) {
      if (!slot.days.includes(weekday)) continue;
      const [hour, minute] = slot.time.split(':').map(Number) as [number, number];
      const local = DateTime.fromObject(
        { year: day.year, month: day.month, day: day.day, hour, minute },
        { zone: this.schedule.zone },
      );
      if (local.isValid) times.add(local.toMillis());
    }
    return [...times].sort((a, b) => a - b).map((ms) => new Date(ms));
  }
}
