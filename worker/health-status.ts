import { scrubSecrets } from '../src/config/secrets.ts';

/** The result of one health check. */
import { withTimeout } from '../src/net/with-timeout.ts';

export interface CheckResult {
  ok: boolean;
  /** Why it failed (or a short note when it passed), scrubbed of secrets. */
  detail?: string;
}

/** What /healthz reports: every named check. Healthy when all are ok. */
export interface HealthStatus {
  checks: Record<string, CheckResult>;
}

/** A check passes when it resolves; its rejection message is the failure's detail. */
export type HealthCheck = () => Promise<unknown>;

/** Default time one check may take before it counts as failed. */
export const DEFAULT_CHECK_TIMEOUT_MS = 2_000;

/**
 * Runs named checks in parallel, each with a timeout, and never rejects: a check that throws or
 * hangs (e.g. a Redis ping while Redis is down and the client queues commands) is a failed check.
 */
export async function runHealthChecks(
  checks: Record<string, HealthCheck>,
  timeoutMs = DEFAULT_CHECK_TIMEOUT_MS,
): Promise<HealthStatus> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
      try {
        await withTimeout(check(), timeoutMs);
        return [name, { ok: true }];
      } catch (error) {
        return [name, { ok: false, detail: scrubSecrets(error instanceof Error ? error.message : String(error)) }];
      }
    }),
  );
  return { checks: Object.fromEntries(entries) };
}

/** Names of the checks that failed. */
export function failingChecks(status: HealthStatus): string[] {
  return Object.entries(status.checks)
    .filter(([, result]) => !result.ok)
    .map(([name]) => name);
}

/** A check that Redis answers PING (any client with `ping()`, e.g. ioredis). */
export function redisPingCheck(redis: { ping(): Promise<string> }): HealthCheck {
  return async () => {
    const answer = await redis.ping();
    if (answer !== 'PONG') throw new Error(`Redis answered ${answer} to PING`);
  };
}
