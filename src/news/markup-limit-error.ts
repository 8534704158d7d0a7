/**
 * Markup shaped as no person writes it — block quotes in block quotes a hundred deep, elements in
 * elements, a table of ten thousand rows — refused before the converters recurse through it and
 * run out of stack or time.
 */
export class MarkupLimitError extends Error {
  override readonly name = 'MarkupLimitError';
}
