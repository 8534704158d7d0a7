import type { Config } from '../config/config-schema.ts';
import { type ApiVersionAge, describeAge, versionsInUse } from '../platforms/api-versions.ts';
import type { RedisClient } from '../redis/redis-client.ts';
import type { RedisKeys } from '../redis/redis-keys.ts';
import { DAY_MS } from '../time-units.ts';
import type { Alert, AlertPort } from './alert.ts';

/** How long one alert of a retiring version holds the next back: the check runs daily. */
const REPEAT_MS = 7 * DAY_MS;

/**
 * Alerts, from the worker's daily credentials check, when a platform API version in use is near the
 * end of its support or past it: a retired LinkedIn version refuses every post (426), so the people
 * who keep the configuration hear of it months ahead rather than from failed posts. One alert per
 * platform and version a week: the mark is set (SET NX) before the alert, so of several workers
 * only one sends it, and a newer version configured is alerted of afresh when its time comes.
 */
export class RetiringVersionAlerts {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly alerts: AlertPort,
    private readonly config: Config,
  ) {}

  /** Sends the alerts due at `now`; returns them. */
  async check(now: Date = new Date()): Promise<Alert[]> {
    const sent: Alert[] = [];
    for (const age of versionsInUse(this.config, now).filter((a) => a.warn)) {
      const key = this.keys.apiVersionAlert(age.platform, age.version);
      if (!(await this.redis.set(key, now.toISOString(), 'PX', REPEAT_MS, 'NX'))) continue;
      const alert: Alert = { kind: 'api-version-retiring', message: retiringMessage(age), at: now.toISOString() };
      await this.alerts.send(alert);
      sent.push(alert);
    }
    return sent;
  }
}

/** "LinkedIn API version 202602 (10 months old, retired around 2027-02): … (platforms.linkedin.version)". */
export function retiringMessage(age: ApiVersionAge): string {
  const name = age.platform === 'linkedin' ? 'LinkedIn' : 'Graph';
  const known = describeAge(age);
  return `${name} API version ${age.version}${known ? ` (${known})` : ''}: ${age.note} (${age.setting})`;
}
