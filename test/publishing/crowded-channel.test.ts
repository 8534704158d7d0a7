import { describe, expect, it } from 'vitest';
import { crowdingNotes } from '../../src/publishing/crowded-channel.ts';

const post = (postId: string, plannedAt: string, channel = 'facebook-secon') => ({ postId, channel, plannedAt });

describe('crowdingNotes', () => {
  const moved = post('riga.facebook-secon.lv.news', '2026-12-08T09:10:00.000Z');

  it("names each post of the channel closer than its gap, before and after, in the channel's zone", () => {
    const others = [
      post('late.facebook-secon.lv.news', '2026-12-08T09:35:00.000Z'),
      post('early.facebook-secon.lv.news', '2026-12-08T09:00:00.000Z'),
      // Just as far as the gap: planning itself puts posts there.
      post('far.facebook-secon.lv.news', '2026-12-08T09:40:00.000Z'),
      post('other-channel.x-secon.en.news', '2026-12-08T09:10:00.000Z', 'x-secon'),
      moved,
    ];
    expect(crowdingNotes(moved, others, 30, 'Europe/Athens')).toEqual([
      'early.facebook-secon.lv.news goes out on facebook-secon at Tue 8 Dec 2026 11:00, 10 minutes before this one; the channel keeps 30 minutes between posts (minGapMinutes)',
      'late.facebook-secon.lv.news goes out on facebook-secon at Tue 8 Dec 2026 11:35, 25 minutes after this one; the channel keeps 30 minutes between posts (minGapMinutes)',
    ]);
  });

  it('with no gap configured, only a post at the same minute is named', () => {
    const others = [
      post('same.facebook-secon.lv.news', moved.plannedAt),
      post('next.facebook-secon.lv.news', '2026-12-08T09:11:00.000Z'),
    ];
    expect(crowdingNotes(moved, others, 0, 'Europe/Athens')).toEqual([
      'same.facebook-secon.lv.news goes out on facebook-secon at Tue 8 Dec 2026 11:10, the same time as this one; the channel keeps 1 minute between posts (minGapMinutes)',
    ]);
  });
});
