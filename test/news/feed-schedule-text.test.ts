import { describe, expect, it } from 'vitest';
import { feedScheduleText } from '../../src/news/feed-schedule-text.ts';

describe('feedScheduleText', () => {
  it("says a feed's cron schedule in words, with 24-hour times", () => {
    expect(feedScheduleText('*/15 * * * *')).toBe('every 15 minutes');
    expect(feedScheduleText('0 9 * * 1-5')).toBe('at 09:00, Monday through Friday');
    expect(feedScheduleText('30 8,14 * * *')).toBe('at 08:30 and 14:30');
  });

  it('gives the expression back when it cannot be put in words', () => {
    expect(feedScheduleText('every quarter hour')).toBe('every quarter hour');
  });
});
