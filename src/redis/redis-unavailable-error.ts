/** Redis unreachable at start-up: the CLI exits 1 with this message. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}
