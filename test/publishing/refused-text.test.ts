import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/log/log-entry.ts';
import { everyClaimRefused } from '../../src/publishing/live-text.ts';
import { logEntry, minutesAfter } from '../helpers/log-entries.ts';
import { plannedPost, startWorld, states, type World, waitForState } from '../helpers/world.ts';

/**
 * A post the platform refused for its text can be corrected: nothing of it is live when every
 * attempt that claimed it was refused. One whose attempts may have landed keeps its text.
 */

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const plan = (post: ReturnType<typeof plannedPost>) => ({ newsId: post.newsId, posts: [post], skipped: [] });

/** Facebook's answer to a message it will not take (contracts: code 100, no retry). */
const INVALID_MESSAGE = {
  status: 400,
  body: { error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100, fbtrace_id: 'R1' } },
};

describe('a post the platform refused', () => {
  it('is corrected while failed (reason kept), then retried: exactly one post, with the new text', async () => {
    world = await startWorld();
    world.sandboxes.facebook.failNext(1, INVALID_MESSAGE, { method: 'POST' });
    const post = plannedPost('facebook-secon');
    await world.app.scheduler.schedule(plan(post), 'test');
    await waitForState(world.app, post.postId, 'failed');

    const corrected = 'SECON partners meet in Łódź to compare regional support for social enterprises.';
    const { record } = await world.app.postActions.editText(post.postId, corrected, 'web:maria', { mayApprove: true });
    expect(record).toMatchObject({
      state: 'failed',
      actor: 'web:maria',
      note: 'text edited; it stays failed until someone retries it',
      errorKind: 'rejected',
      errorMessage: expect.stringContaining('Invalid parameter'),
      text: corrected,
    });
    expect(world.sandboxes.facebook.posts()).toHaveLength(0);

    await world.app.postActions.retry(post.postId, 'web:nikos');
    await waitForState(world.app, post.postId, 'published');
    expect(world.sandboxes.facebook.posts().map((p) => p.text)).toEqual([corrected]);
    expect(await states(world.app, post.postId)).toEqual([
      'scheduled',
      'publishing',
      'failed',
      'failed',
      'scheduled',
      'publishing',
      'published',
    ]);
  });

  it('on a channel that needs approval, the corrected text waits for approval, due now, and goes out once approved', async () => {
    world = await startWorld();
    world.sandboxes.linkedin.failNext(
      1,
      { status: 422, body: { status: 422, serviceErrorCode: 100, message: 'ERROR :: /commentary :: invalid' } },
      { method: 'POST', path: '/rest/posts' },
    );
    const post = plannedPost('linkedin-secon', { state: 'awaiting-approval' });
    await world.app.scheduler.schedule(plan(post), 'test');
    await world.app.postActions.approve(post.postId, 'web:nikos');
    const failed = await waitForState(world.app, post.postId, 'failed');
    const { record } = await world.app.postActions.editText(post.postId, 'Corrected commentary', 'web:maria', {
      mayApprove: false,
    });
    expect(record).toMatchObject({ state: 'awaiting-approval', note: 'text edited; waits for approval again' });
    // Due when approved: its planned time is the edit's, not the one that passed.
    expect(Date.parse(record.plannedAt)).toBeGreaterThanOrEqual(Date.parse(failed.at));
    expect(record.errorKind).toBeUndefined();
    expect(world.sandboxes.linkedin.posts()).toHaveLength(0);
    await world.app.postActions.approve(post.postId, 'web:nikos');
    await waitForState(world.app, post.postId, 'published');
    expect(world.sandboxes.linkedin.posts().map((p) => p.text)).toEqual(['Corrected commentary']);
  });

  it('keeps its text when an earlier attempt may have landed (a 5xx before the refusal)', async () => {
    world = await startWorld();
    world.sandboxes.facebook.failNext(
      1,
      { status: 500, body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1 } } },
      { method: 'POST' },
    );
    world.sandboxes.facebook.failNext(1, INVALID_MESSAGE, { method: 'POST' });
    const post = plannedPost('facebook-secon');
    await world.app.scheduler.schedule(plan(post), 'test');
    await waitForState(world.app, post.postId, 'failed');
    expect((await world.app.publishingLog.timeline(post.postId)).map((e) => e.errorKind ?? '-')).toContain('transient');
    await expect(
      world.app.postActions.editText(post.postId, 'New words', 'web:maria', { mayApprove: true }),
    ).rejects.toThrow(/cannot edit post .*: an attempt claimed it at .*, so the old text may be live/);
  });
});

describe('everyClaimRefused', () => {
  const start = '2026-12-07T08:00:00.000Z';
  /** A timeline from its entries' states and error kinds; `at` one minute apart from `start`. */
  const timeline = (...steps: Array<Partial<LogEntry>>): LogEntry[] =>
    steps.map((step, i) => logEntry({ at: minutesAfter(start, i), ...step }));
  const claim = (attempt: number): Partial<LogEntry> => ({ state: 'publishing', attempt });
  const refused = (attempt: number, errorKind: LogEntry['errorKind'] = 'rejected'): Partial<LogEntry> => ({
    state: 'failed',
    attempt,
    errorKind,
  });
  const record = { createdAt: start };

  it('holds when each claim ends, in its next entry, in a refusal', () => {
    expect(everyClaimRefused(record, timeline({}, claim(1), refused(1)))).toBe(true);
    const rateLimitedThenRejected = timeline(
      {},
      claim(1),
      { state: 'scheduled', attempt: 1, errorKind: 'rate-limited' },
      claim(2),
      refused(2),
    );
    expect(everyClaimRefused(record, rateLimitedThenRejected)).toBe(true);
    // Refused as a duplicate of a post that is not its own: this request made nothing either.
    expect(everyClaimRefused(record, timeline({}, claim(1), refused(1, 'duplicate')))).toBe(true);
    // The correction and its retry: the entries after the refusal are not claims.
    expect(everyClaimRefused(record, timeline({}, claim(1), refused(1), refused(1), { attempt: 0 }))).toBe(true);
  });

  it('fails for a claim that may have landed, a trimmed timeline, or no claim at all', () => {
    const cases: Record<string, LogEntry[]> = {
      'no end recorded': timeline({}, claim(1)),
      '5xx': timeline({}, claim(1), { state: 'scheduled', attempt: 1, errorKind: 'transient' }, claim(2), refused(2)),
      'unknown outcome': timeline({}, claim(1), { state: 'publishing', attempt: 1, errorKind: 'unknown-outcome' }),
      'taken over': timeline({}, claim(1), claim(2), refused(2)),
      'platform id': timeline({}, claim(1), { ...refused(1), platformPostId: '1_2' }),
      'no claim': timeline({}, refused(0)),
    };
    for (const [what, entries] of Object.entries(cases)) expect(everyClaimRefused(record, entries), what).toBe(false);
    const trimmed = timeline({}, claim(1), refused(1)).slice(1);
    expect(everyClaimRefused(record, trimmed), 'trimmed').toBe(false);
  });
});
