import { describe, expect, it } from 'vitest';
import { type PlacedPost, planOrder } from '../../src/planning/plan-order.ts';
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
});
