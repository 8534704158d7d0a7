import { displayPath } from '../display-path.ts';

/**
 * A template that cannot be used: a syntax error, an unknown variable or filter (a typo), a missing
 * template, or a post that cannot be made to fit its platform. Names the file, the line when known,
 * and the reason, so a typo never turns into an empty string in a live post.
 */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';

  constructor(
    /** The template file (as given; shown relative to the working directory). */
    readonly file: string,
    /** 1-based line in the template, when the problem has one. */
    readonly line: number | undefined,
    /** What is wrong, in words a template author can act on. */
    readonly reason: string,
    options: { column?: number; cause?: unknown } = {},
  ) {
    super(
      `${displayPath(file)}` +
        `${line === undefined ? '' : `:${line}${options.column === undefined ? '' : `:${options.column}`}`}: ` +
        `${reason}`,
      { cause: options.cause },
    );
  }
}
