import type { ChannelConfig, Config } from '../config/config-schema.ts';
import { InputError } from '../input-error.ts';
import { languageNotes, withLanguageNote } from '../news/language-check.ts';
import { itemLanguages, type NewsItem } from '../news/news-item.ts';
import type { PlannedPost, PostKind } from '../posts/post.ts';
import { postIdFor } from '../posts/post.ts';
import { minutesText } from '../time-units.ts';
import { channelSchedule } from './channel-schedule.ts';
import { eventLocalTime, eventStart, formatLocal } from './event-times.ts';
import { NOT_PUBLIC_YET, type Plan, type PlanOptions, type PlanSkip } from './plan.ts';
import { SEARCH_HORIZON_DAYS, SlotCalendar } from './slot-calendar.ts';

/** A post time decided for one channel, before it is multiplied by the channel's languages. */
interface Timing {
  kind: PostKind;
  at: Date;
  notAfter?: Date;
}

/**
 * The plan for one news item: which posts go where, in which language, when.
 *
 * - One post per enabled channel (limited to `item.channels` when given) per language the channel
 *   posts in AND the item has content for. Every configured channel that gets no post is listed in
 *   `skipped` with the reason, so nothing is dropped silently.
 * - Nothing is planned before the item's `published` time: it is when the news becomes public (a
 *   press release under embargo, a partner's item dated ahead). The main post (the item's kind)
 *   goes to the channel's first free slot at or after max(now, published), or to the earliest
 *   time of an explicit `item.schedule` that is in the future and not before `published` (it wins
 *   over slots, gaps and quiet days). A reminder or event-day post whose fixed time falls before
 *   `published` is skipped with the reason, and an event that starts before `published` is not
 *   announced at all.
 * - All languages of the item on one channel share ONE slot: posting the same news in several
 *   languages at once is what a multilingual page does, and the minimum gap exists to keep
 *   DIFFERENT news items apart (see SlotCalendar.isFree).
 * - An announcement of an event also gets a `reminder` (config.planning.reminder) and an
 *   `event-day` post (config.planning.eventDay), both at fixed wall-clock times in the event's
 *   zone, and only when they are in the future, before the event starts, AFTER the main post (a
 *   reminder ahead of the announcement it reminds of would be noise: the announcement is then
 *   itself close enough to the event) by at least the channel's minimum gap ("Reminder: tomorrow"
 *   half an hour after "Save the date" is the same news twice in a row), and not on one of the
 *   channel's quiet days. They ignore busy times and slots: their time is tied to the event, not
 *   to the channel's rhythm.
 * - Posts announcing an event (announcement, reminder, event-day) carry `notAfter` = event start.
 * - The renderer is called with `now` = the post's planned time: the text is read then, so
 *   "tomorrow" or "in 3 days" must be counted from there. A post the renderer holds (a thread
 *   longer than the channel allows, a text it cannot fit) waits in `awaiting-approval`; its
 *   `rendered.hold` says why.
 *
 * Throws InputError when `item.channels` names a channel the configuration does not have.
 */
export function planItem(item: NewsItem, config: Config, options: PlanOptions): Plan {
  checkChannelIds(item, config);
  const posts: PlannedPost[] = [];
  const skipped: PlanSkip[] = [];
  const languages = itemLanguages(item);
  // Said on the posts of a language whose text reads as another (a feed's English item taken as lv).
  const notes = languageNotes(item);

  for (const channel of config.channels) {
    if (item.channels && !item.channels.includes(channel.id)) {
      skipped.push({
        channel: channel.id,
        reason: `not among the item's channels (${item.channels.join(', ')})`,
        chosen: true,
      });
      continue;
    }
    if (!channel.enabled) {
      skipped.push({ channel: channel.id, reason: 'the channel is disabled', chosen: true });
      continue;
    }
    const shared = languages.filter((language) => channel.languages.includes(language));
    if (shared.length === 0) {
      skipped.push({
        channel: channel.id,
        reason:
          `the channel posts in ${channel.languages.join(', ')}; the item has content in ${languages.join(', ')} ` +
          `only`,
      });
      continue;
    }
    const timings = channelTimings(item, config, channel, options, skipped);
    const approval = channel.requireApproval || options.requireApproval === true;
    for (const timing of timings) {
      for (const language of shared) {
        const noted = withLanguageNote(
          options.renderer.render({ item, channel, language, kind: timing.kind, now: timing.at }),
          notes.get(language),
          options.holdOtherLanguage,
        );
        // The item's own hold says more than the text's: its posts should perhaps not exist at all
        // (the renderer's reason stays among the warnings, the language's too).
        const rendered = options.hold ? { ...noted, hold: options.hold } : noted;
        posts.push({
          postId: postIdFor(item.id, channel.id, language, timing.kind),
          newsId: item.id,
          channel: channel.id,
          platform: channel.platform,
          language,
          kind: timing.kind,
          plannedAt: timing.at.toISOString(),
          ...(timing.notAfter ? { notAfter: timing.notAfter.toISOString() } : {}),
          state: approval || rendered.hold ? 'awaiting-approval' : 'scheduled',
          rendered,
        });
      }
    }
  }
  return { newsId: item.id, posts, skipped };
}

/** A typo in `item.channels` must not quietly post nowhere: the item is rejected whole. */
function checkChannelIds(item: NewsItem, config: Config): void {
  if (!item.channels) return;
  const known = new Set(config.channels.map((channel) => channel.id));
  const unknown = item.channels.filter((id) => !known.has(id));
  if (unknown.length) {
    throw new InputError(
      `news item "${item.id}": channels: unknown channel ${unknown.map((id) => `"${id}"`).join(', ')}; expected ` +
        `one of ${[...known].join(', ')}`,
    );
  }
}

