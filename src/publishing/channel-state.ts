import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from '../redis/redis-client.ts';
import type { RedisKeys } from '../redis/redis-keys.ts';

/** Why and since when a channel is paused. */
export interface ChannelPause {
  channel: string;
  reason: string;
  /** ISO time of the pause. */
  since: string;
  /** Who paused it: "cli:<user>", "web:<user>", "worker:auth", … */
  by: string;
}

/** Who lifted a channel's last pause and when, with the pause it lifted: what an audit asks. */
export interface ChannelResume {
  channel: string;
  /** Who resumed it: "cli:<user>", "web:<user>". */
  by: string;
  /** ISO time of the resume. */
  at: string;
  pause: ChannelPause;
}

/** One pause or resume of a channel, as its history keeps it. */
export interface ChannelEvent {
  channel: string;
  kind: 'paused' | 'resumed';
  /** Who paused or resumed it: "cli:<user>", "web:<user>", "worker:auth", … */
  by: string;
  /** ISO time. */
  at: string;
  /** Why it was paused (for a resume: the reason of the pause it lifted). */
  reason: string;
}

/** Pauses and resumes each channel's history keeps, newest first (older ones drop off). */
export const CHANNEL_EVENTS_KEPT = 100;

/**
 * The pause takes effect only if the channel is not paused already (the first cause matters most),
 * and only then is it added to the channel's history: both in one step, so no crash or second
 * pause leaves one without the other. Returns the pause in force.
 */
const PAUSE_LUA = `
if redis.call('HSETNX', KEYS[1], 'pause', ARGV[1]) == 1 then
  redis.call('LPUSH', KEYS[2], ARGV[2])
  redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]) - 1)
end
return redis.call('HGET', KEYS[1], 'pause')`;
const PAUSE_COMMAND = 'seconChannelPause';
type PauseScript = Record<typeof PAUSE_COMMAND, (...args: Array<string | number>) => Promise<string | null>>;

/**
 * Paused channels, under `<prefix>:channel:<id>`, and the history of their pauses and resumes
 * (`<prefix>:channel:<id>:events`). A paused channel's posts stay `scheduled` and their jobs wait;
 * nothing is dropped. Auth failures pause a channel automatically.
 */
export class ChannelState {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    if (typeof (redis as unknown as Record<string, unknown>)[PAUSE_COMMAND] !== 'function')
      redis.defineCommand(PAUSE_COMMAND, { numberOfKeys: 2, lua: PAUSE_LUA });
  }

  private key(channel: string): string {
    return this.keys.channel(channel);
  }

  /** Pauses the channel; a second pause keeps the first reason (the original cause matters most). */
  async pause(channel: string, reason: string, by: string, now = new Date()): Promise<ChannelPause> {
    const pause: ChannelPause = { channel, reason, since: now.toISOString(), by };
    const event: ChannelEvent = { channel, kind: 'paused', by, at: pause.since, reason };
    const current = await (this.redis as unknown as PauseScript)[PAUSE_COMMAND](
      this.key(channel),
      this.keys.channelEvents(channel),
      JSON.stringify(pause),
      JSON.stringify(event),
      CHANNEL_EVENTS_KEPT,
    );
    return current ? (JSON.parse(current) as ChannelPause) : pause;
  }

  /**
   * Returns the pause that was lifted, or null when the channel was not paused. The channel keeps
   * who lifted it and when ({@link lastResume}): a pause is recorded with its author, so is its end.
   */
  async resume(channel: string, by: string, now = new Date()): Promise<ChannelPause | null> {
    const pause = await this.get(channel);
    if (!pause) return null;
    const resumed: ChannelResume = { channel, by, at: now.toISOString(), pause };
    const event: ChannelEvent = { channel, kind: 'resumed', by, at: resumed.at, reason: pause.reason };
    await this.redis
      .multi()
      .hdel(this.key(channel), 'pause')
      .hset(this.key(channel), 'resumed', JSON.stringify(resumed))
      .lpush(this.keys.channelEvents(channel), JSON.stringify(event))
      .ltrim(this.keys.channelEvents(channel), 0, CHANNEL_EVENTS_KEPT - 1)
      .exec();
    return pause;
  }

  /**
   * The latest pauses and resumes of these channels, newest first, at most `limit`: who held a
   * channel, why, and who let it go again (the desk's Health page).
   */
  async history(channels: readonly string[], limit = CHANNEL_EVENTS_KEPT): Promise<ChannelEvent[]> {
    if (!channels.length) return [];
    const pipeline = this.redis.pipeline();
    for (const channel of channels) pipeline.lrange(this.keys.channelEvents(channel), 0, limit - 1);
    const events: ChannelEvent[] = [];
    for (const [error, reply] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      for (const json of reply as string[]) events.push(JSON.parse(json) as ChannelEvent);
    }
    return events.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
  }

  /** The channel's last resume, or null when it was never resumed. */
  async lastResume(channel: string): Promise<ChannelResume | null> {
    const raw = await this.redis.hget(this.key(channel), 'resumed');
    return raw ? (JSON.parse(raw) as ChannelResume) : null;
  }

  async get(channel: string): Promise<ChannelPause | null> {
    const raw = await this.redis.hget(this.key(channel), 'pause');
    return raw ? (JSON.parse(raw) as ChannelPause) : null;
  }

  /** Queues `get` on a pipeline (a publish attempt's first round trip); parse its reply with the result. */
  queueGet(pipeline: ChainableCommander, channel: string): (reply: unknown) => ChannelPause | null {
    pipeline.hget(this.key(channel), 'pause');
    return (reply) => (reply ? (JSON.parse(reply as string) as ChannelPause) : null);
  }

  /** Every paused channel among `channels`. */
  async paused(channels: readonly string[]): Promise<ChannelPause[]> {
    const all = await Promise.all(channels.map((c) => this.get(c)));
    return all.filter((p): p is ChannelPause => p !== null);
  }
}
