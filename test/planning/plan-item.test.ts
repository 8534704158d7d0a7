import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input-error.ts';
import { LANGUAGE_HOLD } from '../../src/news/language-check.ts';
import type { NewsItem } from '../../src/news/news-item.ts';
import type { Plan } from '../../src/planning/plan.ts';
import { planItem } from '../../src/planning/plan-item.ts';
import type { PlannedPost } from '../../src/posts/post.ts';
import { planningConfig } from '../helpers/config.ts';
import { RecordingRenderer, workshopItem } from '../helpers/planning.ts';

const ATHENS = 'Europe/Athens';
const SOFIA = 'Europe/Sofia';
const at = (text: string, zone = ATHENS): Date => DateTime.fromISO(text, { zone }).toJSDate();
const localOf = (iso: string, zone = ATHENS): string => DateTime.fromISO(iso, { zone }).toFormat('yyyy-MM-dd HH:mm');

function summary(plan: Plan): string[] {
  return plan.posts.map((p) => `${p.channel} ${p.language} ${p.kind} ${localOf(p.plannedAt)}`);
}

function post(plan: Plan, channel: string, kind: string, language = 'en'): PlannedPost {
  const found = plan.posts.find((p) => p.channel === channel && p.kind === kind && p.language === language);
  if (!found) throw new Error(`no ${kind} ${language} post on ${channel} in:\n${summary(plan).join('\n')}`);
  return found;
}

describe('planItem: an announcement weeks ahead', () => {
  const renderer = new RecordingRenderer();
  // Wednesday 1 November 2023, 08:00 in Athens; the Haskovo workshop starts 13 November 09:00 Sofia time.
  const now = at('2023-11-01T08:00');
  const plan = planItem(workshopItem(), planningConfig(), { now, renderer });

  it("plans one post per channel, language and kind, in each channel's next slot", () => {
    expect(summary(plan)).toEqual([
      'x-secon en announcement 2023-11-01 10:00',
      'x-secon en reminder 2023-11-12 09:00',
      'x-secon en event-day 2023-11-13 08:00',
      'linkedin-secon en announcement 2023-11-01 09:30',
      'linkedin-secon en reminder 2023-11-12 09:00',
      'linkedin-secon en event-day 2023-11-13 08:00',
      // Facebook posts in en, de, bg, el; the item has en and bg: both languages share the slot.
      'facebook-secon en announcement 2023-11-01 11:00',
      'facebook-secon bg announcement 2023-11-01 11:00',
      'facebook-secon en reminder 2023-11-12 09:00',
      'facebook-secon bg reminder 2023-11-12 09:00',
      'facebook-secon en event-day 2023-11-13 08:00',
      'facebook-secon bg event-day 2023-11-13 08:00',
    ]);
    expect(plan.skipped).toEqual([]);
    expect(plan.newsId).toBe('haskovo-workshop-2023');
  });

  it('puts the reminder and the event-day post at wall-clock times of the event zone', () => {
    // Athens and Sofia share an offset; check against Sofia explicitly.
    expect(localOf(post(plan, 'x-secon', 'reminder').plannedAt, SOFIA)).toBe('2023-11-12 09:00');
    expect(localOf(post(plan, 'x-secon', 'event-day').plannedAt, SOFIA)).toBe('2023-11-13 08:00');
  });

  it('never lets an event post out after the event starts', () => {
    const start = new Date('2023-11-13T09:00:00+02:00').toISOString();
    for (const p of plan.posts) {
      expect(p.notAfter).toBe(start);
      expect(Date.parse(p.plannedAt)).toBeLessThan(Date.parse(start));
    }
  });

  it("uses deterministic post ids and the channel's platform and state", () => {
    const x = post(plan, 'x-secon', 'announcement');
    expect(x.postId).toBe('haskovo-workshop-2023.x-secon.en.announcement');
    expect(x.platform).toBe('twitter');
    expect(x.state).toBe('scheduled');
    expect(post(plan, 'facebook-secon', 'reminder', 'bg').postId).toBe(
      'haskovo-workshop-2023.facebook-secon.bg.reminder',
    );
    expect(new Set(plan.posts.map((p) => p.postId)).size).toBe(plan.posts.length);
  });

  it('renders each post for its channel, language and kind, as of its planned time', () => {
    expect(renderer.requests).toHaveLength(plan.posts.length);
    const bgReminder = post(plan, 'facebook-secon', 'reminder', 'bg');
    expect(bgReminder.rendered.text).toBe('[reminder/bg] SECON partners meet in Haskovo');
    const request = renderer.requests.find(
      (r) => r.channel.id === 'facebook-secon' && r.kind === 'reminder' && r.language === 'bg',
    )!;
    expect(request.now?.toISOString()).toBe(bgReminder.plannedAt);
  });
});

