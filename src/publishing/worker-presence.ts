import type { RedisClient } from '../redis/redis-client.ts';
import type { RedisKeys } from '../redis/redis-keys.ts';

/** One worker process as it last said it was: where it runs, since when, and when it last spoke. */
export interface WorkerSighting {
  /** `worker:<host>:<pid>`, the actor its log entries name. */
  id: string;
  host: string;
  pid: number;
  /** secon-bot's version. */
  version: string;
  /** ISO date-time the worker started. */
  startedAt: string;
  /** ISO date-time of its last beat (its own clock). */
  seenAt: string;
  /** ISO date-time it stopped, when it stopped in good order (Ctrl-C, SIGTERM). */
  stoppedAt?: string;
}

/** What is known of the workers of this project. */
export interface WorkerRoll {
  /** Running: beat within the last {@link PRESENCE_TIMEOUT_MS}, not stopped; newest start first. */
  running: WorkerSighting[];
  /** The one seen last of those not running (stopped, or silent: killed, its machine gone); none if never seen. */
  lastGone?: WorkerSighting & { silent: boolean };
}

/** How often a running worker says it is there. */
export const PRESENCE_BEAT_MS = 15_000;
/**
 * A worker not heard from for this long is taken as gone: three beats, so one late beat (a slow
 * Redis, a long garbage collection) does not make a running worker look dead.
 */
export const PRESENCE_TIMEOUT_MS = 3 * PRESENCE_BEAT_MS;
/** Sightings older than this are dropped when the roll is read: a week of restarts, not a history. */
const SIGHTING_KEPT_MS = 7 * 24 * 3600_000;

/**
 * Which worker processes are running, for people and checks that must say "nothing will go out"
 * before it shows (the desk's Health page, `doctor`, `agenda`). Each worker beats into one hash
 * (`<p>:workers`, field = its id) every {@link PRESENCE_BEAT_MS}; a reader counts those heard from
 * lately. Times are the worker's own clock, read against the reader's: machines a few seconds
 * apart still agree well within the timeout.
 */
export class WorkerPresence {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** Says this worker is there (at start and every beat). */
  async beat(sighting: Omit<WorkerSighting, 'seenAt' | 'stoppedAt'>, now: Date): Promise<void> {
    const seen: WorkerSighting = { ...sighting, seenAt: now.toISOString() };
    await this.redis.hset(this.keys.workers, sighting.id, JSON.stringify(seen));
  }

  /** Says this worker stopped in good order: readers tell a stop from a crash. */
  async stopped(sighting: Omit<WorkerSighting, 'seenAt' | 'stoppedAt'>, now: Date): Promise<void> {
    const at = now.toISOString();
    const seen: WorkerSighting = { ...sighting, seenAt: at, stoppedAt: at };
    await this.redis.hset(this.keys.workers, sighting.id, JSON.stringify(seen));
  }

  /** The workers running at `now`, and the last one gone. Drops sightings older than a week. */
  async roll(now: Date): Promise<WorkerRoll> {
    const fields = await this.redis.hgetall(this.keys.workers);
    const sightings: WorkerSighting[] = [];
    const old: string[] = [];
    for (const [id, json] of Object.entries(fields)) {
      const sighting = parseSighting(json);
      if (!sighting || now.getTime() - Date.parse(sighting.seenAt) > SIGHTING_KEPT_MS) old.push(id);
      else sightings.push(sighting);
    }
    if (old.length) await this.redis.hdel(this.keys.workers, ...old);
    const running = sightings.filter((s) => isRunning(s, now)).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    const gone = sightings.filter((s) => !isRunning(s, now)).sort((a, b) => b.seenAt.localeCompare(a.seenAt))[0];
    return { running, ...(gone ? { lastGone: { ...gone, silent: !gone.stoppedAt } } : {}) };
  }
}

function isRunning(sighting: WorkerSighting, now: Date): boolean {
  return !sighting.stoppedAt && now.getTime() - Date.parse(sighting.seenAt) <= PRESENCE_TIMEOUT_MS;
}

/** A field as a worker wrote it, or undefined (another version's shape, a hand edit). */
function parseSighting(json: string): WorkerSighting | undefined {
  try {
    const value = JSON.parse(json) as Partial<WorkerSighting>;
    return typeof value.id === 'string' && typeof value.seenAt === 'string' && !Number.isNaN(Date.parse(value.seenAt))
      ? (value as WorkerSighting)
      : undefined;
  } catch {
    return undefined;
  }
}
