import { describe, expect, it } from 'vitest';
import { type PlanTablePost, planTable, sharedAction } from '../../cli/output/plan-table.ts';
import { loadConfig } from '../../src/config/load-config.ts';

/** The plan table schedule and ingest print under each item. */

const config = loadConfig('secon-bot.yaml');
const post = (channel: string, action?: string, note?: string, state = 'scheduled'): PlanTablePost => ({
  channel,
  language: 'en',
  kind: 'announcement',
  plannedAt: '2026-12-08T08:00:00.000Z',
  state,
  ...(action ? { action } : {}),
  ...(note ? { note } : {}),
});

describe('plan table', () => {
  it('says an action shared by every post once, and each post its own when they differ', () => {
    expect(sharedAction([post('x-secon', 'created'), post('facebook-secon', 'created')])).toBe('queued');
    expect(sharedAction([post('x-secon', 'unchanged', 'kept'), post('facebook-secon', 'unchanged', 'kept')])).toBe(
      'unchanged: kept',
    );
    // A dry run of ingest has no action: nothing to say, and no WHAT column either.
    expect(sharedAction([post('x-secon'), post('facebook-secon')])).toBe('');
    expect(sharedAction([post('x-secon', 'created'), post('facebook-secon', 'updated', 'new time')])).toBeUndefined();
    expect(sharedAction([])).toBeUndefined();
  });

  it('does not call a new post queued when it waits for approval (it has no job yet)', () => {
    const waiting = (channel: string) => post(channel, 'created', undefined, 'awaiting-approval');
    expect(sharedAction([waiting('x-secon'), waiting('facebook-secon')])).toBe('waiting for approval');
    expect(sharedAction([waiting('x-secon'), post('facebook-secon', 'created')])).toBeUndefined();
    expect(planTable(config, [waiting('x-secon'), post('facebook-secon', 'created')], true).join('\n')).toMatch(
      /x-secon +en +announcement +awaiting-approval +waiting for approval/,
    );
  });

  it('has a WHAT column only when asked, with the action of each post in it', () => {
    const posts = [post('x-secon', 'created'), post('facebook-secon', 'updated', 'new time')];
    const [withWhat] = planTable(config, posts, true);
    const [without] = planTable(config, posts, false);
    expect(withWhat).toMatch(/^ {2}WHEN \(Europe\/Athens\) +CHANNEL +LANG +KIND +STATE +WHAT$/);
    expect(without).toMatch(/^ {2}WHEN \(Europe\/Athens\) +CHANNEL +LANG +KIND +STATE$/);
    expect(planTable(config, posts, true).join('\n')).toContain('updated: new time');
    expect(planTable(config, [], true)).toEqual([]);
  });
});
