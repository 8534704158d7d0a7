/**
 * Whether a post may go out now. Pure: the publisher calls it when a delayed job fires, and again
 * after a crash or an outage, so the same rules hold however late the worker gets to the post.
 */

/** A job that fires this little before its planned time is published, not sent back to wait. */
export const EARLY_TOLERANCE_MS = 1_000;

export type PublishDecision =
  | { action: 'publish' }
  /** `untilMs`: epoch ms of the planned time; `delayMs`: how long from `now`. */
  | { action: 'wait'; untilMs: number; delayMs: number }
  | { action: 'missed'; reason: string };

/** How a reason writes an instant (epoch ms) for people; the default is ISO UTC. */
export type WriteTime = (ms: number) => string;

/** The times of a post that matter here (a PlannedPost fits). */
export interface PublishWindow {
  plannedAt: string | Date;
  /** Posts announcing an event: never after this instant. */
  notAfter?: string | Date;
}

/**
 * - the event has started (or the post is planned for after it started) → `missed`, whatever else;
 * - earlier than the planned time (beyond {@link EARLY_TOLERANCE_MS}) → `wait`;
 * - later than planned by more than `graceHours` (e.g. the bot was down) → `missed`, so a person
 *   decides instead of the bot posting stale news; a grace of 0 misses any lateness at all;
 * - otherwise → `publish`.
 * A `missed` reason becomes the log's note: `writeTime` lets the caller write its times in the
 * channel's local time (the decision itself stays pure and zone-free).
 */
export function publishDecision(
  post: PublishWindow,
  now: Date,
  graceHours: number,
  writeTime: WriteTime = iso,
): PublishDecision {
  const planned = toMs(post.plannedAt, 'plannedAt');
  const nowMs = now.getTime();
  if (post.notAfter !== undefined) {
    const notAfter = toMs(post.notAfter, 'notAfter');
    if (nowMs >= notAfter) return { action: 'missed', reason: `the event started at ${writeTime(notAfter)}` };
    if (planned >= notAfter) {
      return {
        action: 'missed',
        reason: `planned for ${writeTime(planned)}, not before the event starts at ${writeTime(notAfter)}`,
      };
    }
  }
  if (planned - nowMs > EARLY_TOLERANCE_MS) return { action: 'wait', untilMs: planned, delayMs: planned - nowMs };
  const lateMs = nowMs - planned;
  if (lateMs > graceHours * 3_600_000) {
    return {
      action: 'missed',
      reason: `overdue by ${duration(lateMs)} (planned ${writeTime(planned)}), more than the grace of ${graceHours} h`,
    };
  }
  return { action: 'publish' };
}

function toMs(value: string | Date, field: string): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) throw new TypeError(`publishDecision: ${field} is not a valid date-time: ${String(value)}`);
  return ms;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** "2 h 5 min", "45 min", "30 s": lateness as people say it. */
export function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `${Math.round(ms / 1000)} s`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${minutes} min`;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
