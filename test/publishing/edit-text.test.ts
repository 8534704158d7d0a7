import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { InputError } from '../../src/input-error.ts';
import type { StoredLogEntry } from '../../src/log/log-entry.ts';
import type { PlannedPost } from '../../src/posts/post.ts';
import { editableText, fitEditedText } from '../../src/publishing/edited-text.ts';
import { nextEntry } from '../../src/publishing/log-entries.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { weightedLength } from '../../src/templates/text-measure.ts';
import { runCli } from '../helpers/cli.ts';
import { testRedisUrl } from '../helpers/redis.ts';
import { plannedPost, startWorld, type World } from '../helpers/world.ts';

let world: World;

beforeAll(async () => {
  world = await startWorld({ worker: false });
});
afterAll(async () => world?.stop());

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);

/**
 * A post scheduled three days ahead that an attempt claimed and that went back to `scheduled` (a
 * 5xx), written to the log only: the store has no claim mark, as when Redis lost it.
 */
async function claimedOnlyInTheLog(channel: string): Promise<PlannedPost> {
  const post = plannedPost(channel, { at: inDays(3) });
  await world.app.scheduler.schedule({ newsId: post.newsId, posts: [post], skipped: [] }, 'test');
  const log = world.app.publishingLog;
  const scheduled = (await log.get(post.postId))!;
  const claimed = await log.transition(nextEntry(scheduled, 'publishing', new Date(), { actor: 'test', attempt: 1 }), [
    'scheduled',
  ]);
  await log.transition(nextEntry(claimed.record!, 'scheduled', new Date(), { actor: 'test', attempt: 1 }), [
    'publishing',
  ]);
  return post;
}

/** What `history trim` does to one post: every entry of its timeline leaves the stream; its record stays. */
async function trimTimeline(postId: string): Promise<void> {
  const ids = (await world.app.publishingLog.timeline(postId)).map((entry) => (entry as StoredLogEntry).logId);
  await world.redis.xdel(redisKeys(world.config.redis.keyPrefix).logStream, ...ids);
}
const LONG =
  'SECON partners from nine regions meet in Haskovo to compare how public buyers can include social enterprises in their tenders. The first day looks at the legal framework, the second at marketing, branding and keeping customers. A visit to a social enterprise closes the programme. Read the summary on our website.';

