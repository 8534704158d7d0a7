import type { ChannelConfig, Config, Slot } from '../config/config-schema.ts';

/** Slots used when neither the project nor the channel names any: weekdays at 10:00. */
export const DEFAULT_SLOTS: readonly Slot[] = [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], time: '10:00' }];

/** Minimum gap between two different news items on one channel when none is configured. */
export const DEFAULT_MIN_GAP_MINUTES = 60;

/** A channel's effective posting rules, in the channel's own time zone. */
export interface ChannelSchedule {
  /** IANA zone the slots and quiet days are read in. */
  zone: string;
  slots: readonly Slot[];
  /** Minimum distance between posts of two different news items on this channel. */
  minGapMinutes: number;
  /** Local dates (YYYY-MM-DD, in `zone`) on which nothing is posted. */
  quietDays: ReadonlySet<string>;
}

/** The zone a channel posts in: its own, else the project's. */
export function channelZone(config: Config, channel: ChannelConfig): string {
  return channel.timezone ?? config.project.timezone;
}

/** The zone of a channel by id; the project's zone for a channel no longer configured. */
export function channelZoneById(config: Config, channelId: string): string {
  const channel = config.channels.find((c) => c.id === channelId);
  return channel ? channelZone(config, channel) : config.project.timezone;
}

/**
 * Merges `planning.schedule` with `channels[].schedule`. Slots and the minimum gap are overridden
 * field by field (a channel that names slots posts only in those). Quiet days are the UNION of both
 * lists: a project-wide day of silence (a holiday, a mourning day) must hold on every channel, and
 * a channel can only add days of its own.
 */
export function channelSchedule(config: Config, channel: ChannelConfig): ChannelSchedule {
  const project = config.planning.schedule;
  const own = channel.schedule ?? {};
  return {
    zone: channelZone(config, channel),
    slots: own.slots ?? project.slots ?? DEFAULT_SLOTS,
    minGapMinutes: own.minGapMinutes ?? project.minGapMinutes ?? DEFAULT_MIN_GAP_MINUTES,
    quietDays: new Set([...(project.quietDays ?? []), ...(own.quietDays ?? [])]),
  };
}
