/** Why a remote fetch did not produce a response. */
export type FetchErrorKind = 'bad-url' | 'private-address' | 'timeout' | 'too-large' | 'too-many-redirects' | 'network';

/**
 * A remote fetch (feed, image) that failed before a usable response: the message names the URL and
 * what was expected, so it can be shown as is in a rejection or a log line.
 */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    readonly kind: FetchErrorKind,
    readonly url: string,
    /** What went wrong, without the URL (for messages that name the URL already). */
    readonly reason: string,
  ) {
    super(`${url}: ${reason}`);
  }
}
