import type { Alert, AlertPort } from '../alerts/alert.ts';
import type { Config } from '../config/config-schema.ts';
import { localTime } from '../log/history-format.ts';
import type { PostRecord, PublishingLog } from '../log/publishing-log.ts';
import { channelZoneById } from '../planning/channel-schedule.ts';
import { planOrder } from '../planning/plan-order.ts';
import { AWAITING_APPROVAL_STATES } from '../posts/post.ts';
import type { RedisClient } from '../redis/redis-client.ts';
import type { RedisKeys } from '../redis/redis-keys.ts';
import { HOUR_MS } from '../time-units.ts';

/** How long a post's reminder mark outlives the post's time and grace. */
const MARK_MARGIN_MS = 24 * HOUR_MS;

/** One reminder sent: the posts of one news item that wait for approval and are due soon. */
export interface ApprovalReminder {
  newsId: string;
  /** Its waiting posts that are due, the earliest first. */
  postIds: string[];
  /** The earliest planned time among them (ISO). */
  firstAt: string;
  /** The alert as sent. */
  alert: Alert;
}

/**
 * Reminds people of posts that wait for approval and are due soon. Such a post goes out only once
 * someone approves it; left waiting, it passes its time unnoticed unless someone opens the
 * Approvals page. A post is due from `alerts.approvalLeadHours` before its planned time until the
 * planning's grace after it (a later approval would find it missed). One alert per news item, so a
 * news item in a dozen languages is one message; each post is reminded of once per planned time
 * (a post moved to another time is reminded of again). Marks live under the post's own key and
 * expire a day after the post's time and grace.
 */
export class ApprovalReminders {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly publishingLog: Pick<PublishingLog, 'query'>,
    private readonly alerts: AlertPort,
    private readonly config: Config,
  ) {}

  /** Sends the reminders due at `now`; returns them (none when `alerts.approvalLeadHours` is 0). */
  async remind(now: Date = new Date()): Promise<ApprovalReminder[]> {
    const leadMs = this.config.alerts.approvalLeadHours * HOUR_MS;
    if (leadMs <= 0) return [];
    const graceMs = this.config.planning.graceHours * HOUR_MS;
    const waiting = await this.publishingLog.query({ state: [...AWAITING_APPROVAL_STATES], order: 'asc' });
    const due = waiting.filter((record) => {
      const at = Date.parse(record.plannedAt);
      return at >= now.getTime() - graceMs && at <= now.getTime() + leadMs;
    });
    // Marked before the alert is sent: of two workers ticking at once only one finds a post unmarked,
    // so a reminder goes out once (a webhook that fails is logged by the sender, not retried here).
    // A mark is kept until a day after the post's time and grace: by then a late approval finds it missed.
    const fresh = await this.markReminded(due, (record) => Date.parse(record.plannedAt) + graceMs + MARK_MARGIN_MS);
    const byNews = new Map<string, PostRecord[]>();
    for (const record of fresh) byNews.set(record.newsId, [...(byNews.get(record.newsId) ?? []), record]);
    const sent: ApprovalReminder[] = [];
    for (const [newsId, records] of byNews) {
      // Soonest first, as the Approvals page lists them: the alert names the first one's channel.
      records.sort(planOrder(this.config, { timeFirst: true }));
      const alert = this.alertFor(newsId, records, now);
      await this.alerts.send(alert);
      sent.push({ newsId, postIds: records.map((r) => r.postId), firstAt: records[0]!.plannedAt, alert });
    }
    return sent;
  }

  /**
   * Marks each post reminded of for its planned time and returns those not marked so before. One
   * round trip: SET … GET answers the mark it replaced. `expiresAt`: until when (Unix ms) a post's
   * mark is kept, by Redis's clock (PXAT).
   */
  private async markReminded(records: PostRecord[], expiresAt: (record: PostRecord) => number): Promise<PostRecord[]> {
    if (!records.length) return [];
    const pipeline = this.redis.pipeline();
    for (const record of records)
      pipeline.set(this.keys.approvalReminder(record.postId), record.plannedAt, 'PXAT', expiresAt(record), 'GET');
    const replies = (await pipeline.exec()) ?? [];
    return records.filter((record, i) => {
      const [error, previous] = replies[i] ?? [new Error('no reply to a reminder mark')];
      if (error) throw error;
      return previous !== record.plannedAt;
    });
  }

  private alertFor(newsId: string, records: PostRecord[], now: Date): Alert {
    const first = records[0]!;
    const zone = channelZoneById(this.config, first.channel);
    const when = Date.parse(first.plannedAt) >= now.getTime() ? 'goes out' : 'was due';
    const channels = new Set(records.map((r) => r.channel));
    const count = records.length === 1 ? 'A post' : `${records.length} posts`;
    return {
      kind: 'approval-due',
      ...(channels.size === 1 ? { channel: first.channel } : {}),
      ...(records.length === 1 ? { postId: first.postId } : {}),
      message:
        `${count} of news "${newsId}" wait${records.length === 1 ? 's' : ''} for approval; the first ${when} ` +
        `${localTime(first.plannedAt, zone)} (${zone}) on ${first.channel}. Nothing goes out until someone ` +
        `approves: \`secon-bot approve --news ${newsId}\` or the desk's Approvals page`,
      at: now.toISOString(),
    };
  }
}