describe('planItem: slots, busy times and the gap', () => {
  it('moves a channel to its next free slot when another news item is near, all languages together', () => {
    const busy = (channel: string): Date[] => (channel === 'facebook-secon' ? [at('2023-11-01T11:15')] : []);
    const plan = planItem(workshopItem(), planningConfig(), {
      now: at('2023-11-01T08:00'),
      renderer: new RecordingRenderer(),
      busy,
    });
    expect(localOf(post(plan, 'facebook-secon', 'announcement', 'en').plannedAt)).toBe('2023-11-02 11:00');
    expect(localOf(post(plan, 'facebook-secon', 'announcement', 'bg').plannedAt)).toBe('2023-11-02 11:00');
    expect(localOf(post(plan, 'x-secon', 'announcement').plannedAt)).toBe('2023-11-01 10:00');
  });

  it('plans recap and news items at the next free slot, without follow-ups or notAfter', () => {
    const plan = planItem(workshopItem({ id: 'haskovo-recap', kind: 'recap' }), planningConfig(), {
      now: at('2023-11-15T12:00'),
      renderer: new RecordingRenderer(),
    });
    expect(summary(plan)).toEqual([
      'x-secon en recap 2023-11-15 15:00',
      'linkedin-secon en recap 2023-11-16 09:30',
      'facebook-secon en recap 2023-11-16 11:00',
      'facebook-secon bg recap 2023-11-16 11:00',
    ]);
    expect(plan.posts.every((p) => p.notAfter === undefined)).toBe(true);
  });
});

