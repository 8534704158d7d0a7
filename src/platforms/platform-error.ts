/**
 * The few kinds every platform failure maps to; each kind decides one behaviour
 * (see docs/platform-contracts.md#error-kinds-and-what-the-bot-does):
 * - transient: retry with exponential backoff and jitter
 * - rate-limited: wait until `retryAt`, then retry; the channel's other posts wait too
 * - auth: no retry; pause the channel, alert
 * - duplicate: no retry; reconcile (was it ours?), else failed
 * - rejected: no retry; failed with the platform's message
 * - unknown-outcome: the request may have landed; reconcile before anything else, never repost blindly
 */
export const ERROR_KINDS = ['transient', 'rate-limited', 'auth', 'duplicate', 'rejected', 'unknown-outcome'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export class PlatformError extends Error {
  override readonly name = 'PlatformError';

  constructor(
    readonly kind: ErrorKind,
    /** The platform's own message, shown to the user as it is (secrets scrubbed). */
    message: string,
    readonly details: {
      status?: number;
      /** Platform error code (FB `error.code`, LinkedIn `serviceErrorCode`, …). */
      code?: string | number;
      /** When a rate-limited request may be retried. */
      retryAt?: Date;
      /** Thread parts already posted before the failure (X), so a retry resumes after them. */
      postedParts?: string[];
    } = {},
  ) {
    super(message);
  }
}
