import type { Platform } from '../config/config-schema.ts';

/** What publishing tells a person about. */
export const PUBLISHING_ALERT_KINDS = ['channel-paused', 'post-failed', 'post-missed', 'post-unconfirmed', 'credentials-failed'] as const;
export type PublishingAlertKind = (typeof PUBLISHING_ALERT_KINDS)[number];

export interface PublishingAlert {
  kind: PublishingAlertKind;
  /** One sentence a person can act on (secrets are scrubbed by the sender). */
  message: string;
  postId?: string;
  channel?: string;
  platform?: Platform;
  /** ISO time of the event. */
  at: string;
}

/**
 * Where publishing sends alerts. The composition root adapts the alert sender (log + webhook) to
 * this; publishing never fails because an alert could not be delivered.
 */
export interface AlertPort {
  send(alert: PublishingAlert): Promise<void>;
}
