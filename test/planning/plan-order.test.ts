import { describe, expect, it } from 'vitest';
import { type PlacedPost, planOrder, tiesInPlanOrder } from '../../src/planning/plan-order.ts';
import { shippedConfig } from '../helpers/config.ts';

// The shipped channels: x-secon, linkedin-secon, facebook-secon (languages en, de, el, bg, …).
const config = shippedConfig();

const post = (channel: string, language: string, plannedAt: string): PlacedPost => ({ channel, language, plannedAt });
const label = (p: PlacedPost) => `${p.plannedAt.slice(11, 16)} ${p.channel} ${p.language}`;

// Posts of one minute in post-id order, the order they used to keep: x last, lv before en.
const NINE = '2026-12-25T09:00:00.000Z';
const TEN = '2026-12-25T10:00:00.000Z';
const mixed = [
  post('facebook-secon', 'de', TEN),
  post('facebook-secon', 'el', NINE),
  post('facebook-secon', 'en', NINE),
  post('linkedin-secon', 'en', TEN),
  post('linkedin-secon', 'en', NINE),
  post('x-secon', 'en', NINE),
];

describe('planOrder', () => {
  it('time first: the same minute lists channels as configured, then their languages', () => {
    expect([...mixed].sort(planOrder(config, { timeFirst: true })).map(label)).toEqual([
      '09:00 x-secon en',
      '09:00 linkedin-secon en',
      '09:00 facebook-secon en',
      '09:00 facebook-secon el',
      '10:00 linkedin-secon en',
      '10:00 facebook-secon de',
    ]);
  });

  it('by default channel first, as a plan is printed, and an item may give its own language order', () => {
    const order = planOrder(config, { languages: ['el', 'en', 'de'] });
    expect([...mixed].sort(order).map(label)).toEqual([
      '09:00 x-secon en',
      '09:00 linkedin-secon en',
      '10:00 linkedin-secon en',
      '09:00 facebook-secon el',
      '09:00 facebook-secon en',
      '10:00 facebook-secon de',
    ]);
  });

  it('puts a channel or language no longer configured last', () => {
    const gone = [
      post('old-channel', 'en', NINE),
      post('facebook-secon', 'xx', NINE),
      post('facebook-secon', 'en', NINE),
    ];
    expect(gone.sort(planOrder(config, { timeFirst: true })).map(label)).toEqual([
      '09:00 facebook-secon en',
      '09:00 facebook-secon xx',
      '09:00 old-channel en',
    ]);
  });

  it('orders the posts of one log time by plan and keeps the order of the times, newest or oldest first', () => {
    const logged = (at: string, p: PlacedPost) => ({ ...p, at });
    const EARLY = '2026-12-06T17:30:00.000Z';
    const LATE = '2026-12-06T17:55:00.000Z';
    // Newest first, each time's posts in post-id order (facebook-secon before linkedin-secon before x-secon).
    const newestFirst = [
      logged(LATE, post('facebook-secon', 'en', TEN)),
      logged(LATE, post('x-secon', 'en', NINE)),
      logged(EARLY, post('facebook-secon', 'de', NINE)),
      logged(EARLY, post('facebook-secon', 'en', NINE)),
      logged(EARLY, post('linkedin-secon', 'en', NINE)),
      logged(EARLY, post('x-secon', 'en', TEN)),
      logged(EARLY, post('x-secon', 'en', NINE)),
    ];
    const order = (list: typeof newestFirst) =>
      tiesInPlanOrder(list, config).map((r) => `${r.at.slice(11, 16)} ${label(r)}`);
    const expected = [
      '17:55 09:00 x-secon en',
      '17:55 10:00 facebook-secon en',
      '17:30 09:00 x-secon en',
      '17:30 10:00 x-secon en',
      '17:30 09:00 linkedin-secon en',
      '17:30 09:00 facebook-secon en',
      '17:30 09:00 facebook-secon de',
    ];
    expect(order(newestFirst)).toEqual(expected);
    // Oldest first: the times turn round, each time's posts keep the plan's order.
    expect(order([...newestFirst].reverse())).toEqual([...expected.slice(2), ...expected.slice(0, 2)]);
  });
});
