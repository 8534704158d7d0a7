import { describe, expect, it } from 'vitest';
import { compressTimeline } from '../../dev/demo/compress-timeline.ts';
import type { PlannedPost } from '../../src/posts/post.ts';

function post(id: string, plannedAt: string, notAfter?: string): PlannedPost {
  return {
    postId: id,
    newsId: 'n',
    channel: 'c',
    platform: 'twitter',
    language: 'en',
    kind: 'announcement',
    plannedAt,
    ...(notAfter ? { notAfter } : {}),
    state: 'scheduled',
    rendered: { text: id, images: [], metrics: { length: 1, limit: 280 }, warnings: [] },
  };
}

describe('compressTimeline', () => {
  const realStart = new Date('2026-11-21T12:00:00Z');
  const event = '2023-11-13T09:00:00+02:00';
  const plan = [
    post('announce', '2023-11-09T10:00:00Z', event),
    post('announce-de', '2023-11-09T10:00:00Z', event),
    post('reminder', '2023-11-12T07:00:00Z', event),
    post('event-day', '2023-11-13T06:00:00Z', event),
    post('recap', '2023-11-20T09:00:00Z'),
  ];

  it('maps each distinct moment to one step, keeping order and simultaneity', () => {
    const out = compressTimeline(plan, { realStart, stepMs: 1000 });
    expect(out.map((p) => p.plannedAt)).toEqual([
      '2026-11-21T12:00:00.000Z',
      '2026-11-21T12:00:00.000Z',
      '2026-11-21T12:00:01.000Z',
      '2026-11-21T12:00:02.000Z',
      '2026-11-21T12:00:03.000Z',
    ]);
  });

  it('keeps every post that was before its event still before it', () => {
    const out = compressTimeline(plan, { realStart, stepMs: 1000 });
    for (const p of out.filter((p) => p.notAfter))
      expect(Date.parse(p.plannedAt)).toBeLessThan(Date.parse(p.notAfter!));
    expect(out[0]!.notAfter).toBe('2026-11-21T12:00:02.500Z');
  });

  it('keeps a post planned after its deadline late', () => {
    const late = compressTimeline([post('a', '2023-11-09T10:00:00Z'), post('late', '2023-11-14T10:00:00Z', event)], {
      realStart,
      stepMs: 1000,
    });
    expect(Date.parse(late[1]!.plannedAt)).toBeGreaterThan(Date.parse(late[1]!.notAfter!));
  });
});
