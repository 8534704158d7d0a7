/** One post holding a slot on a channel. */
export interface BusySlot {
  newsId: string;
  channel: string;
  /** ISO date-time. */
  plannedAt: string;
}

/**
 * The times already taken on each channel (planItem's `busy`: slots and minimum gap), read once
 * per intake batch and then kept up to date in memory as the batch's items are planned, so a batch
 * of n items costs one query of the pending posts instead of n.
 */
export class BusyTimes {
  private readonly byNews = new Map<string, BusySlot[]>();

  constructor(slots: Iterable<BusySlot> = []) {
    for (const slot of slots) this.add(slot);
  }

  /** The busy function for planning `newsId`: its own posts are left out, so re-planning finds the same slots. */
  forItem(newsId?: string): (channelId: string) => Date[] {
    const byChannel = new Map<string, Date[]>();
    for (const [id, slots] of this.byNews) {
      if (id === newsId) continue;
      for (const slot of slots) {
        const list = byChannel.get(slot.channel) ?? [];
        list.push(new Date(slot.plannedAt));
        byChannel.set(slot.channel, list);
      }
    }
    return (channelId) => byChannel.get(channelId) ?? [];
  }

  /** After `newsId` was (re)planned: its slots are now these. */
  replace(newsId: string, slots: ReadonlyArray<Omit<BusySlot, 'newsId'>>): void {
    this.byNews.delete(newsId);
    for (const slot of slots) this.add({ newsId, channel: slot.channel, plannedAt: slot.plannedAt });
  }

  private add(slot: BusySlot): void {
    const list = this.byNews.get(slot.newsId) ?? [];
    list.push(slot);
    this.byNews.set(slot.newsId, list);
  }
}
