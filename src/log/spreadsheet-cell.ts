/**
 * A cell a spreadsheet program would run as a formula starts with one of these (OWASP's list for
 * CSV injection): "=", "+", "-", "@", a tab or a carriage return. A post's text or a platform's
 * error message is written by others, and "=HYPERLINK(…)" in it must stay text when a person
 * opens the export.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a formula-like text cell with "'" (OWASP's rule), so spreadsheets show it as text. Others pass. */
export function spreadsheetCell<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** Every text cell of a row made safe (see {@link spreadsheetCell}). */
export function spreadsheetRow<R extends object>(row: R): R {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = spreadsheetCell(value);
  return out as R;
}
