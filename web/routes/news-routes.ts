import type { FastifyInstance } from 'fastify';
import type { WebRole } from '../../src/config/config-schema.ts';
import { counted } from '../../src/counted.ts';
import { InputError } from '../../src/input-error.ts';
import { NEWS_KINDS, type NewsKind } from '../../src/news/news-item.ts';
import { buildSkeleton } from '../../src/news/news-skeleton.ts';
import { unplannedRejections } from '../../src/publishing/news-intake.ts';
import { can } from '../auth/roles.ts';
import { actorOf, type Desk, pageContext, redirectWithFlash, sendPage } from '../desk.ts';
import { checkNews, draftFileName, loadNewsText, UPLOAD_FORMATS } from '../news-check.ts';
import { NewsDrafts } from '../news-drafts.ts';
import { newsPage, scheduledPage } from '../views/news-view.ts';
import { listParam, queryString, textParam } from './query-params.ts';

/** An uploaded file as the multipart parser hands it over (web-server.ts). */
interface UploadedFile {
  name: string;
  text: string;
}

/** GET /news?start=<kind>&language=<code>&title=<text>&translations=<code>…: a news item to fill in. */
type StartQuery = {
  start?: string;
  language?: string;
  title?: string;
  translations?: string | string[];
  timezone?: string;
  location?: string;
  /** The event's day (YYYY-MM-DD, a date field) and start time (HH:MM, a time field). */
  day?: string;
  time?: string;
};

type CheckBody = { file?: UploadedFile | string; text?: string; format?: string; name?: string };