describe('planItem: reminders and event-day posts around the event', () => {
  it('keeps a 09:00 reminder the day before an event that starts at 08:00 the next day', () => {
    const config = planningConfig((raw) => {
      raw.channels[0].schedule.slots = [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], time: '08:00' }];
      // An hour between the announcement and the reminder is the channel's gap: far enough.
      raw.channels[0].schedule.minGapMinutes = 60;
    });
    const item = workshopItem({
      channels: ['x-secon'],
      event: { name: 'Workshop', start: '2026-05-07T08:00:00+03:00', timezone: SOFIA },
    });
    const plan = planItem(item, config, { now: at('2026-05-06T06:30', SOFIA), renderer: new RecordingRenderer() });
    expect(summary(plan)).toEqual(['x-secon en announcement 2026-05-06 08:00', 'x-secon en reminder 2026-05-06 09:00']);
    // The event-day post would be at 08:00 — the very start: not before it, so none.
    expect(plan.skipped).toContainEqual({
      channel: 'x-secon',
      kind: 'event-day',
      reason: expect.stringContaining('not before the event starts'),
    });
  });

  it('leaves out a reminder closer to the announcement than the channel keeps posts apart, saying so', () => {
    // LinkedIn keeps four hours between posts; its announcement takes the 09:30 slot the day before
    // the event, so the 09:00 reminder (Sofia, 09:00 Athens) would follow "Save the date" half an hour later.
    const config = planningConfig((raw) => {
      raw.channels[1].schedule = {
        slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], time: '08:30' }],
        minGapMinutes: 240,
      };
    });
    const item = workshopItem({
      channels: ['linkedin-secon'],
      event: { name: 'Workshop', start: '2026-05-07T10:00:00+03:00', timezone: SOFIA },
    });
    const plan = planItem(item, config, { now: at('2026-05-06T07:00'), renderer: new RecordingRenderer() });
    expect(summary(plan)).toEqual([
      'linkedin-secon en announcement 2026-05-06 08:30',
      'linkedin-secon en event-day 2026-05-07 08:00',
    ]);
    expect(plan.skipped.filter((s) => s.channel === 'linkedin-secon')).toEqual([
      {
        channel: 'linkedin-secon',
        kind: 'reminder',
        reason:
          'its time 2026-05-06 09:00 Europe/Sofia is only 30 minutes after the announcement at 2026-05-06 08:30 ' +
          'Europe/Athens; the channel keeps 240 minutes between posts (minGapMinutes)',
      },
    ]);
  });

  it('plans no reminder and no event-day post for an event two hours away', () => {
    const item = workshopItem({
      channels: ['x-secon'],
      event: { name: 'Workshop', start: '2026-05-07T12:00:00+03:00', timezone: SOFIA },
      schedule: ['2026-05-07T10:30:00+03:00'],
    });
    const plan = planItem(item, planningConfig(), {
      now: at('2026-05-07T10:00', SOFIA),
      renderer: new RecordingRenderer(),
    });
    expect(summary(plan)).toEqual(['x-secon en announcement 2026-05-07 10:30']);
    expect(plan.posts[0]!.notAfter).toBe('2026-05-07T09:00:00.000Z');
    const reasons = plan.skipped.filter((s) => s.channel === 'x-secon').map((s) => `${s.kind}: ${s.reason}`);
    expect(reasons).toEqual([
      'reminder: its time 2026-05-06 09:00 Europe/Sofia has passed',
      'event-day: its time 2026-05-07 08:00 Europe/Sofia has passed',
    ]);
  });

  it('skips an announcement that has no free slot before the event, saying so', () => {
    const item = workshopItem({
      channels: ['x-secon'],
      event: { name: 'Workshop', start: '2026-05-07T12:00:00+03:00', timezone: SOFIA },
    });
    const plan = planItem(item, planningConfig(), {
      now: at('2026-05-07T10:00', SOFIA),
      renderer: new RecordingRenderer(),
    });
    expect(plan.posts).toEqual([]);
    expect(plan.skipped).toContainEqual({
      channel: 'x-secon',
      kind: 'announcement',
      reason: expect.stringMatching(/no free posting slot before the event starts at 2026-05-07 12:00 Europe\/Sofia/),
    });
  });

  it('plans an event-day post only when its time is before the start', () => {
    const later = planItem(
      workshopItem({
        channels: ['x-secon'],
        event: { name: 'W', start: '2026-05-07T14:00:00+03:00', timezone: SOFIA },
      }),
      planningConfig(),
      { now: at('2026-05-04T12:00'), renderer: new RecordingRenderer() },
    );
    expect(localOf(post(later, 'x-secon', 'event-day').plannedAt, SOFIA)).toBe('2026-05-07 08:00');
    const early = planItem(
      workshopItem({
        channels: ['x-secon'],
        event: { name: 'W', start: '2026-05-07T07:30:00+03:00', timezone: SOFIA },
      }),
      planningConfig(),
      { now: at('2026-05-04T12:00'), renderer: new RecordingRenderer() },
    );
    expect(early.posts.map((p) => p.kind)).toEqual(['announcement', 'reminder']);
  });

  it('follows the configured reminder and event-day times, and can turn them off', () => {
    const config = planningConfig((raw) => {
      raw.planning.reminder = { daysBefore: 3, time: '17:30' };
      raw.planning.eventDay = { enabled: false };
    });
    const plan = planItem(workshopItem({ channels: ['x-secon'] }), config, {
      now: at('2023-11-01T08:00'),
      renderer: new RecordingRenderer(),
    });
    expect(summary(plan)).toEqual(['x-secon en announcement 2023-11-01 10:00', 'x-secon en reminder 2023-11-10 17:30']);
  });

  it('leaves out a reminder that falls on a quiet day of the channel', () => {
    const config = planningConfig((raw) => {
      raw.channels[0].schedule.quietDays = ['2023-11-12'];
    });
    const plan = planItem(workshopItem({ channels: ['x-secon'] }), config, {
      now: at('2023-11-01T08:00'),
      renderer: new RecordingRenderer(),
    });
    expect(plan.posts.map((p) => p.kind)).toEqual(['announcement', 'event-day']);
    expect(plan.skipped).toContainEqual({
      channel: 'x-secon',
      kind: 'reminder',
      reason: expect.stringContaining('quiet day'),
    });
  });

  it('announces nothing once the event has started', () => {
    const plan = planItem(workshopItem(), planningConfig(), {
      now: at('2023-11-13T10:00'),
      renderer: new RecordingRenderer(),
    });
    expect(plan.posts).toEqual([]);
    expect(plan.skipped.map((s) => s.channel)).toEqual(['x-secon', 'linkedin-secon', 'facebook-secon']);
    expect(plan.skipped[0]!.reason).toContain('the event started at 2023-11-13 09:00 Europe/Sofia');
  });
});

