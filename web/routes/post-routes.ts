import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, isAbsolute } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { counted } from '../../src/counted.ts';
import { InputError } from '../../src/input-error.ts';
import { languageName } from '../../src/language-name.ts';
import { resolvedFacts } from '../../src/log/post-facts.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { readsAs } from '../../src/news/language-check.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import { PLATFORM_LIMITS } from '../../src/platforms/platform-limits.ts';
import {
  AWAITING_APPROVAL_STATES,
  CANCELLABLE_STATES,
  EDITABLE_STATES,
  type PlannedPost,
  type PostState,
  RETRYABLE_STATES,
  type RenderedPost,
  TEXT_EDITABLE_STATES,
} from '../../src/posts/post.ts';
import { PLATFORM_LABELS, postCard } from '../../src/preview/post-card.ts';
import { editableText } from '../../src/publishing/edited-text.ts';
import { liveTextReason } from '../../src/publishing/live-text.ts';
import { loggedText, sha256 } from '../../src/publishing/log-entries.ts';
import type { IntakeResult } from '../../src/publishing/news-intake.ts';
import { readWhen } from '../../src/publishing/parse-when.ts';
import { plannedAnew } from '../../src/publishing/post-action-words.ts';
import { measureText } from '../../src/templates/text-measure.ts';
import { can } from '../auth/roles.ts';
import { actorOf, type Desk, liveLogPosition, pageContext, redirectWithFlash, sendPage } from '../desk.ts';
import { localDateTime } from '../views/format.ts';
import { type DeskUser, messagePage } from '../views/layout.ts';
import { goesOutWhen, type PersonText, type PostActionsAllowed, postPage, whilePaused } from '../views/post-view.ts';
import { holdsForApproval } from './news-routes.ts';

type PostParams = { Params: { id: string } };
/** What an action returns: the post's record, with the fitting's warnings for an edit. */
type ActionResult = PostRecord | { record: PostRecord; warnings: string[] };

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

/** The actions a state allows: the domain's state groups (PostActions refuses the others with a reason). */
function allowedActions(state: PostState): PostActionsAllowed {
  return {
    approve: AWAITING_APPROVAL_STATES.includes(state),
    edit: TEXT_EDITABLE_STATES.includes(state),
    reschedule: EDITABLE_STATES.includes(state),
    cancel: CANCELLABLE_STATES.includes(state),
    retry: RETRYABLE_STATES.includes(state),
  };
}

/** The post as it was planned (the stored payload), or, for a post only in the log, its logged text. */
function renderedOf(record: PostRecord, stored: RenderedPost | undefined): RenderedPost {
  if (stored) return stored;
  const { maxTextLength, measure } = PLATFORM_LIMITS[record.platform];
  return {
    text: record.text,
    images: [],
    metrics: { length: measureText(record.text, measure), limit: maxTextLength },
    warnings: [],
  };
}

/**
 * Who wrote a post's text, and, while it can still change, what its news item gives it now (the
 * reviewer compares the person's words with the template's, above all after an edit of the item).
 */
async function personTextOf(desk: Desk, record: PostRecord, post: PlannedPost): Promise<PersonText> {
  const edit = post.edited!;
  if (!TEXT_EDITABLE_STATES.includes(record.state)) return { by: edit.by, at: edit.at };
  const fromItem = await desk.app.postActions.itemText(post);
  if (!fromItem) return { by: edit.by, at: edit.at };
  return {
    by: edit.by,
    at: edit.at,
    itemText: editableText(fromItem, record.platform),
    itemChanged: sha256(loggedText({ ...post, rendered: fromItem })) !== edit.replaced,
  };
}

/**
 * The language the post's news item reads as when it is not the post's (a feed's English item in a
 * German feed), while the post has not gone out: the page offers to plan the item in it
 * (NewsIntake.correctLanguage). Not for a translation's post (its fix is in the news file), nor
 * when the item has a translation in that language.
 */
async function languageFixOf(desk: Desk, record: PostRecord): Promise<string | undefined> {
  if (!CANCELLABLE_STATES.includes(record.state)) return undefined;
  const item = await desk.app.news.get(record.newsId);
  if (!item || item.language !== record.language) return undefined;
  const other = readsAs(item, record.language);
  return other && !item.translations[other] ? other : undefined;
}

