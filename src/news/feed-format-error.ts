/** The feed as a whole is unusable (not XML, not RSS/Atom). */
export class FeedFormatError extends Error {
  override readonly name = 'FeedFormatError';
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}
