import type { Alert } from '../alerts/alert.ts';

export type PublishingAlert = Alert;

/**
 * Where publishing sends alerts: the AlertSender (log + webhook) in production. Publishing never
 * fails because an alert could not be delivered.
 */
export interface AlertPort {
  send(alert: Alert): Promise<void>;
  /** Waits for deliveries still under way (graceful shutdown). Optional. */
  flush?(): Promise<void>;
}