/** The post times of one channel: the main post and, for an upcoming event, its follow-ups. */
function channelTimings(
  item: NewsItem,
  config: Config,
  channel: ChannelConfig,
  options: PlanOptions,
  skipped: PlanSkip[],
): Timing[] {
  const now = options.now;
  const calendar = new SlotCalendar(channelSchedule(config, channel));
  const event = item.kind === 'announcement' ? item.event : undefined;
  const start = event ? eventStart(event) : undefined;
  const skip = (kind: PostKind, reason: string): void => {
    skipped.push({ channel: channel.id, kind, reason });
  };

  if (event && start && start.getTime() <= now.getTime()) {
    skip(
      item.kind,
      `the event started at ${formatLocal(start, event.timezone)}; nothing is announced after it started`,
    );
    return [];
  }
  const published = publishedAt(item);
  if (event && start && start.getTime() <= published.getTime()) {
    skip(
      item.kind,
      `the item is published at ${formatLocal(published, event.timezone)}, after the event starts at ` +
        `${formatLocal(start, event.timezone)}; nothing is announced after it started`,
    );
    return [];
  }

  const timings: Timing[] = [];
  const main = mainTime(item, channel.id, calendar, options, start);
  if ('at' in main) timings.push({ kind: item.kind, at: main.at, ...(start ? { notAfter: start } : {}) });
  else skip(item.kind, main.reason);

  if (event && start) {
    const followUps: Array<{ kind: PostKind; enabled: boolean; at: Date }> = [
      {
        kind: 'reminder',
        enabled: config.planning.reminder.enabled,
        at: eventLocalTime(event, config.planning.reminder.daysBefore, config.planning.reminder.time),
      },
      {
        kind: 'event-day',
        enabled: config.planning.eventDay.enabled,
        at: eventLocalTime(event, 0, config.planning.eventDay.time),
      },
    ];
    for (const followUp of followUps) {
      if (!followUp.enabled) continue;
      const when = formatLocal(followUp.at, event.timezone);
      if (followUp.at.getTime() <= now.getTime()) skip(followUp.kind, `its time ${when} has passed`);
      else if (followUp.at.getTime() < published.getTime())
        skip(
          followUp.kind,
          `its time ${when} is before the item is published (${formatLocal(published, event.timezone)}); ` +
            NOT_PUBLIC_YET,
        );
      else if (followUp.at.getTime() >= start.getTime())
        skip(followUp.kind, `its time ${when} is not before the event starts at ${formatLocal(start, event.timezone)}`);
      else if ('at' in main && followUp.at.getTime() <= main.at.getTime())
        skip(followUp.kind, `its time ${when} is not after the ${item.kind} at ${formatLocal(main.at, calendar.zone)}`);
      else if ('at' in main && followUp.at.getTime() - main.at.getTime() < calendar.gapMs)
        skip(
          followUp.kind,
          `its time ${when} is only ${minutesText(followUp.at.getTime() - main.at.getTime())} after the ` +
            `${item.kind} at ${formatLocal(main.at, calendar.zone)}; the channel keeps ` +
            `${minutesText(calendar.gapMs)} between posts (minGapMinutes)`,
        );
      else if (calendar.isQuietDay(followUp.at))
        skip(
          followUp.kind,
          `its time ${when} falls on a quiet day of the channel (${calendar.localDate(followUp.at)})`,
        );
      else timings.push({ kind: followUp.kind, at: followUp.at, notAfter: start });
    }
  }
  return timings;
}

/** The main post's time: explicit schedule first, else the next free slot (before the event, if any). */
function mainTime(
  item: NewsItem,
  channelId: string,
  calendar: SlotCalendar,
  options: PlanOptions,
  start: Date | undefined,
): { at: Date } | { reason: string } {
  const now = options.now;
  const eventNote = start && item.event ? ` at ${formatLocal(start, item.event.timezone)}` : '';
  const published = publishedAt(item);
  if (item.schedule?.length) {
    const future = item.schedule.map((time) => new Date(time)).filter((time) => time.getTime() > now.getTime());
    if (!future.length) return { reason: `every time in the item's schedule (${item.schedule.join(', ')}) has passed` };
    // Validation refuses a schedule time before `published`; this keeps an item stored before that rule safe.
    const at = future
      .filter((time) => time.getTime() >= published.getTime())
      .sort((a, b) => a.getTime() - b.getTime())[0];
    if (!at)
      return {
        reason:
          `no time in the item's schedule (${item.schedule.join(', ')}) is at or after its published time ` +
          `${item.published}; ${NOT_PUBLIC_YET}`,
      };
    if (start && at.getTime() >= start.getTime())
      return { reason: `the scheduled time ${at.toISOString()} is not before the event starts${eventNote}` };
    return { at };
  }
  const at = calendar.nextFreeSlot(slotSearchStart(now, published), {
    busy: options.busy?.(channelId) ?? [],
    ...(start ? { before: start } : {}),
  });
  if (at) return { at };
  return {
    reason: start
      ? `no free posting slot before the event starts${eventNote}; give the item an explicit schedule`
      : `no free posting slot in the next ${SEARCH_HORIZON_DAYS} days (check the channel's slots and quiet days)`,
  };
}

/** When the news becomes public (`published`, resolved to an instant with its offset by validation). */
function publishedAt(item: NewsItem): Date {
  return new Date(item.published);
}

/**
 * The instant slots are searched strictly AFTER: now, or, for an item not yet public, just before
 * its published time, so that a slot at the very instant the embargo lifts is taken.
 */
function slotSearchStart(now: Date, published: Date): Date {
  return published.getTime() > now.getTime() ? new Date(published.getTime() - 1) : now;
}
