import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input-error.ts';
import { readWhen } from '../../src/publishing/parse-when.ts';

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