describe('planItem: an explicit schedule', () => {
  it('wins over slots, busy times and quiet days, taking the earliest future time', () => {
    const config = planningConfig((raw) => {
      raw.planning.schedule.quietDays = ['2026-05-09'];
    });
    const item = workshopItem({
      id: 'secon-news-1',
      kind: 'news',
      event: undefined,
      schedule: ['2026-05-10T12:00:00+03:00', '2026-05-09T18:00:00+03:00', '2026-05-01T10:00:00+03:00'],
    });
    const busy = (): Date[] => [at('2026-05-09T18:00')];
    const plan = planItem(item, config, { now: at('2026-05-05T08:00'), renderer: new RecordingRenderer(), busy });
    // Saturday 18:00 is no slot, is busy and is a quiet day: the item asked for it, so it gets it.
    expect(new Set(plan.posts.map((p) => localOf(p.plannedAt)))).toEqual(new Set(['2026-05-09 18:00']));
    expect(plan.posts).toHaveLength(4);
  });

  it('keeps the event follow-ups of an announcement with an explicit time', () => {
    const plan = planItem(
      workshopItem({ channels: ['linkedin-secon'], schedule: ['2023-11-05T20:00:00+02:00'] }),
      planningConfig(),
      { now: at('2023-11-01T08:00'), renderer: new RecordingRenderer() },
    );
    expect(summary(plan)).toEqual([
      'linkedin-secon en announcement 2023-11-05 20:00',
      'linkedin-secon en reminder 2023-11-12 09:00',
      'linkedin-secon en event-day 2023-11-13 08:00',
    ]);
  });

  it('says so when every explicit time has passed', () => {
    const plan = planItem(
      workshopItem({ kind: 'news', event: undefined, channels: ['x-secon'], schedule: ['2026-05-01T10:00:00+03:00'] }),
      planningConfig(),
      { now: at('2026-05-05T08:00'), renderer: new RecordingRenderer() },
    );
    expect(plan.posts).toEqual([]);
    expect(plan.skipped.filter((s) => s.channel === 'x-secon')).toEqual([
      { channel: 'x-secon', kind: 'news', reason: expect.stringContaining('has passed') },
    ]);
  });
});

describe('planItem: channels, languages and approval', () => {
  const now = at('2023-11-01T08:00');

  it('skips a channel whose languages the item lacks, with the reason', () => {
    const item = workshopItem({ language: 'de', translations: {} });
    const plan = planItem(item, planningConfig(), { now, renderer: new RecordingRenderer() });
    expect(new Set(plan.posts.map((p) => `${p.channel}/${p.language}`))).toEqual(new Set(['facebook-secon/de']));
    expect(plan.skipped).toEqual([
      { channel: 'x-secon', reason: 'the channel posts in en; the item has content in de only' },
      { channel: 'linkedin-secon', reason: 'the channel posts in en; the item has content in de only' },
    ]);
  });

  it('limits the posts to item.channels and lists the others as skipped', () => {
    const plan = planItem(workshopItem({ channels: ['facebook-secon'] }), planningConfig(), {
      now,
      renderer: new RecordingRenderer(),
    });
    expect(new Set(plan.posts.map((p) => p.channel))).toEqual(new Set(['facebook-secon']));
    expect(plan.skipped.map((s) => s.channel)).toEqual(['x-secon', 'linkedin-secon']);
    expect(plan.skipped[0]!.reason).toContain("not among the item's channels");
  });

  it('rejects an item naming an unknown channel', () => {
    expect(() =>
      planItem(workshopItem({ channels: ['facebok-secon'] }), planningConfig(), {
        now,
        renderer: new RecordingRenderer(),
      }),
    ).toThrow(InputError);
    expect(() =>
      planItem(workshopItem({ channels: ['facebok-secon'] }), planningConfig(), {
        now,
        renderer: new RecordingRenderer(),
      }),
    ).toThrow(
      /news item "haskovo-workshop-2023": channels: unknown channel "facebok-secon"; expected one of x-secon, linkedin-secon, facebook-secon/,
    );
  });

  it('skips a disabled channel', () => {
    const plan = planItem(
      workshopItem(),
      planningConfig((raw) => {
        raw.channels[0].enabled = false;
      }),
      { now, renderer: new RecordingRenderer() },
    );
    expect(plan.posts.some((p) => p.channel === 'x-secon')).toBe(false);
    expect(plan.skipped).toEqual([{ channel: 'x-secon', reason: 'the channel is disabled', chosen: true }]);
  });

  it('holds posts for approval on a channel that requires it, or when the caller asks', () => {
    const config = planningConfig((raw) => {
      raw.channels[1].requireApproval = true;
    });
    const plan = planItem(workshopItem(), config, { now, renderer: new RecordingRenderer() });
    const states = new Map(plan.posts.map((p) => [p.channel, p.state]));
    expect(Object.fromEntries(states)).toEqual({
      'x-secon': 'scheduled',
      'linkedin-secon': 'awaiting-approval',
      'facebook-secon': 'scheduled',
    });
    const all = planItem(workshopItem(), planningConfig(), {
      now,
      renderer: new RecordingRenderer(),
      requireApproval: true,
    });
    expect(all.posts.every((p) => p.state === 'awaiting-approval')).toBe(true);
  });
});

