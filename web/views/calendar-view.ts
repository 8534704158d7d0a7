import { DateTime } from 'luxon';
import type { Config } from '../../src/config/config-schema.ts';
import { counted } from '../../src/counted.ts';
import { languageName } from '../../src/language-name.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import { configuredChannelRank } from '../../src/planning/plan-order.ts';
import { shownText } from '../../src/preview/post-card.ts';
import { html, type SafeHtml } from '../../src/preview/safe-html.ts';
import type { ChannelPause } from '../../src/publishing/channel-state.ts';
import { can } from '../auth/roles.ts';
import { queryString } from '../routes/query-params.ts';
import { filterSelect } from './filter-select.ts';
import { excerpt, failureHtml, localClock, localDateTime, localDay, stateBadge } from './format.ts';
import type { PageContext } from './layout.ts';
import { csrfField, page } from './layout.ts';
import { pausedBadge, pauseNotice } from './pause-notice.ts';
import { noWorkerNotice } from './worker-notice.ts';

/** The calendar's filters as the form shows them. */
export interface CalendarFilters {
  channel: string;
  language: string;
  news: string;
  state: string;
  weeks: number;
}

/** What the calendar shows. */
export interface CalendarData {
  filters: CalendarFilters;
  /** Posts in the window, soonest first. */
  posts: PostRecord[];
  /** Pending posts whose time has passed (the worker will publish them or mark them missed). */
  overdue: PostRecord[];
  /** Posts after the window. */
  later: number;
  from: string;
  until: string;
  paused: ChannelPause[];
  states: readonly string[];
  languages: string[];
  /** Worker processes running now (WorkerPresence): with none, the page says nothing goes out. */
  workersRunning: number;
  /** Narrowed to one news item: how many of its posts can still be cancelled (every channel, any time ahead). */
  cancellable: number;
}

export const CALENDAR_WEEKS = [1, 2, 4, 8, 12] as const;

export function calendarPage(ctx: PageContext, config: Config, data: CalendarData): string {
  const zone = config.project.timezone;
  const { filters } = data;
  const byDay = new Map<string, PostRecord[]>();
  for (const post of data.posts) {
    const day = localDay(post.plannedAt, zone);
    byDay.set(day, [...(byDay.get(day) ?? []), post]);
  }
  const paused = new Set(data.paused.map((p) => p.channel));
  const days = [...byDay.entries()].map(([day, posts]) => dayHtml(config, day, posts, paused));
  const body = html`<h1>Calendar</h1>
<p class="lead">What goes out from ${DateTime.fromISO(data.from, { zone, locale: 'en' }).toFormat('d LLL yyyy')} to ${DateTime.fromISO(data.until, { zone, locale: 'en' }).minus({ days: 1 }).toFormat('d LLL yyyy')}, per channel, in each channel's local time. Days are ${zone} days.</p>
${noWorkerNotice(data.workersRunning, data.posts.length + data.overdue.length > 0)}
<form method="get" action="/calendar" class="filters" aria-label="Filter the calendar">
${filterSelect(
  'f',
  'channel',
  'Channel',
  [filters.channel],
  config.channels.map((c) => [c.id, c.id]),
)}
${filterSelect(
  'f',
  'language',
  'Language',
  [filters.language],
  data.languages.map((l) => [l, languageName(l)]),
)}
<p><label for="f-news">News item</label><input id="f-news" name="news" value="${filters.news}" placeholder="news id"></p>
${filterSelect(
  'f',
  'state',
  'State',
  [filters.state],
  data.states.map((s) => [s, s]),
)}
<p><label for="f-weeks">Weeks</label><select id="f-weeks" name="weeks">${CALENDAR_WEEKS.map((w) => html`<option value="${w}"${w === filters.weeks ? html` selected` : ''}>${w}</option>`)}</select></p>
<p class="actions"><button type="submit">Apply</button> <a href="/calendar">Clear</a></p>
</form>
<div data-live-region>
${cancelNewsForm(ctx, filters.news, data.cancellable)}
${data.paused.map((p) => pauseNotice(config, p, 'Its posts wait.'))}
${
  data.overdue.length
    ? html`<section aria-labelledby="overdue"><h2 id="overdue">Overdue</h2><p>Their time has passed; the worker publishes them or, past the grace period, marks them missed.</p>${channelsHtml(config, data.overdue, { withDate: true, paused })}</section>`
    : ''
}
${days.length ? days : emptyCalendar(filters, data.later)}
${data.later ? html`<p>${counted(data.later, 'more post', 'more posts')} after this period.${moreWeeksLink(filters)}</p>` : ''}
</div>`;
  return page(ctx, { title: 'Calendar', body, live: true });
}

