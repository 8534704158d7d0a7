import type { PostRecord } from '../log/publishing-log.ts';
import { SAME_SLOT_MS } from '../planning/slot-calendar.ts';
import { minutesText } from '../time-units.ts';
import { readableTime } from './parse-when.ts';

/**
 * The posts still to go out on a post's channel closer to its time than the channel's minimum gap
 * (`minGapMinutes`, at least {@link SAME_SLOT_MS}), each said as a note: planning keeps that gap,
 * a person moving a post by hand may not, and readers then see two posts at once. A note, never a
 * refusal: the person may want it so. `others` are the channel's posts still to go out.
 */
export function crowdingNotes(
  post: Pick<PostRecord, 'postId' | 'channel' | 'plannedAt'>,
  others: readonly Pick<PostRecord, 'postId' | 'channel' | 'plannedAt'>[],
  minGapMinutes: number,
  zone: string,
): string[] {
  const gapMs = Math.max(minGapMinutes * 60_000, SAME_SLOT_MS);
  const at = Date.parse(post.plannedAt);
  return others
    .filter((o) => o.postId !== post.postId && o.channel === post.channel)
    .map((o) => ({ other: o, apart: Date.parse(o.plannedAt) - at }))
    .filter(({ apart }) => Math.abs(apart) < gapMs)
    .sort((a, b) => a.apart - b.apart)
    .map(({ other, apart }) => {
      const when = readableTime(other.plannedAt, zone);
      const apartText =
        apart === 0
          ? 'the same time as this one'
          : `${minutesText(Math.abs(apart))} ${apart < 0 ? 'before' : 'after'} this one`;
      return `${other.postId} goes out on ${post.channel} at ${when}, ${apartText}; the channel keeps ${minutesText(gapMs)} between posts (minGapMinutes)`;
    });
}
