import { InputError } from '../input-error.ts';
import type { ImportResult } from './log-import.ts';

/**
 * An import with `skipBadLines` that left lines out: the rest is written (`result`), and the
 * error (an InputError: exit 2) names the lines left out.
 */
export class PartialImportError extends InputError {
  constructor(
    readonly result: ImportResult & { leftOut: number },
    message: string,
    details: string[],
  ) {
    super(message, details);
  }
}
