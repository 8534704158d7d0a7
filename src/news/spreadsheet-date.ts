/**
 * A date or date-time as a spreadsheet in the partner regions writes it: day first, with dots,
 * "20.01.2027" or "20.01.2027 10:00" (Excel in German, Greek, Polish, Latvian, Romanian, Bulgarian…
 * settings turns an ISO cell into this when the file is saved). With dots it is never month first.
 */
const DOTTED = /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})\.?(?:[ T]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?(?![\d.:])/g;

const two = (n: string): string => n.padStart(2, '0');

/**
 * The cell with every day-first dotted date written as ISO 8601, a local time with no offset (read
 * in the event's zone, else the project's, as any time without an offset): "20.01.2027 10:00" →
 * "2027-01-20T10:00". A day or month out of range is left as written, so the refusal quotes it.
 */
export function isoFromSpreadsheet(cell: string): string {
  return cell.replace(
    DOTTED,
    (whole, day: string, month: string, year: string, hour?: string, minute?: string, second?: string) => {
      if (Number(day) < 1 || Number(day) > 31 || Number(month) < 1 || Number(month) > 12) return whole;
      const date = `${year}-${two(month)}-${two(day)}`;
      return hour === undefined ? date : `${date}T${two(hour)}:${minute}${second === undefined ? '' : `:${second}`}`;
    },
  );
}
