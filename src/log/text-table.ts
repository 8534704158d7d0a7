import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { cutAtWord } from '../cut-at-word.ts';

/** How one column behaves when the table is wider than the screen. */
export interface ColumnRule {
  /**
   * Never cut or wrap the cells (links: a cut link is a broken link). When the column does not
   * fit, its cell moves to a line of its own under the row. Default false.
   */
  whole?: boolean;
  /**
   * Wrap the cells onto more lines down to this width, at spaces: a longer word (a link inside a
   * text) stays whole and sticks out. Default: the column never wraps.
   */
  wrapTo?: number;
  /**
   * When the table does not fit even with every column wrapped as far as it may and the `whole`
   * ones moved, this column's cells move under their row too (a row's text, read after its facts).
   * Default false.
   */
  movesLast?: boolean;
}

/** Options for {@link renderTable}. */
export interface TableOptions {
  /** Spaces between columns. Default 2. */
  gap?: number;
  /** The screen's width in columns; the table fits it (see ColumnRule). Default: no limit. */
  width?: number;
  /** Per column, by index. Default: no column wraps or moves. */
  columns?: ReadonlyArray<ColumnRule | undefined>;
  /** Styles a cell after layout (e.g. colour); widths are measured without it. Default none. */
  style?: (column: number, text: string) => string;
}

/** What starts a moved cell's line under its row. */
const UNDER_MARK = '  ↳ ';

/** Width as a terminal shows it: wide characters (CJK, emoji) count two, colour codes nothing. */
export function displayLength(text: string): number {
  return stringWidth(text);
}

/**
 * A plain aligned table: a header, a rule, then the rows; the last column is not padded. Given a
 * width, it fits: wrapping columns wrap (the widest first, never below their `wrapTo`), and
 * `whole` columns that do not fit move under their row, so a link is never cut; `movesLast` ones
 * follow them when that is still not enough.
 */
export function renderTable(header: string[], rows: string[][], options: TableOptions = {}): string {
  const gap = ' '.repeat(options.gap ?? 2);
  const rules = header.map((_, i) => options.columns?.[i] ?? {});
  const natural = header.map((h, i) => Math.max(displayLength(h), ...rows.map((r) => displayLength(r[i] ?? ''))));
  const total = (widths: number[], shown: number[]) =>
    shown.reduce((sum, i) => sum + widths[i]!, 0) + gap.length * Math.max(0, shown.length - 1);

  let shown = header.map((_, i) => i);
  const widths = [...natural];
  const limit = options.width;
  // A wrapping column never gets narrower than its rule says, nor than its header.
  const narrowest = (i: number) =>
    rules[i]!.wrapTo === undefined
      ? natural[i]!
      : Math.min(natural[i]!, Math.max(rules[i]!.wrapTo!, displayLength(header[i]!)));
  if (limit !== undefined && total(widths, shown) > limit) {
    // Whole columns (links) move under their row only when wrapping the others cannot make room;
    // `movesLast` ones follow when that is still not enough.
    const narrowestWidths = header.map((_, i) => narrowest(i));
    for (const moves of ['whole', 'movesLast'] as const)
      if (total(narrowestWidths, shown) > limit) shown = shown.filter((i) => !rules[i]![moves]);
    // Then the widest wrapping column gives up one column of width at a time.
    while (total(widths, shown) > limit) {
      const candidates = shown.filter((i) => widths[i]! > narrowest(i));
      if (!candidates.length) break;
      const widest = candidates.reduce((a, b) => (widths[b]! > widths[a]! ? b : a));
      widths[widest]! -= 1;
    }
  }
  const under = header.map((_, i) => i).filter((i) => !shown.includes(i));
  const style = options.style ?? ((_: number, text: string) => text);

  const line = (cells: string[], styled: boolean): string[] => {
    const wrapped = shown.map((i) =>
      widths[i]! < natural[i]!
        ? wrapAnsi(cells[i] ?? '', widths[i]!, { hard: false, trim: true }).split('\n')
        : [cells[i] ?? ''],
    );
    const height = Math.max(...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let row = 0; row < height; row++) {
      out.push(
        shown
          .map((column, k) => {
            const text = wrapped[k]![row] ?? '';
            const shownText = styled ? style(column, text) : text;
            return k === shown.length - 1
              ? shownText
              : shownText + ' '.repeat(Math.max(0, widths[column]! - displayLength(text)));
          })
          .join(gap)
          .trimEnd(),
      );
    }
    // Moved columns: under the header their names, under each row its values, whole.
    for (const column of under) {
      const text = cells[column] ?? '';
      if (!text) continue;
      // A whole cell stays one line; another wraps to the screen, under its own start.
      const pieces =
        rules[column]!.whole || limit === undefined
          ? [text]
          : wrapAnsi(text, Math.max(1, limit - UNDER_MARK.length), { hard: false, trim: true }).split('\n');
      for (const [k, piece] of pieces.entries())
        out.push(`${k ? ' '.repeat(UNDER_MARK.length) : UNDER_MARK}${styled ? style(column, piece) : piece}`);
    }
    return out;
  };
  return [
    ...line(header, false),
    shown.map((i) => '-'.repeat(widths[i]!)).join(gap),
    ...rows.flatMap((r) => line(r, true)),
  ].join('\n');
}

/** One line of at most `max` characters: whitespace (newlines too) collapsed; cut at a word, with an ellipsis. */
export function shorten(text: string, max: number): string {
  return cutAtWord(text.replace(/\s+/g, ' ').trim(), max);
}
