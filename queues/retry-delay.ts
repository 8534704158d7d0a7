/** Jitter of the retry delay: each delay is drawn from [50 %, 100 %] of its nominal value. */
export const BACKOFF_JITTER = 0.5;

/**
 * How long a post waits after its attempt `attempt` (1-based) asked for a retry: `baseMs` doubled
 * per attempt made, less a random part of up to `jitter` of it, so that posts failing together do
 * not all come back at once. (BullMQ's exponential backoff, which counted these retries before.)
 */
export function retryDelayMs(attempt: number, baseMs: number, jitter = BACKOFF_JITTER, random = Math.random): number {
  const nominal = 2 ** (attempt - 1) * baseMs;
  return Math.floor(nominal * (1 - jitter * random()));
}
