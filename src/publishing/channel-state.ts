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

/**
 * Paused channels, under `<prefix>:channel:<id>`. A paused channel's posts stay `scheduled`
 * and their jobs wait; nothing is dropped. Auth failures pause a channel automatically.
 */
export class ChannelState {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  private key(channel: string): string {
    return this.keys.channel(channel);
  }

  /** Pauses the channel; a second pause keeps the first reason (the original cause matters most). */
  async pause(channel: string, reason: string, by: string, now = new Date()): Promise<ChannelPause> {
    const pause: ChannelPause = { channel, reason, since: now.toISOString(), by };
    await this.redis.hsetnx(this.key(channel), 'pause', JSON.stringify(pause));
    return (await this.get(channel)) ?? pause;
  }

  /**
   * Returns the pause that was lifted, or null when the channel was not paused. The channel keeps
   * who lifted it and when ({@link lastResume}): a pause is recorded with its author, so is its end.
   */
  async resume(channel: string, by: string, now = new Date()): Promise<ChannelPause | null> {
    const pause = await this.get(channel);
    if (!pause) return null;
    const resumed: ChannelResume = { channel, by, at: now.toISOString(), pause };
    await this.redis
      .multi()
      .hdel(this.key(channel), 'pause')
      .hset(this.key(channel), 'resumed', JSON.stringify(resumed))
      .exec();
    return pause;
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
