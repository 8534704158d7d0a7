/**
 * Thrown from inside a platform call (between two thread parts) when this attempt no longer holds
 * the post's lease: another attempt may be taking over, so nothing more is sent and nothing is
 * recorded beyond the parts already stored; the next attempt reconciles with the platform.
 */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';

  constructor(readonly postId: string) {
    super(`lost the lease of ${postId} during the platform call; the next attempt reconciles`);
  }
}