describe('PostActions.editText', () => {
  it('X: a text too long becomes a numbered thread, each part within 280 weighted; logged with the actor', async () => {
    const post = plannedPost('x-secon', { at: inDays(3) });
    await world.app.scheduler.schedule({ newsId: post.newsId, posts: [post], skipped: [] }, 'test');
    const { record, warnings } = await world.app.postActions.editText(post.postId, LONG, 'web:ed', {
      mayApprove: false,
    });
    expect(record.actor).toBe('web:ed');
    expect(record.note).toBe('text edited');
    const stored = (await world.app.store.get(post.postId))!.post.rendered;
    expect(stored.thread!.length).toBeGreaterThan(1);
    for (const part of stored.thread!) expect(weightedLength(part)).toBeLessThanOrEqual(280);
    expect(warnings.join(' ')).toMatch(/split into a thread/);
    // The edit box shows the whole text again, numbering removed.
    expect(editableText(stored, 'twitter').replace(/\s+/g, ' ')).toBe(LONG);
    expect(record.text).toBe(stored.thread!.join('\n\n'));
  });

  it('LinkedIn: reserved characters escaped, #hashtags kept as hashtag markup; edit box shows plain text', () => {
    const fit = fitEditedText('Workshop (Haskovo) #SocialEconomy', {
      platform: 'linkedin',
      language: 'en',
      threadMode: 'auto',
      maxThreadParts: 6,
    });
    expect(fit.hold).toBeUndefined();
    expect(fit.text).toBe('Workshop \\(Haskovo\\) {hashtag|\\#|SocialEconomy}');
    const text = fit.text;
    expect(editableText({ text, images: [], metrics: { length: 0, limit: 3000 }, warnings: [] }, 'linkedin')).toBe(
      'Workshop (Haskovo) #SocialEconomy',
    );
  });

  it("says when a person's text reads as another language than the post's, and saves it all the same", () => {
    const options = { platform: 'facebook', threadMode: 'auto', maxThreadParts: 6 } as const;
    const german =
      'Die SECON-Partner treffen sich in Mannheim, um über die Förderung von Sozialunternehmen in ihren Regionen zu sprechen.';
    const asLatvian = fitEditedText(german, { ...options, language: 'lv' });
    expect(asLatvian.hold).toBeUndefined();
    expect(asLatvian.text).toBe(german);
    expect(asLatvian.warnings).toEqual([
      'the text reads as German (de), not Latvian (lv), the language of this post; it is saved as written',
    ]);
    expect(fitEditedText(german, { ...options, language: 'de' }).warnings).toEqual([]);
  });

  it('a text too long says by how much, as the platform counts it, not in the words of templates', () => {
    const options = { language: 'en', threadMode: 'auto', maxThreadParts: 6 } as const;
    // 2,900 characters that look like they fit LinkedIn's 3,000, but 200 brackets go with a backslash each.
    const linkedin = fitEditedText(`${'(a) '.repeat(100)}${'x'.repeat(2500)}`, { ...options, platform: 'linkedin' });
    expect(linkedin.hold).toBe(
      'the text is 3100 characters long as LinkedIn receives it, with its markup (a backslash before each of ' +
        '| { } @ [ ] ( ) < > # \\ * _ ~, and {hashtag|\\#|…} around a hashtag), over the limit of 3000 on LinkedIn: ' +
        'shorten it by 100',
    );
    const x = fitEditedText('word '.repeat(70), { ...options, threadMode: 'never', platform: 'twitter' });
    expect(x.hold).toMatch(
      /^the text is 349 characters long \(weighted: .*\) and the channel posts no threads \(thread: never\), over the limit of 280 on X: shorten it by 69$/,
    );
  });

  it('refuses a post an attempt has claimed, as an edit of its news item is refused', async () => {
    const post = plannedPost('facebook-secon', { at: inDays(3) });
    await world.app.scheduler.schedule({ newsId: post.newsId, posts: [post], skipped: [] }, 'test');
    await world.app.store.markClaimed(post.postId, new Date('2026-12-07T01:53:15.557Z'));
    const error = await world.app.postActions
      .editText(post.postId, 'New words', 'web:ed', { mayApprove: false })
      .catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    // When, as a person reads it: in the channel's time, not as stored.
    expect(error.message).toContain(
      'an attempt claimed it at Mon 7 Dec 2026 03:53 (Europe/Athens), so the old text may be live',
    );
    expect((await world.app.store.get(post.postId))!.post.rendered.text).toBe(post.rendered.text);
  });

  it("refuses a post whose claim only its log history shows (the store's claim mark lost), and so does an edited news item", async () => {
    // An attempt claimed it and went back to `scheduled` (a 5xx), and Redis lost the claim mark
    // with its last writes: only the log says the old text may be live.
    const post = await claimedOnlyInTheLog('facebook-secon');
    expect((await world.app.store.get(post.postId))!.claimedAt).toBeUndefined();
    const error = await world.app.postActions
      .editText(post.postId, 'New words', 'web:ed', { mayApprove: true })
      .catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /its history shows an attempt that reached the platform, so the old text may be live/,
    );
    const edited = { ...post, rendered: { ...post.rendered, text: `${post.rendered.text} (edited item)` } };
    const [report] = await world.app.scheduler.schedule({ newsId: post.newsId, posts: [edited], skipped: [] }, 'test');
    expect(report).toMatchObject({ action: 'kept' });
    expect(report!.note).toMatch(/edit not applied: its history shows an attempt/);
    expect((await world.app.store.get(post.postId))!.post.rendered.text).toBe(post.rendered.text);
  });

  it('refuses a published post and an empty text; an approved post on an approval channel waits again', async () => {
    const post = plannedPost('linkedin-secon', { at: inDays(3), state: 'awaiting-approval' });
    await world.app.scheduler.schedule({ newsId: post.newsId, posts: [post], skipped: [] }, 'test');
    await expect(world.app.postActions.editText(post.postId, '   ', 'web:ed', { mayApprove: false })).rejects.toThrow(
      /the text is empty/,
    );
    await world.app.postActions.approve(post.postId, 'web:aida');
    const { record } = await world.app.postActions.editText(post.postId, 'Changed after approval', 'web:ed', {
      mayApprove: false,
    });
    expect(record.state).toBe('awaiting-approval');
    expect(record.note).toMatch(/waits for approval again/);
    await world.app.postActions.cancel(post.postId, 'web:ed');
    await expect(
      world.app.postActions.editText(post.postId, 'Too late', 'web:ed', { mayApprove: false }),
    ).rejects.toThrow(/cannot edit post .*: it is cancelled/);
  });

  it('an approved post on a channel without approval waits again when someone who may not approve edits it', async () => {
    const post = plannedPost('x-secon', { at: inDays(3), state: 'awaiting-approval' });
    await world.app.scheduler.schedule({ newsId: post.newsId, posts: [post], skipped: [] }, 'test');
    await world.app.postActions.approve(post.postId, 'web:aida');
    // An approver's edit (or the CLI's) keeps the post scheduled: this channel needs no approval.
    const byApprover = await world.app.postActions.editText(post.postId, 'Reworded by aida', 'web:aida', {
      mayApprove: true,
    });
    expect(byApprover.record.state).toBe('scheduled');
    const { record } = await world.app.postActions.editText(post.postId, 'Changed by ed', 'web:ed', {
      mayApprove: false,
    });
    expect(record.state).toBe('awaiting-approval');
    expect(record.note).toBe('text edited after its approval by someone who may not approve; waits for approval again');
    expect(await world.app.queue.jobState(post.postId, 'twitter')).toBe('none');
  });

  it('retention does not make an approved post editable unnoticed: the approval outlives its trimmed entries', async () => {
    const post = plannedPost('x-secon', { at: inDays(3), state: 'awaiting-approval' });
    await world.app.scheduler.schedule({ newsId: post.newsId, posts: [post], skipped: [] }, 'test');
    await world.app.postActions.approve(post.postId, 'web:aida');
    await trimTimeline(post.postId);
    expect(await world.app.publishingLog.timeline(post.postId)).toEqual([]);
    const { record } = await world.app.postActions.editText(post.postId, 'Changed by ed', 'web:ed', {
      mayApprove: false,
    });
    expect(record.state).toBe('awaiting-approval');
    expect(record.note).toMatch(/after its approval by someone who may not approve/);
  });

  it('retention does not unlock a text that may be live: a claim outlives its trimmed entries', async () => {
    const post = await claimedOnlyInTheLog('x-secon');
    await trimTimeline(post.postId);
    const error = await world.app.postActions
      .editText(post.postId, 'New words', 'web:ed', { mayApprove: true })
      .catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/its history shows an attempt that reached the platform/);
  });

  it('a scheduled post nobody approved stays scheduled when an editor edits it', async () => {
    const post = plannedPost('x-secon', { at: inDays(3) });
    await world.app.scheduler.schedule({ newsId: post.newsId, posts: [post], skipped: [] }, 'test');
    const { record } = await world.app.postActions.editText(post.postId, 'Changed by ed', 'web:ed', {
      mayApprove: false,
    });
    expect(record).toMatchObject({ state: 'scheduled', note: 'text edited' });
  });

  it('`secon-bot edit <post-id> --text` does the same from the CLI', async () => {
    const post = plannedPost('x-secon', { at: inDays(3) });
    await world.app.scheduler.schedule({ newsId: post.newsId, posts: [post], skipped: [] }, 'test');
    const dir = mkdtempSync(join(tmpdir(), 'secon-edit-'));
    writeFileSync(join(dir, 'secon-bot.yaml'), stringify(world.config));
    const env = { ...world.env, REDIS_URL: testRedisUrl(), SECON_BOT_CONFIG: join(dir, 'secon-bot.yaml') };
    const result = await runCli(['edit', post.postId, '--text', LONG, '--json'], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.warnings.join(' ')).toMatch(/thread/);
    // The log names who edited it: the operating-system user, or SECON_BOT_ACTOR under a shared account.
    expect((await world.app.publishingLog.get(post.postId))!.actor).toBe(`cli:${userInfo().username}`);
    const named = await runCli(['edit', post.postId, '--text', 'Reworded by Maria', '--json'], {
      env: { ...env, SECON_BOT_ACTOR: 'maria.k' },
    });
    expect(named.code, named.stderr).toBe(0);
    expect((await world.app.publishingLog.get(post.postId))!.actor).toBe('cli:maria.k');
    const refused = await runCli(['edit', post.postId, '--text', 'Not this', '--json'], {
      env: { ...env, SECON_BOT_ACTOR: 'web:aida' },
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/SECON_BOT_ACTOR: "web:aida" is not a name the log can show/);
    expect((await world.app.publishingLog.get(post.postId))!.actor).toBe('cli:maria.k');
    const bad = await runCli(['edit', post.postId], { env: { SECON_BOT_CONFIG: join(dir, 'secon-bot.yaml') } });
    expect(bad.code).toBe(2);
  });
});
