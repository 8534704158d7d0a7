import type { FastifyInstance } from 'fastify';
import { counted } from '../../src/counted.ts';
import { InputError } from '../../src/input-error.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import { planOrder } from '../../src/planning/plan-order.ts';
import { AWAITING_APPROVAL_STATES } from '../../src/posts/post.ts';
import { RECENT_FAILURE_DAYS } from '../../src/publishing/needing-a-person.ts';
import { actorOf, type Desk, liveLogPosition, pageContext, redirectWithFlash, sendPage } from '../desk.ts';
import { approvalsPage } from '../views/approvals-view.ts';
import { localDateTime } from '../views/format.ts';
import { listParam, queryString, textParam } from './query-params.ts';

/** GET /approvals (what waits for a person), POST /approvals/approve (bulk). */
export function registerApprovalRoutes(server: FastifyInstance, desk: Desk): void {
  const { app, config } = desk;

  server.get<{ Querystring: { news?: string } }>('/approvals', async (request, reply) => {
    const news = textParam(request.query?.news);
    const now = desk.now();
    const liveSince = await liveLogPosition(desk);
    const [all, roll, { failed, missed, unconfirmed }, paused] = await Promise.all([
      app.publishingLog.query({ state: [...AWAITING_APPROVAL_STATES] }),
      app.presence.roll(now),
      app.postActions.needingAPerson(now, news ? { newsId: [news] } : {}),
      app.channels.paused(config.channels.map((c) => c.id)),
    ]);
    // Oldest first; posts of the same minute as their plans list them (channels, then languages).
    all.sort(planOrder(config, { timeFirst: true }));
    const awaiting = news ? all.filter((r) => r.newsId === news) : all;
    // What the fitting and the planning said of each post (why it is held, a text cut to fit, tags
    // left out, a text in another language): read before approving, and Approve selected approves
    // many unopened.
    const stored = await app.store.getMany(awaiting.map((r) => r.postId));
    return sendPage(
      reply,
      approvalsPage(pageContext(desk, request, reply, liveSince), config, {
        ...(news ? { news } : {}),
        // What waits for approval per news item, for "only this one" (in order of its oldest post).
        awaitingByNews: countByNews(all),
        awaiting,
        review: new Map(
          awaiting.map((r, i) => {
            const rendered = stored[i]?.post.rendered;
            return [
              r.postId,
              { ...(rendered?.hold ? { hold: rendered.hold } : {}), warnings: rendered?.warnings ?? [] },
            ];
          }),
        ),
        workersRunning: roll.running.length,
        missed,
        unconfirmed,
        failed,
        failedDays: RECENT_FAILURE_DAYS,
        paused,
      }),
    );
  });

  /**
   * A bulk action on the posts ticked on Approvals: each post on its own (each is its own checked
   * transition; one that changed meanwhile is said, the others still done), each in the log with
   * its actor; back to the list as it was (one news item's posts stay that).
   */
  const bulk = (
    name: 'approve' | 'cancel',
    permission: 'approve' | 'edit',
    act: (postId: string, actor: string) => Promise<PostRecord>,
    said: (done: PostRecord[], refused: string[]) => Promise<{ text: string; details: string[] }>,
  ) =>
    server.post<{ Body: { postId?: string | string[]; news?: string } }>(
      `/approvals/${name}`,
      { config: { permission } },
      async (request, reply) => {
        const ids = listParam(request.body?.postId);
        const news = textParam(request.body?.news);
        const back = news ? `/approvals${queryString({ news })}` : '/approvals';
        if (!ids.length)
          return redirectWithFlash(request, reply, back, { kind: 'error', text: 'Select at least one post.' });
        const user = request.user!;
        const done: PostRecord[] = [];
        const refused: string[] = [];
        for (const id of ids) {
          try {
            done.push(await act(id, actorOf(user)));
          } catch (error) {
            if (!(error instanceof InputError)) throw error;
            refused.push(error.message);
          }
        }
        desk.logger.info(
          { user: user.name, action: name, posts: done.map((r) => r.postId), refused: refused.length },
          `review desk: bulk ${name}`,
        );
        return redirectWithFlash(request, reply, back, {
          kind: refused.length ? 'error' : 'ok',
          ...(await said(done, refused)),
        });
      },
    );

  bulk(
    'approve',
    'approve',
    (postId, actor) => app.postActions.approve(postId, actor),
    async (approved, refused) => {
      // A paused channel sends nothing: the message must not let "approved" read as "goes out on time".
      const pauses = await app.channels.paused([...new Set(approved.map((r) => r.channel))]);
      const paused = new Set(pauses.map((p) => p.channel));
      const held = pauses.map((p) => ` ${p.channel} is paused: what was approved on it waits until it is resumed.`);
      // Each post with the time it goes out, in its channel's zone: "approved" alone does not say when.
      const when = (r: PostRecord) =>
        `approved ${r.postId}: scheduled for ${localDateTime(r.plannedAt, channelZoneById(config, r.channel))}` +
        (paused.has(r.channel) ? ` (waits while ${r.channel} is paused)` : '');
      return {
        text:
          `Approved ${counted(approved.length, 'post', 'posts')}` +
          `${refused.length ? `; ${refused.length} could not be approved` : ''}.${held.join('')}`,
        details: [...approved.map(when), ...refused],
      };
    },
  );

  // The selection refused: the posts will not go out.
  bulk(
    'cancel',
    'edit',
    (postId, actor) => app.postActions.cancel(postId, actor),
    async (cancelled, refused) => ({
      text:
        `Cancelled ${counted(cancelled.length, 'post', 'posts')}: ${cancelled.length === 1 ? 'it' : 'they'} will not go out` +
        `${refused.length ? `; ${refused.length} could not be cancelled` : ''}.`,
      details: [...cancelled.map((r) => `cancelled ${r.postId}`), ...refused],
    }),
  );
}

/** [news id, posts] in the order the records come (oldest post first). */
function countByNews(records: PostRecord[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.newsId, (counts.get(r.newsId) ?? 0) + 1);
  return [...counts];
}
