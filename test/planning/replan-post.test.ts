import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { planItem } from '../../src/planning/plan-item.ts';
import { replanPost } from '../../src/planning/replan-post.ts';
import { createRenderer } from '../../src/templates/post-renderer.ts';
import { workshopItem } from '../helpers/planning.ts';

const config = loadConfig('secon-bot.yaml');
const renderer = createRenderer({ config });
const item = workshopItem();
const plan = planItem(item, config, { now: new Date('2023-11-06T06:00:00Z'), renderer });
const reminderOn = (channel: string) => plan.posts.find((p) => p.channel === channel && p.kind === 'reminder')!;

describe('replanPost: a rescheduled post is rendered again for its new time', () => {
  it('a reminder moved two days earlier no longer says "tomorrow"', () => {
    const reminder = reminderOn('x-secon');
    expect(reminder.rendered.text).toContain('Reminder – tomorrow');
    const at = new Date(Date.parse(reminder.plannedAt) - 2 * 86_400_000);
    const { post, textChanged } = replanPost(reminder, item, at, { config, renderer });
    expect(textChanged).toBe(true);
    expect(post.rendered.text).toContain('Reminder – in 3 days');
    expect(post.rendered.text).not.toContain('tomorrow');
    expect(post.plannedAt).toBe(at.toISOString());
    // Identity and state stay.
    expect({ ...post, plannedAt: reminder.plannedAt, rendered: reminder.rendered }).toEqual(reminder);
  });

  it('a post whose text does not depend on the time is unchanged but for the time', () => {
    const announcement = plan.posts.find((p) => p.channel === 'linkedin-secon' && p.kind === 'announcement')!;
    const at = new Date(Date.parse(announcement.plannedAt) + 3_600_000);
    const { post, textChanged } = replanPost(announcement, item, at, { config, renderer });
    expect(textChanged).toBe(false);
    expect(post.rendered).toEqual(announcement.rendered);
  });

  it('a post whose text reads as another language keeps the warning planning gave it', () => {
    // Taken as Bulgarian, written in English (its English translation is right).
    const mixed = workshopItem({
      language: 'bg',
      translations: { en: { title: item.title, summary: item.summary } },
    });
    const mixedPlan = planItem(mixed, config, { now: new Date('2023-11-06T06:00:00Z'), renderer });
    const bulgarian = mixedPlan.posts.find((p) => p.language === 'bg' && p.kind === 'reminder')!;
    const note = /^the text reads as English \(en\), not Bulgarian \(bg\)/;
    expect(bulgarian.rendered.warnings).toEqual(expect.arrayContaining([expect.stringMatching(note)]));
    const at = new Date(Date.parse(bulgarian.plannedAt) - 2 * 86_400_000);
    const { post } = replanPost(bulgarian, mixed, at, { config, renderer });
    expect(post.rendered.warnings.filter((w) => note.test(w))).toHaveLength(1);
  });

  it('refuses a time at or after the start of the event the post announces', () => {
    const reminder = reminderOn('facebook-secon');
    expect(() => replanPost(reminder, item, new Date(reminder.notAfter!), { config, renderer })).toThrow(
      /the event it announces starts at/u,
    );
  });

  it('refuses to move a post before its item is published (an embargo), naming both times', () => {
    const announcement = plan.posts.find((p) => p.channel === 'x-secon' && p.kind === 'announcement')!;
    const embargoed = { ...item, published: '2023-11-08T12:00:00+02:00' };
    expect(() => replanPost(announcement, embargoed, new Date('2023-11-08T09:00:00Z'), { config, renderer })).toThrow(
      `cannot move ${announcement.postId} to 2023-11-08T09:00:00.000Z: its news item "haskovo-workshop-2023" is ` +
        'published at 2023-11-08T12:00:00+02:00 and nothing goes out before the news is public; choose that time or later',
    );
    // At or after the published time it moves.
    const at = new Date('2023-11-08T10:00:00Z');
    expect(replanPost(announcement, embargoed, at, { config, renderer }).post.plannedAt).toBe(at.toISOString());
    // Rendered again at its own time (how a caller checks for a person's edit) it is no move: no refusal.
    const early = { ...item, published: '2023-11-09T12:00:00+02:00' };
    expect(replanPost(announcement, early, new Date(announcement.plannedAt), { config, renderer }).textChanged).toBe(
      false,
    );
  });

  it('a post that no longer fits on its own goes to awaiting-approval with the reason', () => {
    const capped = {
      ...config,
      platforms: { ...config.platforms, twitter: { ...config.platforms.twitter, maxThreadParts: 1 } },
    };
    const threads = {
      ...capped,
      channels: capped.channels.map((c) => (c.id === 'x-secon' ? { ...c, thread: 'always' as const } : c)),
    };
    const long = { ...item, summary: 'A sentence about the workshop in Haskovo. '.repeat(12) };
    const announcement = plan.posts.find((p) => p.channel === 'x-secon' && p.kind === 'announcement')!;
    const { post } = replanPost(announcement, long, new Date(announcement.plannedAt), {
      config: threads,
      renderer: createRenderer({ config: threads }),
    });
    expect(post.state).toBe('awaiting-approval');
    expect(post.rendered.hold).toMatch(/more than 1 \(platforms\.twitter\.maxThreadParts\)/u);
  });
});

describe('planItem: a post the renderer holds', () => {
  it('is planned awaiting-approval, the others of the item as scheduled', () => {
    const threads = {
      ...config,
      platforms: { ...config.platforms, twitter: { ...config.platforms.twitter, maxThreadParts: 1 } },
      channels: config.channels.map((c) => (c.id === 'x-secon' ? { ...c, thread: 'always' as const } : c)),
    };
    const long = { ...item, summary: 'A sentence about the workshop in Haskovo. '.repeat(12) };
    const held = planItem(long, threads, {
      now: new Date('2023-11-06T06:00:00Z'),
      renderer: createRenderer({ config: threads }),
    });
    const x = held.posts.find((p) => p.channel === 'x-secon' && p.kind === 'announcement')!;
    expect(x.state).toBe('awaiting-approval');
    expect(x.rendered.hold).toBeDefined();
    expect(held.posts.filter((p) => p.channel !== 'x-secon').every((p) => p.state === 'scheduled')).toBe(true);
  });
});
