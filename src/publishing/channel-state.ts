import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from '../redis/redis-client.ts';
import type { RedisKeys } from '../redis/redis-keys.ts';
import { defineScripts } from '../redis/redis-scripts.ts';

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
/**
 * The resume, likewise in one step: the pause comes off, the channel keeps who lifted it (with the
 * pause, `resumed`) and its history gains the event, only if it was paused. Two resumes at once
 * lift one pause: the other finds none. ARGV 1 and 2 are `resumed` and the event as JSON objects
 * without their closing brace: the pause they name is only known here. Returns the lifted pause.
 */
const RESUME_LUA = `
local pause = redis.call('HGET', KEYS[1], 'pause')
if not pause then return false end
redis.call('HDEL', KEYS[1], 'pause')
redis.call('HSET', KEYS[1], 'resumed', ARGV[1] .. ',"pause":' .. pause .. '}')
redis.call('LPUSH', KEYS[2], ARGV[2] .. ',"reason":' .. cjson.encode(cjson.decode(pause).reason) .. '}')
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]) - 1)
return pause`;
const PAUSE_COMMAND = 'seconChannelPause';
const RESUME_COMMAND = 'seconChannelResume';
type ChannelScripts = Record<
  typeof PAUSE_COMMAND | typeof RESUME_COMMAND,
  (...args: Array<string | number>) => Promise<string | null>
>;

/** A JSON object without its closing brace, for the resume script to complete. */
function openJson(value: object): string {
  return JSON.stringify(value).slice(0, -1);
}

/**
 * Paused channels, under `<prefix>:channel:<id>`, and the history of their pauses and resumes
 * (`<prefix>:channel:<id>:events`). A paused channel's posts stay `scheduled` and their jobs wait;
 * nothing is dropped. Auth failures pause a channel automatically.
 */
export class ChannelState {
  private readonly scripts: ChannelScripts;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    this.scripts = defineScripts<ChannelScripts>(redis, {
      [PAUSE_COMMAND]: { numberOfKeys: 2, lua: PAUSE_LUA },
      [RESUME_COMMAND]: { numberOfKeys: 2, lua: RESUME_LUA },
    });
  }

  private key(channel: string): string {
    return this.keys.channel(channel);
  }

  /**
   * Pauses the channel; a second pause keeps the first reason (the original cause matters most).
   * Returns the pause that stands, and `already`: true when it is an earlier one, this one not taken.
   */
  async pause(
    channel: string,
    reason: string,
    by: string,
    now = new Date(),
  ): Promise<{ pause: ChannelPause; already: boolean }> {
    const pause: ChannelPause = { channel, reason, since: now.toISOString(), by };
    const event: ChannelEvent = { channel, kind: 'paused', by, at: pause.since, reason };
    const asked = JSON.stringify(pause);
    const current = await this.scripts[PAUSE_COMMAND](
      this.key(channel),
      this.keys.channelEvents(channel),
      asked,
      JSON.stringify(event),
      CHANNEL_EVENTS_KEPT,
    );
    // The script answers with the stored pause: this one, byte for byte, when it was taken.
    return current && current !== asked
      ? { pause: JSON.parse(current) as ChannelPause, already: true }
      : { pause, already: false };
  }

  /**
   * Returns the pause that was lifted, or null when the channel was not paused. The channel keeps
   * who lifted it and when ({@link lastResume}): a pause is recorded with its author, so is its end.
   */
  async resume(channel: string, by: string, now = new Date()): Promise<ChannelPause | null> {
    const at = now.toISOString();
    const lifted = await this.scripts[RESUME_COMMAND](
      this.key(channel),
      this.keys.channelEvents(channel),
      openJson({ channel, by, at } satisfies Omit<ChannelResume, 'pause'>),
      openJson({ channel, kind: 'resumed', by, at } satisfies Omit<ChannelEvent, 'reason'>),
      CHANNEL_EVENTS_KEPT,
    );
    return lifted ? (JSON.parse(lifted) as ChannelPause) : null;
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

  /** Every pause and resume the histories of these channels keep, newest first (the Activity pages). */
  allHistory(channels: readonly string[]): Promise<ChannelEvent[]> {
    return this.history(channels, CHANNEL_EVENTS_KEPT * channels.length);
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
