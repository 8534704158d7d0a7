/**
 * Bad usage or invalid input: the CLI prints the message and exits with code 2.
 * The message says what was wrong and where (file, line, key path or field).
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(details.length ? `${message}\n${details.map((d) => `  - ${d}`).join('\n')}` : message);
  }
}
