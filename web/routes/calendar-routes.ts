import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { planOrder } from '../../src/planning/plan-order.ts';
import { CANCELLABLE_STATES, FINAL_STATES, type PostState } from '../../src/posts/post.ts';
import { type Desk, liveLogPosition, pageContext, sendPage } from '../desk.ts';
import { CALENDAR_WEEKS, type CalendarFilters, calendarPage } from '../views/calendar-view.ts';
import { channelLanguages } from '../views/filter-select.ts';
import { textParam } from './query-params.ts';

/** The states the agenda lists (still to go out), then those a post reaches when it has gone. */
const AGENDA_STATES: readonly PostState[] = ['draft', 'awaiting-approval', 'scheduled', 'publishing'];

/** GET /calendar: the coming weeks per channel. */
export function registerCalendarRoutes(server: FastifyInstance, desk: Desk): void {
  server.get<{ Querystring: Record<string, unknown> }>('/calendar', async (request, reply) => {
    const { config, app } = desk;
    const weeks = Number(textParam(request.query.weeks) || 4);
    const filters: CalendarFilters = {
      channel: textParam(request.query.channel),
      language: textParam(request.query.language),
      news: textParam(request.query.news),
      state: textParam(request.query.state),
      weeks: (CALENDAR_WEEKS as readonly number[]).includes(weeks) ? weeks : 4,
    };
    const now = desk.now();
    const from = DateTime.fromJSDate(now, { zone: config.project.timezone }).startOf('day');
    const until = from.plus({ weeks: filters.weeks });
    const channel = filters.channel ? [filters.channel] : undefined;
    // What is still to go out (the agenda, as `secon-bot agenda`), and what went out since the
    // start of today, so a post stays on the calendar after the worker published it.
    const liveSince = await liveLogPosition(desk);
    const [pending, gone, paused, roll, cancellable] = await Promise.all([
      app.postActions.agenda(channel),
      app.publishingLog.query({
        since: from.toUTC().toISO()!,
        state: [...FINAL_STATES],
        ...(channel ? { channel } : {}),
      }),
      app.channels.paused(config.channels.map((c) => c.id)),
      app.presence.roll(now),
      // Narrowed to one news item: what "cancel them all" would cancel, on every channel and in any week.
      filters.news
        ? app.publishingLog.query({ newsId: [filters.news], state: [...CANCELLABLE_STATES] })
        : Promise.resolve([]),
    ]);
    const wanted = (r: PostRecord) =>
      (!filters.language || r.language === filters.language) &&
      (!filters.news || r.newsId === filters.news) &&
      (!filters.state || r.state === filters.state);
    const fromMs = from.toMillis();
    const untilMs = until.toMillis();
    const nowMs = now.getTime();
    const posts: PostRecord[] = [];
    const overdue: PostRecord[] = [];
    let later = 0;
    for (const record of [...pending, ...gone]) {
      if (!wanted(record)) continue;
      const at = Date.parse(record.plannedAt);
      if (at >= untilMs) later++;
      else if (at < fromMs || (at < nowMs && !FINAL_STATES.has(record.state) && record.state !== 'publishing')) {
        if (!FINAL_STATES.has(record.state)) overdue.push(record);
      } else posts.push(record);
    }
    const order = planOrder(config, { timeFirst: true });
    posts.sort(order);
    overdue.sort(order);
    const languages = channelLanguages(config);
    return sendPage(
      reply,
      calendarPage(pageContext(desk, request, reply, liveSince), config, {
        filters,
        posts,
        overdue,
        later,
        from: from.toISO()!,
        until: until.toISO()!,
        paused,
        states: [...AGENDA_STATES, ...FINAL_STATES],
        languages,
        workersRunning: roll.running.length,
        cancellable: cancellable.length,
      }),
    );
  });
}