/** GET /posts/:id (the post page), its images, and the actions: approve, cancel, reschedule, retry. */
export function registerPostRoutes(server: FastifyInstance, desk: Desk): void {
  const { app, config } = desk;

  server.get<PostParams>('/posts/:id', async (request, reply) => {
    const liveSince = await liveLogPosition(desk);
    const record = await app.publishingLog.get(request.params.id);
    if (!record) return notFound(desk, request, reply);
    const [stored, timeline, [facts], [pause]] = await Promise.all([
      app.store.get(record.postId),
      app.publishingLog.timeline(record.postId),
      resolvedFacts(app.publishingLog, [record.postId]),
      app.channels.paused([record.channel]),
    ]);
    const channel = config.channels.find((c) => c.id === record.channel) ?? {
      id: record.channel,
      platform: record.platform,
      account: record.channel,
    };
    const rendered = renderedOf(record, stored?.post.rendered);
    const zone = channelZoneById(config, record.channel);
    const card = postCard({
      rendered,
      channel,
      plannedAt: record.plannedAt,
      zone,
      language: record.language,
      kind: record.kind,
      postId: record.postId,
      state: record.state,
    });
    const servedImages = new Set(rendered.images.flatMap((image, index) => (isLocalImage(image.src) ? [index] : [])));
    // The rule the edit itself applies (live-text.ts), so the page never offers an edit it refuses.
    const locked = stored && (await liveTextReason(record, stored, app.publishingLog, zone));
    const personText = stored?.post.edited && (await personTextOf(desk, record, stored.post));
    const languageFix = await languageFixOf(desk, record);
    return sendPage(
      reply,
      postPage(pageContext(desk, request, reply, liveSince), config, {
        record,
        card,
        servedImages,
        timeline,
        actions: allowedActions(record.state),
        editableText: editableText(rendered, record.platform),
        ...(facts?.approval ? { approval: facts.approval } : {}),
        ...(pause ? { pause } : {}),
        ...(personText ? { personText } : {}),
        ...(languageFix ? { languageFix } : {}),
        ...(locked ? { editBlocked: `The text can no longer be edited: ${locked}, so the old text may be live.` } : {}),
      }),
    );
  });

  server.get<{ Params: { id: string; index: string } }>('/posts/:id/images/:index', async (request, reply) => {
    const stored = await app.store.get(request.params.id);
    const image = stored?.post.rendered.images[Number(request.params.index)];
    // Only a file a stored post names is ever served: the path comes from the post, not the request.
    if (!image || !isLocalImage(image.src)) return notFound(desk, request, reply);
    const type = IMAGE_TYPES[extname(image.src).toLowerCase()];
    const info = await stat(image.src).catch(() => undefined);
    if (!type || !info?.isFile()) return notFound(desk, request, reply);
    return reply.type(type).header('cache-control', 'private, max-age=300').send(createReadStream(image.src));
  });

  const act = (
    name: string,
    permission: 'edit' | 'approve',
    run: (record: PostRecord, actor: string, body: Record<string, unknown>, user: DeskUser) => Promise<ActionResult>,
    /** The message; `before` is the record as the action found it. */
    done: (record: PostRecord, warnings: string[], paused: boolean, before: PostRecord) => string,
  ) =>
    server.post<PostParams & { Body: Record<string, unknown> }>(
      `/posts/:id/${name}`,
      { config: { permission } },
      async (request, reply) => {
        const postId = request.params.id;
        const back = `/posts/${encodeURIComponent(postId)}`;
        const record = await app.publishingLog.get(postId);
        if (!record) return notFound(desk, request, reply);
        const user = request.user!;
        try {
          const result = await run(record, actorOf(user), request.body ?? {}, user);
          const after = 'record' in result ? result.record : result;
          const warnings = 'record' in result ? result.warnings : [];
          desk.logger.info({ user: user.name, action: name, postId, state: after.state }, `review desk: ${name}`);
          // A paused channel sends nothing: the message must not promise a time the pause overrides.
          const paused = (await app.channels.paused([after.channel])).length > 0;
          return redirectWithFlash(request, reply, back, { kind: 'ok', text: done(after, warnings, paused, record) });
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          return redirectWithFlash(request, reply, back, { kind: 'error', text: error.message });
        }
      },
    );

  act(
    'edit',
    'edit',
    // An editor's change to an approved text needs a new approval: the domain is told whether the
    // user may approve, not their role.
    (record, actor, body, user) =>
      app.postActions.editText(record.postId, String(body.text ?? ''), actor, {
        mayApprove: can(user.role, 'approve'),
      }),
    (r, warnings, _paused, before) =>
      `Text saved and fitted to ${PLATFORM_LABELS[r.platform]} again${warnings.length ? ` (${warnings.join('; ')})` : ''}` +
      `${editedStateText(r.state, before.state)}.`,
  );
  // A person says which language the post's news item is in: the item is planned again in it, and
  // the message is shown on the item's calendar, where its new posts are.
  server.post<PostParams & { Body: Record<string, unknown> }>(
    '/posts/:id/language',
    { config: { permission: 'edit' } },
    async (request, reply) => {
      const record = await app.publishingLog.get(request.params.id);
      if (!record) return notFound(desk, request, reply);
      const user = request.user!;
      const back = `/posts/${encodeURIComponent(record.postId)}`;
      try {
        const result = await app.intake.correctLanguage(record.newsId, String(request.body?.language ?? ''), {
          actor: actorOf(user),
          // As news scheduled from the desk: an editor's new posts wait for an approver.
          ...(holdsForApproval(user.role, undefined) ? { requireApproval: true } : {}),
        });
        desk.logger.info(
          { user: user.name, action: 'language', newsId: record.newsId, status: result.status },
          'review desk: language',
        );
        if (result.status === 'rejected')
          return redirectWithFlash(request, reply, back, {
            kind: 'error',
            text: result.error ?? 'could not be planned',
          });
        return redirectWithFlash(request, reply, `/calendar?news=${encodeURIComponent(record.newsId)}`, {
          kind: 'ok',
          text: languageDoneText(record.newsId, result.language ?? String(request.body?.language), result),
        });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return redirectWithFlash(request, reply, back, { kind: 'error', text: error.message });
      }
    },
  );

  // As the page under the message writes the time ("Mon, 7 Dec 2026, 10:00 EET"), not as the CLI does.
  const when = (record: PostRecord) => localDateTime(record.plannedAt, channelZoneById(config, record.channel));
  act(
    'approve',
    'approve',
    (record, actor) => app.postActions.approve(record.postId, actor),
    (r, _, paused) => `Approved: ${r.postId} is scheduled for ${when(r)}.${whilePaused(r, paused)}`,
  );
  act(
    'cancel',
    'edit',
    (record, actor) => app.postActions.cancel(record.postId, actor),
    (r) => `Cancelled: ${r.postId} will not go out.`,
  );
  act(
    'retry',
    'approve',
    (record, actor) => app.postActions.retry(record.postId, actor),
    (r, _, paused) =>
      `Queued again: ${r.postId} goes out ${goesOutWhen(r, paused)} (after a check that it is not already live).`,
  );
  // A post waiting for approval keeps waiting when moved: the message must not say it goes out then.
  const onceApproved = (r: PostRecord) => (r.state === 'scheduled' ? '' : ' once it is approved');
  act(
    'reschedule',
    'edit',
    async (record, actor, body) => {
      // The note says which instant was taken when the clocks go back and the time happens twice.
      const { at, note } = readWhen(String(body.at ?? ''), channelZoneById(config, record.channel), desk.now());
      const moved = await app.postActions.reschedule(record.postId, at, actor);
      return { record: moved, warnings: [...(note ? [note] : []), ...(await app.postActions.crowding(moved))] };
    },
    (r, warnings, paused) =>
      `Rescheduled: ${r.postId} now goes out ${when(r)}${onceApproved(r)}${warnings.length ? ` (${warnings.join('; ')})` : ''}.${whilePaused(r, paused)}`,
  );
  act(
    'send-now',
    'edit',
    (record, actor) => app.postActions.reschedule(record.postId, desk.now(), actor, { sendNow: true }),
    (r, _, paused) => `${r.postId} goes out ${goesOutWhen(r, paused)}.`,
  );
}

