import type { FastifyInstance } from 'fastify';
import { counted } from '../../src/counted.ts';
import { InputError } from '../../src/input-error.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { planOrder } from '../../src/planning/plan-order.ts';
import { RECENT_FAILURE_DAYS } from '../../src/publishing/needing-a-person.ts';
import { actorOf, type Desk, liveLogPosition, pageContext, redirectWithFlash, sendPage } from '../desk.ts';
import { approvalsPage } from '../views/approvals-view.ts';
import { listParam, queryString, textParam } from './query-params.ts';

/** GET /approvals (what waits for a person), POST /approvals/approve (bulk). */
export function registerApprovalRoutes(server: FastifyInstance, desk: Desk): void {
  const { app, config } = desk;

  server.get<{ Querystring: { news?: string } }>('/approvals', async (request, reply) => {
    const news = textParam(request.query?.news);
    const now = desk.now();
    const liveSince = await liveLogPosition(desk);
    const [all, roll, { failed, missed, unconfirmed }, paused] = await Promise.all([
      app.publishingLog.query({ state: ['draft', 'awaiting-approval'] }),
      app.presence.roll(now),
      app.postActions.needingAPerson(now, news ? { newsId: [news] } : {}),
      app.channels.paused(config.channels.map((c) => c.id)),
    ]);
    // Oldest first; posts of the same minute as their plans list them (channels, then languages).
    all.sort(planOrder(config, { timeFirst: true }));
    const waiting = news ? all.filter((r) => r.newsId === news) : all;
    return sendPage(
      reply,
      approvalsPage(pageContext(desk, request, reply, liveSince), config, {
        ...(news ? { news } : {}),
        // What waits for approval per news item, for "only this one" (in order of its oldest post).
        awaitingByNews: countByNews(all.filter(awaitsApproval)),
        awaiting: waiting.filter(awaitsApproval),
        workersRunning: roll.running.length,
        missed,
        unconfirmed,
        failed,
        failedDays: RECENT_FAILURE_DAYS,
        paused,
      }),
    );
  });

  server.post<{ Body: { postId?: string | string[]; news?: string } }>(
    '/approvals/approve',
    { config: { permission: 'approve' } },
    async (request, reply) => {
      const ids = listParam(request.body?.postId);
      // Back to the list as it was: one news item's posts stay that.
      const news = textParam(request.body?.news);
      const back = news ? `/approvals${queryString({ news })}` : '/approvals';
      if (!ids.length)
        return redirectWithFlash(request, reply, back, { kind: 'error', text: 'Select at least one post.' });
      const user = request.user!;
      const approved: string[] = [];
      const channels = new Set<string>();
      const refused: string[] = [];
      // One by one: each approval is its own checked transition; one that fails leaves the others.
      for (const id of ids) {
        try {
          channels.add((await app.postActions.approve(id, actorOf(user))).channel);
          approved.push(id);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          refused.push(error.message);
        }
      }
      desk.logger.info(
        { user: user.name, action: 'approve', approved, refused: refused.length },
        'review desk: bulk approve',
      );
      // A paused channel sends nothing: the message must not let "approved" read as "goes out on time".
      const held = (await app.channels.paused([...channels])).map(
        (p) => ` ${p.channel} is paused: what was approved on it waits until it is resumed.`,
      );
      return redirectWithFlash(request, reply, back, {
        kind: refused.length ? 'error' : 'ok',
        text:
          `Approved ${counted(approved.length, 'post', 'posts')}` +
          `${refused.length ? `; ${refused.length} could not be approved` : ''}.${held.join('')}`,
        details: [...approved.map((id) => `approved ${id}`), ...refused],
      });
    },
  );
}

function awaitsApproval(record: PostRecord): boolean {
  return record.state === 'draft' || record.state === 'awaiting-approval';
}

/** [news id, posts] in the order the records come (oldest post first). */
function countByNews(records: PostRecord[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.newsId, (counts.get(r.newsId) ?? 0) + 1);
  return [...counts];
}
