import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';

/** Where JSON text stops being JSON, and what is wrong there, in words. */
export interface JsonErrorPosition {
  line: number;
  column: number;
  /** e.g. "a comma is missing". */
  problem?: string;
}

const PROBLEMS: Partial<Record<string, string>> = {
  ValueExpected: 'a value is missing',
  CommaExpected: 'a comma is missing',
  ColonExpected: 'a colon is missing',
  PropertyNameExpected: 'a quoted field name is missing (or a comma too many)',
  CloseBraceExpected: 'a closing } is missing',
  CloseBracketExpected: 'a closing ] is missing',
  EndOfFileExpected: 'more text follows the end of the JSON value',
  InvalidSymbol: 'an unexpected character',
  InvalidCommentToken: 'a comment (JSON has none)',
  UnexpectedEndOfComment: 'a comment (JSON has none)',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is cut off',
  InvalidUnicode: 'a broken \\u escape',
  InvalidEscapeCharacter: 'a backslash escape JSON does not know',
  InvalidCharacter: 'a control character (such as a raw line break) inside a string',
  InvalidNumberFormat: 'a malformed number',
};

/**
 * The line and column of a JSON syntax error, and what is wrong there. The text is read again with
 * a parser that reports the offset and kind of the first error (only on this error path, never for
 * good files), so the message is the same on every Node version: JSON.parse's own message differs
 * between them (Node 20 often gives no position, newer ones a "(line L column C)" and other words).
 */
export function jsonErrorPosition(text: string, error: unknown): JsonErrorPosition | undefined {
  const errors: ParseError[] = [];
  try {
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // Deep nesting can exhaust that parser's stack: fall back to V8's position, if it gave one.
  }
  const first = errors[0];
  if (first) {
    const problem = PROBLEMS[printParseErrorCode(first.error)];
    return { ...lineAndColumn(text, first.offset), ...(problem ? { problem } : {}) };
  }
  const message = (error as Error).message;
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  return position ? lineAndColumn(text, Number(position[1])) : undefined;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}