describe('planItem: follow-ups across daylight-saving changes', () => {
  it('puts a reminder on the day Sofia springs forward at 09:00 local (06:00Z, not 07:00Z)', () => {
    const item = workshopItem({
      channels: ['x-secon'],
      event: { name: 'W', start: '2026-03-30T10:00:00+03:00', timezone: SOFIA },
    });
    const plan = planItem(item, planningConfig(), { now: at('2026-03-20T12:00'), renderer: new RecordingRenderer() });
    expect(post(plan, 'x-secon', 'reminder').plannedAt).toBe('2026-03-29T06:00:00.000Z');
    expect(post(plan, 'x-secon', 'event-day').plannedAt).toBe('2026-03-30T05:00:00.000Z');
  });

  it('puts a reminder on the day Sofia falls back at 09:00 local (07:00Z, not 06:00Z)', () => {
    const item = workshopItem({
      channels: ['x-secon'],
      event: { name: 'W', start: '2026-10-26T10:00:00+02:00', timezone: SOFIA },
    });
    const plan = planItem(item, planningConfig(), { now: at('2026-10-20T12:00'), renderer: new RecordingRenderer() });
    expect(post(plan, 'x-secon', 'reminder').plannedAt).toBe('2026-10-25T07:00:00.000Z');
  });
});

describe('planItem: nothing is planned before the item is published (an embargo)', () => {
  // Monday 4 May 2026, 08:00 in Athens; x-secon posts on weekdays at 10:00 and 15:00 Athens time.
  const now = at('2026-05-04T08:00');
  const news = (patch: Partial<Record<keyof NewsItem, unknown>>) =>
    workshopItem({ id: 'embargoed', kind: 'news', event: undefined, channels: ['x-secon'], ...patch });
  const announcement = (published: string, start: string) =>
    workshopItem({ channels: ['x-secon'], published, event: { name: 'Workshop', start, timezone: SOFIA } });
  const xSkipped = (plan: Plan) => plan.skipped.filter((s) => s.channel === 'x-secon');

  it('puts the main post at the first free slot after the published time, not at the next slot', () => {
    const plan = planItem(news({ published: '2026-05-06T12:00:00+03:00' }), planningConfig(), {
      now,
      renderer: new RecordingRenderer(),
    });
    expect(summary(plan)).toEqual(['x-secon en news 2026-05-06 15:00']);
  });

  it('takes a slot at the very published instant, and plans as before when published has passed', () => {
    const exact = planItem(news({ published: '2026-05-06T10:00:00+03:00' }), planningConfig(), {
      now,
      renderer: new RecordingRenderer(),
    });
    expect(summary(exact)).toEqual(['x-secon en news 2026-05-06 10:00']);
    const past = planItem(news({ published: '2026-04-01T10:00:00+03:00' }), planningConfig(), {
      now,
      renderer: new RecordingRenderer(),
    });
    expect(summary(past)).toEqual(['x-secon en news 2026-05-04 10:00']);
  });

  it('skips a reminder that falls before the published time, saying so, and keeps the event-day post', () => {
    const item = announcement('2026-05-07T10:30:00+03:00', '2026-05-08T14:00:00+03:00');
    const plan = planItem(item, planningConfig(), { now, renderer: new RecordingRenderer() });
    expect(summary(plan)).toEqual([
      'x-secon en announcement 2026-05-07 15:00',
      'x-secon en event-day 2026-05-08 08:00',
    ]);
    expect(xSkipped(plan)).toEqual([
      {
        channel: 'x-secon',
        kind: 'reminder',
        reason:
          'its time 2026-05-07 09:00 Europe/Sofia is before the item is published (2026-05-07 10:30 Europe/Sofia); ' +
          'nothing goes out before the news is public',
      },
    ]);
  });

  it('announces nothing of an event that starts before the item is published', () => {
    const item = announcement('2026-05-07T10:00:00+03:00', '2026-05-07T09:00:00+03:00');
    const plan = planItem(item, planningConfig(), { now, renderer: new RecordingRenderer() });
    expect(plan.posts).toEqual([]);
    expect(xSkipped(plan)).toEqual([
      {
        channel: 'x-secon',
        kind: 'announcement',
        reason:
          'the item is published at 2026-05-07 10:00 Europe/Sofia, after the event starts at 2026-05-07 09:00 ' +
          'Europe/Sofia; nothing is announced after it started',
      },
    ]);
  });

  it('uses no explicit schedule time before the published time (validation refuses such a file)', () => {
    const plan = planItem(
      news({ published: '2026-05-06T12:00:00+03:00', schedule: ['2026-05-05T10:00:00+03:00'] }),
      planningConfig(),
      { now, renderer: new RecordingRenderer() },
    );
    expect(plan.posts).toEqual([]);
    expect(xSkipped(plan)).toEqual([
      {
        channel: 'x-secon',
        kind: 'news',
        reason:
          "no time in the item's schedule (2026-05-05T10:00:00+03:00) is at or after its published time " +
          '2026-05-06T12:00:00+03:00; nothing goes out before the news is public',
      },
    ]);
    const later = planItem(
      news({
        published: '2026-05-06T12:00:00+03:00',
        schedule: ['2026-05-05T10:00:00+03:00', '2026-05-06T18:00:00+03:00'],
      }),
      planningConfig(),
      { now, renderer: new RecordingRenderer() },
    );
    expect(summary(later)).toEqual(['x-secon en news 2026-05-06 18:00']);
  });
});

