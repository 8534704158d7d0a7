import type { Config } from '../config/config-schema.ts';
import type { HistoryFilter, PostRecord, PublishingLog } from '../log/publishing-log.ts';
import { planOrder } from '../planning/plan-order.ts';
import { DAY_MS } from '../time-units.ts';

/** How far back failed posts are shown as waiting for a person (Approvals, `agenda`, `doctor`). */
export const RECENT_FAILURE_DAYS = 7;

/** Posts that wait for a person but are not on the agenda, oldest first. */
export interface NeedingAPerson {
  /** Failed in the last {@link RECENT_FAILURE_DAYS} days. */
  failed: PostRecord[];
  missed: PostRecord[];
  unconfirmed: PostRecord[];
}

/**
 * Posts that wait for a person but are not on the agenda: missed and unconfirmed ones, and the
 * ones that failed in the last {@link RECENT_FAILURE_DAYS} days (failed is where a post ends: a
 * person fixes the cause and retries, or leaves it, so only lately), oldest first.
 */
export async function needingAPerson(
  log: Pick<PublishingLog, 'query'>,
  config: Config,
  now: Date,
  filter: Pick<HistoryFilter, 'channel' | 'newsId'> = {},
): Promise<NeedingAPerson> {
  const [failed, stuck] = await Promise.all([
    log.query({
      ...filter,
      state: ['failed'],
      since: new Date(now.getTime() - RECENT_FAILURE_DAYS * DAY_MS).toISOString(),
    }),
    log.query({ ...filter, state: ['missed', 'unconfirmed'] }),
  ]);
  const order = planOrder(config, { timeFirst: true });
  stuck.sort(order);
  return {
    failed: failed.sort(order),
    missed: stuck.filter((r) => r.state === 'missed'),
    unconfirmed: stuck.filter((r) => r.state === 'unconfirmed'),
  };
}
