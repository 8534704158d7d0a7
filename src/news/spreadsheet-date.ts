/**
 * Dates and date-times as a spreadsheet in the partner regions writes them when a season plan is
 * saved as CSV: Excel turns an ISO cell into the short date of the computer's region.
 * - With dots, day first: "20.01.2027 10:00" (German, Polish, Romanian, Latvian "20.01.2027."),
 *   and Bulgarian "20.1.2027 г. 10:00 ч.". With dots it is never month first.
 * - With slashes, day first in every partner region that uses them ("20/01/2027" in Greek, Spanish,
 *   Portuguese, Belgian and British settings), but month first in the United States' ("1/20/2027").
 *   A file says which by a date that can only be read one way (a first number over 12: day first;
 *   a second over 12: month first); a file that shows neither is read day first, as in Europe.
 */
const TIME = String.raw`(?:[ T]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?: ?\u0447\.)?)?`;
const DOTTED = new RegExp(String.raw`(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\.| ?\u0433\.)?${TIME}(?![\d.:])`, 'g');
const SLASHED = new RegExp(String.raw`(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})${TIME}(?![\d/:])`, 'g');

/** How a file writes its slashed dates: day or month first, or both (then none of them is read). */
export type SlashOrder = 'day-first' | 'month-first' | 'mixed';

/** A date that can be read one way only, and where it is. */
export interface SlashWitness {
  date: string;
  line: number;
}

/** What a file's slashed dates show: the first that can only be day first, and month first. */
export interface SlashEvidence {
  dayFirst?: SlashWitness;
  monthFirst?: SlashWitness;
}

const two = (n: string): string => n.padStart(2, '0');

/** The evidence in these cells (each with its line) of the order the file's slashed dates have. */
export function slashEvidence(cells: Iterable<{ cell: string; line: number }>): SlashEvidence {
  const evidence: SlashEvidence = {};
  for (const { cell, line } of cells) {
    for (const [date, first, second] of cell.matchAll(SLASHED)) {
      // "20/20/2027" is no date either way: the refusal says so, it is no evidence of an order.
      if (Number(first) > 12 && Number(second) <= 12) evidence.dayFirst ??= { date: date.trim(), line };
      if (Number(second) > 12 && Number(first) <= 12) evidence.monthFirst ??= { date: date.trim(), line };
    }
  }
  return evidence;
}

/** The order the evidence allows: day first unless only month first is shown (see above). */
export function slashOrder(evidence: SlashEvidence): SlashOrder {
  if (evidence.dayFirst && evidence.monthFirst) return 'mixed';
  return evidence.monthFirst ? 'month-first' : 'day-first';
}

/** Whether a cell holds a slashed date (refused in a file that mixes both orders). */
export function hasSlashedDate(cell: string): boolean {
  return cell.search(SLASHED) >= 0;
}

/** "2027-01-20" or "2027-01-20T10:00" from the parts; undefined for a day or month out of range. */
function isoOf(day: string, month: string, year: string, hour?: string, minute?: string, second?: string) {
  if (Number(day) < 1 || Number(day) > 31 || Number(month) < 1 || Number(month) > 12) return undefined;
  const date = `${year}-${two(month)}-${two(day)}`;
  return hour === undefined ? date : `${date}T${two(hour)}:${minute}${second === undefined ? '' : `:${second}`}`;
}

/**
 * The cell with every spreadsheet date written as ISO 8601, a local time with no offset (read in
 * the event's zone, else the project's, as any time without an offset): "20.01.2027 10:00" →
 * "2027-01-20T10:00". Slashed dates are read in the file's `order`; in a file that mixes both
 * orders they are left as written. A day or month out of range is left as written too, so the
 * refusal quotes it.
 */
export function isoFromSpreadsheet(cell: string, order: SlashOrder = 'day-first'): string {
  const dotted = cell.replace(
    DOTTED,
    (whole, d: string, m: string, y: string, h?: string, min?: string, s?: string) => {
      return isoOf(d, m, y, h, min, s) ?? whole;
    },
  );
  if (order === 'mixed') return dotted;
  return dotted.replace(SLASHED, (whole, a: string, b: string, y: string, h?: string, min?: string, s?: string) => {
    const [d, m] = order === 'day-first' ? [a, b] : [b, a];
    return isoOf(d, m, y, h, min, s) ?? whole;
  });
}