/** Taken as Bulgarian (say, from a Bulgarian feed), written in English; its translation is right. */
function englishAsBulgarian(): NewsItem {
  return workshopItem({
    language: 'bg',
    translations: {
      en: {
        title: 'SECON partners meet in Haskovo',
        summary: 'Haskovo Municipality hosts the interregional SECON workshop on the social economy.',
      },
    },
  });
}

describe('planItem: a text that reads as another language than the one it is given in', () => {
  it('warns on the posts of that language only, in what a person reviews', () => {
    const item = englishAsBulgarian();
    const plan = planItem(item, planningConfig(), { now: at('2023-11-01T08:00'), renderer: new RecordingRenderer() });
    const bg = plan.posts.filter((p) => p.language === 'bg');
    expect(bg.length).toBeGreaterThan(0);
    for (const p of bg)
      expect(p.rendered.warnings).toEqual([
        expect.stringMatching(/^the text reads as English \(en\), not Bulgarian \(bg\)/),
      ]);
    for (const p of plan.posts.filter((p) => p.language !== 'bg')) expect(p.rendered.warnings).toEqual([]);
  });

  it("an item's own hold (the same news under a new id) is the one a post shows; the language note stays a warning", () => {
    const plan = planItem(englishAsBulgarian(), planningConfig(), {
      now: at('2023-11-01T08:00'),
      renderer: new RecordingRenderer(),
      holdOtherLanguage: true,
      hold: 'the same news as item haskovo-2023',
    });
    for (const p of plan.posts)
      expect(p).toMatchObject({ state: 'awaiting-approval', rendered: { hold: 'the same news as item haskovo-2023' } });
    const bg = plan.posts.filter((p) => p.language === 'bg');
    for (const p of bg) expect(p.rendered.warnings).toEqual([expect.stringMatching(/^the text reads as English/)]);
  });

  it("holds those posts for a person when asked (a feed's item, whose plan nobody reads)", () => {
    const item = englishAsBulgarian();
    const plan = planItem(item, planningConfig(), {
      now: at('2023-11-01T08:00'),
      renderer: new RecordingRenderer(),
      holdOtherLanguage: true,
    });
    const byLanguage = (language: string) => plan.posts.filter((p) => p.language === language);
    expect(byLanguage('bg').length).toBeGreaterThan(0);
    for (const p of byLanguage('bg'))
      expect(p).toMatchObject({ state: 'awaiting-approval', rendered: { hold: LANGUAGE_HOLD } });
    for (const p of byLanguage('en')) {
      expect(p.rendered.hold).toBeUndefined();
      expect(p.state).toBe('scheduled');
    }
  });
});
