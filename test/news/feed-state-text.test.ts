import { describe, expect, it } from 'vitest';
import { feedHealthAlert } from '../../src/news/feed-health.ts';
import { describeFeedState, failedPolls } from '../../src/news/feed-state-text.ts';

/** Times as the tests read them: the ISO instant in brackets. */
const time = (iso: string) => `[${iso}]`;
const SINCE = Date.parse('2026-12-07T06:00:00Z');

describe('a feed’s state in words, the same on the desk, in doctor and in the alert', () => {
  it('failing: how many polls since when, whether an alert went, the last error and the last read', () => {
    expect(
      describeFeedState(
        {
          feedId: 'haskovo-news',
          readAtMs: SINCE - 3_600_000,
          failing: { failures: 3, sinceMs: SINCE, alerted: true, error: 'HTTP 503' },
        },
        time,
      ),
    ).toEqual({
      ok: false,
      detail:
        '3 polls in a row failed since [2026-12-07T06:00:00.000Z] (alert sent): HTTP 503; last read [2026-12-07T05:00:00.000Z]',
    });
    expect(failedPolls(1, SINCE, time)).toBe('1 poll in a row failed since [2026-12-07T06:00:00.000Z]');
  });

  it('items the last read refused: how many, which and why, apart from the state', () => {
    const rejected = {
      atMs: SINCE,
      count: 6,
      items: [{ source: 'https://www.haskovo.bg/rss item 2 (empty-title)', message: 'title: missing; expected text' }],
    };
    expect(describeFeedState({ feedId: 'a', readAtMs: SINCE, rejected }, time)).toEqual({
      ok: true,
      detail: 'last read [2026-12-07T06:00:00.000Z]',
      rejected:
        '6 items refused at the read of [2026-12-07T06:00:00.000Z], not taken until they are fixed: ' +
        'https://www.haskovo.bg/rss item 2 (empty-title): title: missing; expected text; and 5 more',
    });
  });

  it('read, or not polled yet', () => {
    expect(describeFeedState({ feedId: 'a', readAtMs: SINCE }, time)).toEqual({
      ok: true,
      detail: 'last read [2026-12-07T06:00:00.000Z]',
    });
    expect(describeFeedState({ feedId: 'a' }, time)).toEqual({
      ok: true,
      detail: 'not polled yet (the worker polls it on its schedule)',
    });
  });

  it('the alert says the run of failures in the same words, and what it means for the news', () => {
    const alert = feedHealthAlert('haskovo-news', { kind: 'failing', failures: 3, sinceMs: SINCE }, SINCE, 'HTTP 503');
    expect(alert?.message).toBe(
      'feed haskovo-news cannot be read: 3 polls in a row failed since 2026-12-07T06:00:00.000Z; its new items are not taken until it is read again. Last error: HTTP 503',
    );
  });
});
