import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input-error.ts';
import { parseWhen, readWhen } from '../../src/publishing/parse-when.ts';

/** `reschedule <post-id> <time>`: a local time in the channel's zone, read with its daylight-saving rules. */
describe('readWhen (reschedule times)', () => {
  it('a local time that happens twice takes the earlier instant and says which, and how to get the other', () => {
    const when = readWhen('2027-10-31 02:30', 'Europe/Berlin');
    expect(when.at.toISOString()).toBe('2027-10-31T00:30:00.000Z');
    expect(when.note).toContain('time "2027-10-31 02:30" happens twice in Europe/Berlin');
    expect(when.note).toContain('the clocks go back from 03:00 to 02:00');
    expect(when.note).toContain('took the earlier, 2027-10-31T02:30+02:00');
    expect(when.note).toContain('for the later one give 2027-10-31T02:30+01:00');
    // The other instant, written with its offset, is taken as written and needs no note.
    const later = readWhen('2027-10-31T02:30+01:00', 'Europe/Berlin');
    expect(later).toEqual({ at: new Date('2027-10-31T01:30:00.000Z') });
  });

  it('an ordinary local time has one instant and no note', () => {
    expect(readWhen('2027-05-06 09:30', 'Europe/Athens')).toEqual({ at: new Date('2027-05-06T06:30:00.000Z') });
  });

  it('a skipped local time is refused, saying what the clocks do', () => {
    expect(() => readWhen('2027-03-28 02:30', 'Europe/Berlin')).toThrow(InputError);
    expect(() => readWhen('2027-03-28 02:30', 'Europe/Berlin')).toThrow(
      /does not exist in Europe\/Berlin: the clocks go forward from 02:00 to 03:00/,
    );
  });

  it('a date that is no date is refused', () => {
    expect(() => readWhen('2027-02-30 10:00', 'Europe/Berlin')).toThrow(/not a valid date/);
  });
});

/** 2024-03-30 22:30 UTC: Sunday 00:30 in Athens (EET, +02:00); the clocks go forward at 03:00 that night. */
const NOW = new Date('2024-03-30T22:30:00Z');
const ZONE = 'Europe/Athens';

describe('parseWhen: the times a person types for reschedule', () => {
  it('now, and +N minutes, hours or days from now', () => {
    expect(parseWhen('now', ZONE, NOW)).toEqual(NOW);
    expect(parseWhen('+10m', ZONE, NOW).toISOString()).toBe('2024-03-30T22:40:00.000Z');
    expect(parseWhen('+ 2h', ZONE, NOW).toISOString()).toBe('2024-03-31T00:30:00.000Z');
    expect(parseWhen('+1d', ZONE, NOW).toISOString()).toBe('2024-03-31T22:30:00.000Z');
    expect(parseWhen('+90 min', ZONE, NOW).toISOString()).toBe('2024-03-31T00:00:00.000Z');
  });

  it("today and tomorrow at a time are the channel's days, in its zone (across a daylight-saving change)", () => {
    // In Athens it is already the 31st; tomorrow is 1 April, in summer time (+03:00).
    expect(parseWhen('today 15:00', ZONE, NOW).toISOString()).toBe('2024-03-31T12:00:00.000Z');
    expect(parseWhen('tomorrow 09:00', ZONE, NOW).toISOString()).toBe('2024-04-01T06:00:00.000Z');
    expect(parseWhen('Tomorrow 9:00', ZONE, NOW).toISOString()).toBe('2024-04-01T06:00:00.000Z');
    expect(parseWhen('today 09:00', 'Europe/Lisbon', NOW).toISOString()).toBe('2024-03-30T09:00:00.000Z');
  });

  it('refuses a wall-clock time the clocks skip, and anything else it cannot read, saying what it takes', () => {
    expect(() => parseWhen('today 03:30', ZONE, NOW)).toThrow(/does not exist in Europe\/Athens/);
    for (const text of ['soon', '+10x', 'tomorrow', 'next week 10:00'])
      expect(() => parseWhen(text, ZONE, NOW), text).toThrow(InputError);
    expect(() => parseWhen('soon', ZONE, NOW)).toThrow(/now, \+10m, \+2h, \+1d, "today 15:00", "tomorrow 09:00"/);
  });

  it('still reads "YYYY-MM-DD HH:MM" in the zone and ISO with an offset', () => {
    expect(parseWhen('2024-05-07 10:00', ZONE, NOW).toISOString()).toBe('2024-05-07T07:00:00.000Z');
    expect(parseWhen('2024-05-07T10:00:00+02:00', ZONE, NOW).toISOString()).toBe('2024-05-07T08:00:00.000Z');
  });
});
