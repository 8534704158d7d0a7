import { counted } from '../counted.ts';
import type { WorkerRoll, WorkerSighting } from './worker-presence.ts';

/** The worker roll in words, for the desk's Health page, `doctor` and `agenda`. */
export interface WorkerRollText {
  /** At least one worker is running. */
  ok: boolean;
  /** "2 workers running", or that none is and what that means for the posts. */
  summary: string;
  /** One line per running worker; with none running, the last one gone (if any was ever seen). */
  details: string[];
}

/** What starts one, said wherever none runs. */
export const START_A_WORKER = 'secon-bot worker';

/**
 * `time` formats an ISO date-time as the reader shows times (the desk in the project's zone, the CLI
 * the same); "heard 5 s ago" is counted from `now`.
 */
export function describeWorkerRoll(
  roll: WorkerRoll,
  now: Date,
  time: (iso: string) => string,
  /** How to start one, as the reader can: the command on the command line; the desk asks whoever runs it. */
  startHint = `\`${START_A_WORKER}\``,
): WorkerRollText {
  if (roll.running.length) {
    const count = roll.running.length;
    return {
      ok: true,
      summary: `${counted(count, 'worker', 'workers')} running`,
      details: roll.running.map(
        (w) => `${who(w)}: started ${time(w.startedAt)}, last heard ${secondsAgo(w.seenAt, now)}`,
      ),
    };
  }
  const summary = `No worker is running: nothing is published, and posts fall behind, until one starts (${startHint})`;
  const gone = roll.lastGone;
  if (!gone) return { ok: false, summary, details: ['No worker has run on this Redis and key prefix yet.'] };
  return {
    ok: false,
    summary,
    details: [
      gone.silent
        ? `The last one, ${who(gone)}, was last heard at ${time(gone.seenAt)} and did not stop in good order ` +
          '(killed, or it lost its machine or its Redis connection).'
        : `The last one, ${who(gone)}, stopped at ${time(gone.stoppedAt ?? gone.seenAt)}.`,
    ],
  };
}

/** "app-1, pid 17389 (secon-bot 0.9.0)". */
function who(w: WorkerSighting): string {
  return `${w.host}, pid ${w.pid} (secon-bot ${w.version})`;
}

/** "5 s ago"; "just now" for a beat within the second or from a clock slightly ahead. */
function secondsAgo(iso: string, now: Date): string {
  const seconds = Math.round((now.getTime() - Date.parse(iso)) / 1000);
  return seconds <= 0 ? 'just now' : `${seconds} s ago`;
}
