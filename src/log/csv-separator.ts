import { InputError } from '../input-error.ts';

/**
 * What goes between the cells of a CSV export. A comma by the standard; a semicolon for Excel set
 * to a region that writes decimals with a comma (most of the partner countries), which otherwise
 * opens a comma file as one column; a tab for programs that take tab-separated text.
 */
export const CSV_SEPARATORS = { comma: ',', semicolon: ';', tab: '\t' } as const;

export type CsvSeparatorName = keyof typeof CSV_SEPARATORS;

export const CSV_SEPARATOR_NAMES = Object.keys(CSV_SEPARATORS) as CsvSeparatorName[];

/** The character for a separator's name (`comma` when none is given); an unknown name is refused. */
export function csvSeparator(name: unknown): string {
  if (name === undefined || name === '') return CSV_SEPARATORS.comma;
  if (typeof name === 'string' && Object.hasOwn(CSV_SEPARATORS, name)) return CSV_SEPARATORS[name as CsvSeparatorName];
  throw new InputError(`separator "${String(name)}": expected one of ${CSV_SEPARATOR_NAMES.join(', ')}`);
}
