/** What went wrong, for a person to look at. */
export const ALERT_KINDS = [
  'channel-paused',
  'post-failed',
  'post-missed',
  'post-unconfirmed',
  'credentials-failed',
  /** Published, but Redis had lost the post's claim meanwhile (recorded as published at once). */
  'claim-lost',
  /** A second copy of a post is live on its platform. */
  'duplicate-live',
  /** The Redis server restarted; posts it may have lost claims of are checked before publishing. */
  'redis-restarted',
  /** A feed could not be read several polls in a row or for a while (src/news/feed-health.ts). */
  'feed-failing',
  /** A feed that raised `feed-failing` is read again. */
  'feed-recovered',
  /** Posts that wait for approval are due soon (or just passed their time): ApprovalReminders. */
  'approval-due',
  /** A platform API version in use is about to be retired, or is past it (the daily credentials check). */
  'api-version-retiring',
  /** Alerts held back by the rate cap, counted in one message. */
  'alerts-summary',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** One alert: to the log always, to the webhook when one is configured. */
export interface Alert {
  kind: AlertKind;
  channel?: string;
  postId?: string;
  /** What happened, in a sentence (scrubbed of secrets before it goes anywhere). */
  message: string;
  /** ISO date-time of the event. */
  at: string;
}

/**
 * Where alerts go: the AlertSender (log + webhook) in production. Publishing never fails because an
 * alert could not be delivered.
 */
export interface AlertPort {
  send(alert: Alert): Promise<void>;
  /** Waits for deliveries still under way (graceful shutdown). Optional. */
  flush?(): Promise<void>;
}

/** Kinds that need someone today (logged as errors); the others are warnings. */
export const ERROR_ALERTS: ReadonlySet<AlertKind> = new Set([
  'post-failed',
  'post-unconfirmed',
  'credentials-failed',
  'claim-lost',
  'duplicate-live',
]);

const TITLES: Record<AlertKind, string> = {
  'channel-paused': 'Channel paused',
  'post-failed': 'Post failed',
  'post-missed': 'Post missed',
  'post-unconfirmed': 'Post unconfirmed',
  'credentials-failed': 'Credentials failed',
  'claim-lost': 'Claim lost, post recorded as published',
  'duplicate-live': 'Second copy live',
  'redis-restarted': 'Redis restarted',
  'feed-failing': 'Feed failing',
  'feed-recovered': 'Feed recovered',
  'approval-due': 'Approval needed',
  'api-version-retiring': 'API version retiring',
  'alerts-summary': 'More alerts',
};

/**
 * One readable line, e.g. `secon-bot: Post failed — x-secon — post a.x-secon.en.news: rejected
 * (2026-05-07T07:00:00.000Z)`.
 */
export function alertLine(alert: Alert, source: string): string {
  const parts = [TITLES[alert.kind]];
  if (alert.channel) parts.push(alert.channel);
  if (alert.postId) parts.push(`post ${alert.postId}`);
  return `${source}: ${parts.join(' — ')}: ${alert.message} (${alert.at})`;
}
