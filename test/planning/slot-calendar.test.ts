import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type ChannelSchedule, channelSchedule } from '../../src/planning/channel-schedule.ts';
import { SlotCalendar } from '../../src/planning/slot-calendar.ts';
import { planningConfig } from '../helpers/config.ts';

const EVERY_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

function calendar(partial: Partial<ChannelSchedule> & Pick<ChannelSchedule, 'zone' | 'slots'>): SlotCalendar {
  return new SlotCalendar({ minGapMinutes: 0, quietDays: new Set(), ...partial });
}

function local(at: Date | undefined, zone: string): string {
  if (!at) throw new Error('expected a slot');
  return DateTime.fromJSDate(at, { zone }).toFormat('ccc yyyy-MM-dd HH:mm ZZ');
}

function take<T>(iterable: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  for (const value of iterable) {
    out.push(value);
    if (out.length === n) break;
  }
  return out;
}

describe('SlotCalendar across daylight-saving changes', () => {
  it('keeps a 10:00 slot at 10:00 local when Athens springs forward (2026-03-29)', () => {
    const cal = calendar({ zone: 'Europe/Athens', slots: [{ days: [...EVERY_DAY], time: '10:00' }] });
    const slots = take(cal.slotsAfter(new Date('2026-03-27T12:00:00Z')), 3);
    expect(slots.map((s) => local(s, 'Europe/Athens'))).toEqual([
      'Sat 2026-03-28 10:00 +02:00',
      'Sun 2026-03-29 10:00 +03:00',
      'Mon 2026-03-30 10:00 +03:00',
    ]);
    // The UTC instant moves by an hour; a fixed 24 h step would have given 08:00Z every day.
    expect(slots.map((s) => s.toISOString())).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('keeps a 10:00 slot at 10:00 local when Sofia falls back (2026-10-25)', () => {
    const cal = calendar({ zone: 'Europe/Sofia', slots: [{ days: [...EVERY_DAY], time: '10:00' }] });
    const slots = take(cal.slotsAfter(new Date('2026-10-24T00:00:00Z')), 3);
    expect(slots.map((s) => s.toISOString())).toEqual([
      '2026-10-24T07:00:00.000Z',
      '2026-10-25T08:00:00.000Z',
      '2026-10-26T08:00:00.000Z',
    ]);
    expect(slots.every((s) => DateTime.fromJSDate(s, { zone: 'Europe/Sofia' }).hour === 10)).toBe(true);
  });

  it('finds the next free slot on the far side of the change, in local time', () => {
    // Friday 2026-03-27 16:00 Athens: the next weekday 10:00 is Monday, after the change.
    const cal = calendar({ zone: 'Europe/Athens', slots: [{ days: [...WEEKDAYS], time: '10:00' }] });
    const next = cal.nextFreeSlot(new Date('2026-03-27T14:00:00Z'));
    expect(local(next, 'Europe/Athens')).toBe('Mon 2026-03-30 10:00 +03:00');
  });

  it('moves a slot inside the skipped spring hour to the first valid time', () => {
    const cal = calendar({ zone: 'Europe/Athens', slots: [{ days: ['sun'], time: '03:30' }] });
    const next = cal.nextFreeSlot(new Date('2026-03-28T00:00:00Z'));
    expect(local(next, 'Europe/Athens')).toBe('Sun 2026-03-29 04:30 +03:00');
  });
});

describe('SlotCalendar next free slot', () => {
  const zone = 'Europe/Athens';
  const xLike = {
    zone,
    slots: [
      { days: [...WEEKDAYS], time: '10:00' },
      { days: [...WEEKDAYS], time: '15:00' },
    ],
    minGapMinutes: 120,
  };
  const at = (text: string): Date => DateTime.fromISO(text, { zone }).toJSDate();

  it('takes the first slot strictly after now', () => {
    const cal = calendar(xLike);
    expect(local(cal.nextFreeSlot(at('2026-05-05T09:59')), zone)).toBe('Tue 2026-05-05 10:00 +03:00');
    expect(local(cal.nextFreeSlot(at('2026-05-05T10:00')), zone)).toBe('Tue 2026-05-05 15:00 +03:00');
  });

  it('skips slots within the minimum gap of a busy time, and allows exactly the gap', () => {
    const cal = calendar(xLike);
    const now = at('2026-05-05T08:00');
    expect(local(cal.nextFreeSlot(now, { busy: [at('2026-05-05T10:30')] }), zone)).toBe('Tue 2026-05-05 15:00 +03:00');
    // A busy 14:00 is 4 h from the 10:00 slot: the earlier slot is free.
    expect(local(cal.nextFreeSlot(now, { busy: [at('2026-05-05T14:00')] }), zone)).toBe('Tue 2026-05-05 10:00 +03:00');
    // Busy at 11:00 and 14:00: 10:00 is 60 min from 11:00, 15:00 is 60 min from 14:00 → next day.
    expect(local(cal.nextFreeSlot(now, { busy: [at('2026-05-05T11:00'), at('2026-05-05T14:00')] }), zone)).toBe(
      'Wed 2026-05-06 10:00 +03:00',
    );
    // Exactly 120 min away is allowed.
    expect(local(cal.nextFreeSlot(now, { busy: [at('2026-05-05T08:00')] }), zone)).toBe('Tue 2026-05-05 10:00 +03:00');
  });

  it('with a gap of 0 a slot still holds one news item, but a post a minute later does not block it', () => {
    const cal = calendar({ ...xLike, minGapMinutes: 0 });
    const now = at('2026-05-05T08:00');
    expect(local(cal.nextFreeSlot(now, { busy: [at('2026-05-05T10:00')] }), zone)).toBe('Tue 2026-05-05 15:00 +03:00');
    expect(local(cal.nextFreeSlot(now, { busy: [at('2026-05-05T10:01')] }), zone)).toBe('Tue 2026-05-05 10:00 +03:00');
  });

  it('skips quiet days, read in the channel zone', () => {
    const cal = calendar({ ...xLike, quietDays: new Set(['2026-05-05', '2026-05-06']) });
    expect(local(cal.nextFreeSlot(at('2026-05-05T08:00')), zone)).toBe('Thu 2026-05-07 10:00 +03:00');
    expect(cal.isQuietDay(at('2026-05-05T23:30'))).toBe(true);
    expect(cal.isQuietDay(at('2026-05-04T23:30'))).toBe(false);
    // 00:30 on the 5th in Athens is still the 4th in UTC: the channel's date counts.
    expect(cal.isQuietDay(at('2026-05-05T00:30'))).toBe(true);
  });

  it('honours the weekday filter of each slot', () => {
    const linkedinLike = calendar({ zone, slots: [{ days: ['tue', 'wed', 'thu'], time: '09:30' }] });
    // Friday afternoon → next Tuesday.
    expect(local(linkedinLike.nextFreeSlot(at('2026-05-08T16:00')), zone)).toBe('Tue 2026-05-12 09:30 +03:00');
    const mixed = calendar({
      zone,
      slots: [
        { days: ['sat'], time: '12:00' },
        { days: ['mon'], time: '08:00' },
      ],
    });
    expect(local(mixed.nextFreeSlot(at('2026-05-08T16:00')), zone)).toBe('Sat 2026-05-09 12:00 +03:00');
    expect(local(mixed.nextFreeSlot(at('2026-05-09T12:00')), zone)).toBe('Mon 2026-05-11 08:00 +03:00');
  });

  it('returns nothing when no free slot lies before the limit', () => {
    const cal = calendar(xLike);
    const now = at('2026-05-05T08:00');
    expect(cal.nextFreeSlot(now, { before: at('2026-05-05T10:00') })).toBeUndefined();
    expect(local(cal.nextFreeSlot(now, { before: at('2026-05-05T10:01') }), zone)).toBe('Tue 2026-05-05 10:00 +03:00');
  });

  it('works in the channel zone, not the project zone', () => {
    const config = planningConfig((raw) => {
      raw.channels[0].timezone = 'Europe/Lisbon';
    });
    const cal = new SlotCalendar(channelSchedule(config, config.channels[0]!));
    expect(local(cal.nextFreeSlot(new Date('2026-05-05T05:00:00Z')), 'Europe/Lisbon')).toBe(
      'Tue 2026-05-05 10:00 +01:00',
    );
  });
});

describe('channelSchedule', () => {
  it('lets a channel override slots and gap and adds its quiet days to the project ones', () => {
    const config = planningConfig((raw) => {
      raw.planning.schedule.quietDays = ['2026-12-25'];
      raw.channels[2].schedule.quietDays = ['2026-05-01'];
    });
    const facebook = channelSchedule(config, config.channels[2]!);
    expect(facebook.slots).toEqual([{ days: [...WEEKDAYS], time: '11:00' }]);
    expect(facebook.minGapMinutes).toBe(30);
    expect([...facebook.quietDays].sort()).toEqual(['2026-05-01', '2026-12-25']);
    expect(facebook.zone).toBe('Europe/Athens');
    const linkedin = channelSchedule(config, config.channels[1]!);
    expect(linkedin.minGapMinutes).toBe(60); // from planning.schedule
    expect([...linkedin.quietDays]).toEqual(['2026-12-25']);
  });
});
