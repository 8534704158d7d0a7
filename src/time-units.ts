import { counted } from './counted.ts';

/** Milliseconds in an hour. */
export const HOUR_MS = 3_600_000;
/** Milliseconds in a day (24 h of UTC time; a local day across a DST change is not this long). */
export const DAY_MS = 86_400_000;

/** 90 min → "90 minutes"; 60 s → "1 minute". */
export function minutesText(ms: number): string {
  return counted(Math.round(ms / 60_000), 'minute', 'minutes');
}
