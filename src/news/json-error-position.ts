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
 * The line and column of a JSON syntax error. Newer Node versions put "(line L column C)" in
 * JSON.parse's message, Node 20 often gives no position at all: then the text is read again with
 * a parser that reports the offset of the first error (only on this error path, never for good files).
 */
export function jsonErrorPosition(text: string, error: unknown): JsonErrorPosition | undefined {
  const message = (error as Error).message;
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const errors: ParseError[] = [];
  try {
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // Deep nesting can exhaust that parser's stack: fall back to V8's position, if it gave one.
  }
  const first = errors[0];
  const position = /position (\d+)/.exec(message);
  const offset = first?.offset ?? (position ? Number(position[1]) : undefined);
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const problem = first ? PROBLEMS[printParseErrorCode(first.error)] : undefined;
  return { line, column, ...(problem ? { problem } : {}) };
}
