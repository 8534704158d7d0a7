/** Options for {@link renderTable}. */
export interface TableOptions {
  /** Spaces between columns. Default 2. */
  gap?: number;
}

/** Length in characters as a person counts them (code points, not UTF-16 units). */
export function displayLength(text: string): number {
  return Array.from(text).length;
}

/** Pads to `width` characters. */
function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayLength(text)));
}

/** A plain aligned table: a header, a rule, then the rows; the last column is not padded. */
export function renderTable(header: string[], rows: string[][], options: TableOptions = {}): string {
  const gap = ' '.repeat(options.gap ?? 2);
  const widths = header.map((h, i) => Math.max(displayLength(h), ...rows.map((r) => displayLength(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!)))
      .join(gap)
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** One line of at most `max` characters: whitespace (newlines too) collapsed, an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= max
    ? flat
    : `${chars
        .slice(0, Math.max(0, max - 1))
        .join('')
        .trimEnd()}…`;
}
