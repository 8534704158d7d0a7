import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { planItem } from '../../src/planning/plan-item.ts';
import { createRenderer } from '../../src/templates/post-renderer.ts';
import { workshopItem } from '../helpers/planning.ts';

describe('planItem with the shipped configuration and the real renderer', () => {
  it('plans the Haskovo workshop on all three SECON channels with rendered texts', () => {
    const config = loadConfig('secon-bot.yaml');
    const plan = planItem(workshopItem(), config, {
      now: new Date('2023-11-06T06:00:00Z'),
      renderer: createRenderer({ config }),
    });
    // X and LinkedIn post in English; the Facebook page also in Bulgarian (the item's translation).
    expect(new Set(plan.posts.map((p) => `${p.channel}/${p.language}`))).toEqual(
      new Set(['x-secon/en', 'linkedin-secon/en', 'facebook-secon/en', 'facebook-secon/bg']),
    );
    expect(plan.skipped).toEqual([]);
    for (const post of plan.posts) {
      expect(post.rendered.text.length).toBeGreaterThan(0);
      const { length, weightedLength, limit } = post.rendered.metrics;
      expect(weightedLength ?? length).toBeLessThanOrEqual(limit);
      expect(Date.parse(post.plannedAt)).toBeLessThan(Date.parse(post.notAfter!));
    }
    // The renderer is asked as of each post's own time: the reminder goes out the day before.
    const reminder = plan.posts.find(
      (p) => p.channel === 'facebook-secon' && p.kind === 'reminder' && p.language === 'en',
    )!;
    expect(reminder.rendered.text).toMatch(/tomorrow/i);
    // Monday 6 Nov 2023, 08:00 Athens: X 10:00, LinkedIn 09:30, Facebook 11:00 (shipped slots).
    const local = (channel: string) =>
      DateTime.fromISO(plan.posts.find((p) => p.channel === channel && p.kind === 'announcement')!.plannedAt, {
        zone: 'Europe/Athens',
      }).toFormat('ccc HH:mm');
    expect([local('x-secon'), local('linkedin-secon'), local('facebook-secon')]).toEqual([
      'Mon 10:00',
      'Mon 09:30',
      'Mon 11:00',
    ]);
  });
});