/**
 * One news item's posts that have not gone out, cancelled at once ("the event is off"), for someone
 * who may edit; the browser asks first. Nothing when none is left to cancel.
 */
function cancelNewsForm(ctx: PageContext, news: string, cancellable: number): SafeHtml | string {
  if (!news || cancellable === 0 || !ctx.user || !can(ctx.user.role, 'edit')) return '';
  const posts = counted(cancellable, 'post', 'posts');
  return html`<form method="post" action="/news/cancel" class="news-cancel" data-confirm="Cancel the ${posts} of ${news} that have not gone out? None of them will be published.">${csrfField(ctx)}<input type="hidden" name="news" value="${news}">
<p>${posts} of <strong>${news}</strong> ${cancellable === 1 ? 'has' : 'have'} not gone out yet (on every channel, in any week). <button type="submit" class="danger">Cancel ${cancellable === 1 ? 'it' : 'them all'}</button></p></form>`;
}

/**
 * The same calendar over more weeks: the filters chosen kept (they were dropped, showing every channel again). None at
 * the most weeks the calendar shows: the link led back to the same page.
 */
function moreWeeksLink(filters: CalendarFilters): SafeHtml | '' {
  const weeks = CALENDAR_WEEKS.find((w) => w > filters.weeks);
  if (weeks === undefined) return '';
  const { channel, language, news, state } = filters;
  return html` <a href="/calendar${queryString({ channel, language, news, state, weeks: String(weeks) })}">Show more weeks</a>`;
}

/** An empty calendar: narrowed by filters, or with nothing planned at all yet (then where posts come from). */
function emptyCalendar(filters: CalendarFilters, later: number): SafeHtml {
  // One news item (a post page's link leads here): what went out of it before today is its history.
  if (filters.news)
    return html`<p class="empty">Nothing of ${filters.news} in this period${filters.channel || filters.language || filters.state ? ' for these filters' : ''}. What went out before today is in <a href="/history${queryString({ news: filters.news })}">its history</a>.</p>`;
  if (hasFilter(filters)) return html`<p class="empty">Nothing planned in this period for these filters.</p>`;
  if (later) return html`<p class="empty">Nothing planned in this period.</p>`;
  return html`<p class="empty">Nothing planned in this period. A news item’s posts appear here once it is scheduled on the <a href="/news">News</a> page.</p>`;
}

function hasFilter(f: CalendarFilters): boolean {
  return Boolean(f.channel || f.language || f.news || f.state);
}

function dayHtml(config: Config, day: string, posts: PostRecord[], paused: ReadonlySet<string>): SafeHtml {
  const title = DateTime.fromISO(day, { locale: 'en' }).toFormat('cccc d LLLL yyyy');
  return html`<section class="day" aria-labelledby="d-${day}"><h2 id="d-${day}">${title}</h2>${channelsHtml(config, posts, { paused })}</section>`;
}

/**
 * `withDate`: the cards show the date too (overdue posts are not under a day's heading).
 * `paused`: channels paused now, marked on every day they have posts (the notice is at the top only).
 */
function channelsHtml(
  config: Config,
  posts: PostRecord[],
  options: { withDate?: boolean; paused: ReadonlySet<string> },
): SafeHtml {
  // Every day's columns in the configured order, not in the order of each day's first post.
  const rank = configuredChannelRank(config);
  const channels = [...new Set(posts.map((p) => p.channel))].sort((a, b) => rank(a) - rank(b));
  return html`<div class="channels">${channels.map((channel) => {
    const zone = channelZoneById(config, channel);
    const mine = posts.filter((p) => p.channel === channel);
    const held = options.paused.has(channel) ? pausedBadge() : '';
    return html`<div class="channel"><h3>${channel} <span class="zone">${zone}</span>${held}</h3><ol class="mini-cards">${mine.map((p) => miniCard(p, zone, options.withDate === true))}</ol></div>`;
  })}</div>`;
}

/** A post's card; a failed one says why (the platform's answer), so nobody has to open it to know. */
function miniCard(post: PostRecord, zone: string, withDate: boolean): SafeHtml {
  return html`<li class="mini-card state-line-${post.state}" data-post="${post.postId}">
<p class="mc-head"><time datetime="${post.plannedAt}">${withDate ? localDateTime(post.plannedAt, zone) : localClock(post.plannedAt, zone)}</time> ${stateBadge(post.state)} <span class="lang">${post.language}</span> <span class="kind">${post.kind}</span></p>
<p class="mc-text" lang="${post.language}"><a href="/posts/${encodeURIComponent(post.postId)}">${excerpt(shownText(post.text, post.platform))}</a></p>
${failureHtml(post)}
<p class="mc-foot">${post.newsId}${post.url ? html` · <a href="${post.url}" rel="noopener noreferrer">live post</a>` : ''}</p>
</li>`;
}
