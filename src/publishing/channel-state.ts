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

  /** Returns the pause that was lifted, or null when the channel was not paused. */
  async resume(channel: string): Promise<ChannelPause | null> {
    const pause = await this.get(channel);
    await this.redis.hdel(this.key(channel), 'pause');
    return pause;
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
