/** How to get a Redis that can confirm fsyncs, for messages and the README. */
export const DURABLE_REDIS_FIX =
  'Run Redis 7.2 or later, or Valkey (Debian: `apt-get install -t bookworm-backports valkey-server`), with `appendonly yes` and `appendfsync always` (or everysec, which survives a crash of Redis but, before Redis 8.0 and on Valkey, not a power cut)';

/** What a Redis crash can do to a claim that is not durable, for the refusal, the flag's help and the warning. */
export const UNDURABLE_RISK =
  'if Redis crashes, it can lose its last second of writes, among them the claim of a post that has just gone out; the post then looks unpublished and may be published a second time (reconciliation after the restart catches most of these, but not a post whose platform call was still in flight)';

/**
 * The worker will not start on a Redis that cannot confirm that a publish claim is on disk
 * before the platform is called, unless `--allow-undurable-claims` accepts the risk.
 */
export class UndurableClaimsError extends Error {
  constructor(server: string, reason: string) {
    super(
      `${server} cannot make a publish claim durable before the platform is called: ${reason}. Without that, ${UNDURABLE_RISK}. ${DURABLE_REDIS_FIX}; or start the worker with --allow-undurable-claims to accept the risk.`,
    );
    this.name = 'UndurableClaimsError';
  }
}