/** GET /news (the form), POST /news/check (validate and preview), POST /news/schedule. */
export function registerNewsRoutes(server: FastifyInstance, desk: Desk): void {
  const { app, config } = desk;
  const drafts = new NewsDrafts(app.redis, app.keys);

  server.get<{ Querystring: StartQuery }>('/news', async (request, reply) => {
    const query = request.query ?? {};
    if (query.start === undefined) return sendPage(reply, newsPage(pageContext(desk, request, reply), config));
    // "Start a news item": the skeleton `secon-bot new` writes, in the textarea to fill in.
    const kind = textParam(query.start);
    try {
      if (!(NEWS_KINDS as readonly string[]).includes(kind))
        throw new InputError(`Kind: unknown kind "${kind}"; expected one of ${NEWS_KINDS.join(', ')}`);
      const language = textParam(query.language);
      const title = textParam(query.title);
      // The event's zone and place: the form offers them for every kind; news has no event to give them to.
      const timezone = kind === 'news' ? '' : textParam(query.timezone);
      const location = kind === 'news' ? '' : textParam(query.location);
      const day = kind === 'news' ? '' : textParam(query.day);
      const time = kind === 'news' ? '' : textParam(query.time);
      if (time && !day) throw new InputError(`Starts at ${time}: give the event day too`);
      const skeleton = buildSkeleton(
        kind as NewsKind,
        {
          ...(language ? { language } : {}),
          ...(title ? { title } : {}),
          ...(timezone ? { timezone } : {}),
          ...(location ? { location } : {}),
          ...(day ? { on: time ? `${day} ${time}` : day } : {}),
          translations: listParam(query.translations).join(','),
          writtenBy: `${request.user!.name} on the review desk`,
          next: 'Check and preview',
        },
        config,
        desk.now(),
      );
      // The same form again in the zone the event more likely has (the note above the text says why).
      const again = skeleton.suggestedZone
        ? `/news${queryString({ ...query, timezone: skeleton.suggestedZone })}`
        : undefined;
      return sendPage(
        reply,
        newsPage(pageContext(desk, request, reply), config, { skeleton, ...(again ? { startAgain: again } : {}) }),
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return redirectWithFlash(request, reply, '/news', { kind: 'error', text: error.message });
    }
  });

  server.post<{ Body: CheckBody }>('/news/check', { config: { permission: 'edit' } }, async (request, reply) => {
    const body = request.body ?? {};
    const file = typeof body.file === 'object' && body.file.name ? body.file : undefined;
    const format = UPLOAD_FORMATS[String(body.format)] ? String(body.format) : '.md';
    const text = file ? file.text : String(body.text ?? '');
    if (!text.trim())
      return redirectWithFlash(request, reply, '/news', { kind: 'error', text: 'Choose a file or paste a news item.' });
    let name: string;
    try {
      name = draftFileName(file?.name ?? (body.name ? String(body.name) : 'pasted'), format);
      // Pasted text in another format than the one its earlier name says: the chosen format wins.
      if (!file && !name.endsWith(format)) name = draftFileName(`${name.replace(/\.[^.]+$/, '')}${format}`, format);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return redirectWithFlash(request, reply, '/news', { kind: 'error', text: error.message });
    }
    const draft = await drafts.save({ name, text, user: request.user!.name });
    // The preview shows the states scheduling would give (waiting for approval, for an editor).
    const check = await checkNews(config, app.intake, name, text, {
      actor: actorOf(request.user!),
      requireApproval: holdsForApproval(request.user!.role, undefined),
    });
    return sendPage(reply, newsPage(pageContext(desk, request, reply), config, { draft, check }));
  });

  // "The event is off": every post of a news item that has not gone out, cancelled at once (the
  // Calendar offers it for one news item), as `secon-bot cancel --news <id>` does.
  server.post<{ Body: { news?: string } }>(
    '/news/cancel',
    { config: { permission: 'edit' } },
    async (request, reply) => {
      // In the body, not the path: a feed item's id may be its URL.
      const newsId = textParam(request.body?.news);
      if (!newsId)
        return redirectWithFlash(request, reply, '/calendar', {
          kind: 'error',
          text: 'Which news item? None was given.',
        });
      const back = `/calendar${queryString({ news: newsId })}`;
      const user = request.user!;
      try {
        const { cancelled, kept } = await app.postActions.cancelNews(newsId, actorOf(user));
        desk.logger.info(
          { user: user.name, action: 'cancel-news', newsId, cancelled: cancelled.length, kept: kept.length },
          'review desk: news item cancelled',
        );
        const gone = kept.filter((r) => r.state !== 'cancelled');
        return redirectWithFlash(request, reply, back, {
          kind: 'ok',
          text:
            `Cancelled ${counted(cancelled.length, 'post', 'posts')} of ${newsId}: none of them will go out.` +
            (gone.length
              ? ` ${counted(gone.length, 'other post is', 'other posts are')} left as ${gone.length === 1 ? 'it is' : 'they are'} (published, ended, or being published: listed below).`
              : ''),
          details: [
            ...cancelled.map((r) => `cancelled ${r.postId}`),
            ...gone.map((r) => `kept ${r.postId}: ${r.state}${r.url ? ` (${r.url})` : ''}`),
          ],
        });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return redirectWithFlash(request, reply, back, { kind: 'error', text: error.message });
      }
    },
  );

  server.post<{ Body: { draft?: string; hold?: string } }>(
    '/news/schedule',
    { config: { permission: 'edit' } },
    async (request, reply) => {
      const user = request.user!;
      const draft = await drafts.get(String(request.body?.draft ?? ''), user.name);
      if (!draft)
        return redirectWithFlash(request, reply, '/news', {
          kind: 'error',
          text: 'That check has expired or belongs to someone else; check the news item again.',
        });
      // Loaded again from the draft: what is scheduled is exactly what was checked, planned as of now.
      const loaded = await loadNewsText(config, draft.name, draft.text);
      const results = await app.intake.take(loaded.items, {
        actor: actorOf(user),
        // `schedule --approval`: nothing goes out without an approver's yes.
        ...(holdsForApproval(user.role, request.body?.hold) ? { requireApproval: true } : {}),
      });
      await drafts.delete(draft.id);
      desk.logger.info(
        { user: user.name, action: 'schedule', items: results.map((r) => [r.newsId, r.status]) },
        'review desk: news scheduled',
      );
      return sendPage(
        reply,
        scheduledPage(
          pageContext(desk, request, reply),
          config,
          results,
          [...loaded.rejected, ...unplannedRejections(results)],
          await app.channels.paused(config.channels.map((c) => c.id)),
        ),
      );
    },
  );
}

/**
 * Whether news scheduled from the desk waits for approval: always for a person who may not approve
 * (an editor scheduling straight to `scheduled` would skip the approval step), and for an approver
 * who ticks "hold for approval".
 */
export function holdsForApproval(role: WebRole, hold: unknown): boolean {
  return !can(role, 'approve') || hold === 'on';
}