/** What an edit of the text did to the post's state, for the message under "Text saved". */
function editedStateText(state: PostState, before: PostState): string {
  if (state === 'awaiting-approval')
    return before === 'awaiting-approval' ? '; it still waits for approval' : '; it waits for approval again';
  return state === 'failed' || state === 'missed' ? `; it stays ${state} until it is retried` : '';
}

function isLocalImage(src: string): boolean {
  return isAbsolute(src) && !/^[a-z][a-z0-9+.-]*:/i.test(src);
}

function notFound(desk: Desk, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendPage(
    reply,
    messagePage(pageContext(desk, request, reply), 'Not found', 'There is no such post in the publishing log.'),
    404,
  );
}

/** The message after a person said which language a news item is in. */
function languageDoneText(newsId: string, language: string, result: IntakeResult): string {
  const created = result.posts.filter(plannedAnew);
  const waiting = created.filter((p) => p.state === 'awaiting-approval').length;
  const cancelled = result.posts.filter((p) => p.action === 'cancelled').length;
  return (
    `News item ${newsId} is in ${languageName(language)} from now on, for its feed's later polls too: ` +
    `${counted(created.length, 'post', 'posts')} planned in it${waiting ? ` (${waiting} waiting for approval)` : ''}, ` +
    `${counted(cancelled, 'post', 'posts')} of its old language cancelled.`
  );
}
