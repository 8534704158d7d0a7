import { DateTime, IANAZone } from 'luxon';
import { DAY_MS } from '../time-units.ts';

/** A local date and time as people write it, with no zone or offset. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
  millisecond?: number;
}

/** The daylight-saving change next to a local time: when it happens and the offsets around it. */
export interface ClockChange {
  /** Local wall time of the change as the old offset reads it ("02:00" on a spring-forward night). */
  fromLocal: string;
  /** Local wall time of the change as the new offset reads it ("03:00"). */
  toLocal: string;
  offsetBefore: string;
  offsetAfter: string;
}

/**
 * What a local time means in a zone: one instant (`exact`), none because the clocks skip it
 * (`gap`, a spring-forward night), or two because the clocks pass it twice (`ambiguous`, a
 * fall-back night; `earlier` is the first of the two).
 */
export type WallClockReading =
  | { kind: 'exact'; at: DateTime }
  | ({ kind: 'gap' } & ClockChange)
  | ({ kind: 'ambiguous'; earlier: DateTime; later: DateTime } & ClockChange);

const MINUTE_MS = 60_000;

/**
 * Reads a wall time in an IANA zone without luxon's silent choices: luxon moves a skipped time
 * forward and picks one instant of a repeated hour without saying so; callers here must refuse
 * the first and tell people about the second.
 */
export function readWallClock(wall: WallTime, zone: string): WallClockReading {
  const iana = IANAZone.create(zone);
  // The wall time read as if it were UTC; the instant is this minus the zone's offset at it.
  const naive = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second ?? 0,
    wall.millisecond ?? 0,
  );
  const offsets = new Set([iana.offset(naive - DAY_MS), iana.offset(naive), iana.offset(naive + DAY_MS)]);
  const instants = [...offsets]
    .map((offset) => naive - offset * MINUTE_MS)
    .filter((at) => iana.offset(at) * MINUTE_MS === naive - at)
    .sort((a, b) => a - b);
  const at = (ms: number) => DateTime.fromMillis(ms, { zone });
  if (instants.length === 1) return { kind: 'exact', at: at(instants[0]!) };
  const change = clockChange(iana, naive);
  if (instants.length === 0) return { kind: 'gap', ...change };
  return { kind: 'ambiguous', earlier: at(instants[0]!), later: at(instants[instants.length - 1]!), ...change };
}

/** The offset change closest to a (naive) wall time: found by bisection over the two days around it. */
function clockChange(iana: IANAZone, naive: number): ClockChange {
  const before = iana.offset(naive - DAY_MS);
  const after = iana.offset(naive + DAY_MS);
  // Bisection over whole minutes: zone changes happen on a minute boundary.
  let low = Math.floor((naive - DAY_MS) / MINUTE_MS);
  let high = Math.ceil((naive + DAY_MS) / MINUTE_MS);
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    if (iana.offset(middle * MINUTE_MS) === before) low = middle;
    else high = middle;
  }
  const change = high * MINUTE_MS;
  return {
    fromLocal: hhmm(change + before * MINUTE_MS),
    toLocal: hhmm(change + after * MINUTE_MS),
    offsetBefore: formatOffset(before),
    offsetAfter: formatOffset(after),
  };
}

function hhmm(naiveMs: number): string {
  const d = new Date(naiveMs);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** Minutes east of UTC → "+02:00" / "-03:30". */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** What a person reads about a skipped time: "the clocks go forward from 02:00 to 03:00 (+01:00 → +02:00)". */
export function describeGap(change: ClockChange): string {
  return (
    `the clocks go forward from ${change.fromLocal} to ${change.toLocal} that day (${change.offsetBefore} → ` +
    `${change.offsetAfter})`
  );
}

/** "the clocks go back from 03:00 to 02:00 (+02:00 → +01:00)". */
export function describeRepeat(change: ClockChange): string {
  return (
    `the clocks go back from ${change.fromLocal} to ${change.toLocal} that day (${change.offsetBefore} → ` +
    `${change.offsetAfter})`
  );
}
