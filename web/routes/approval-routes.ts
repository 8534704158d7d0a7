import type { FastifyInstance } from 'fastify';
import { InputError } from '../../src/input-error.ts';
import { planOrder } from '../../src/planning/plan-order.ts';
import { actorOf, type Desk, pageContext, redirectWithFlash, sendPage } from '../desk.ts';
import { approvalsPage } from '../views/approvals-view.ts';
import { listParam } from './query-params.ts';

/** GET /approvals (what waits for a person), POST /approvals/approve (bulk). */
export function registerApprovalRoutes(server: FastifyInstance, desk: Desk): void {
  const { app, config } = desk;

  server.get('/approvals', async (request, reply) => {
    const waiting = await app.publishingLog.query({ state: ['draft', 'awaiting-approval', 'missed', 'unconfirmed'] });
    // Oldest first; posts of the same minute as their plans list them (channels, then languages).
    waiting.sort(planOrder(config, { timeFirst: true }));
    return sendPage(
      reply,
      approvalsPage(pageContext(desk, request, reply), config, {
        awaiting: waiting.filter((r) => r.state === 'draft' || r.state === 'awaiting-approval'),
        missed: waiting.filter((r) => r.state === 'missed'),
        unconfirmed: waiting.filter((r) => r.state === 'unconfirmed'),
      }),
    );
  });

  server.post<{ Body: { postId?: string | string[] } }>(
    '/approvals/approve',
    { config: { permission: 'approve' } },
    async (request, reply) => {
      const ids = listParam(request.body?.postId);
      if (!ids.length)
        return redirectWithFlash(request, reply, '/approvals', { kind: 'error', text: 'Select at least one post.' });
      const user = request.user!;
      const approved: string[] = [];
      const refused: string[] = [];
      // One by one: each approval is its own checked transition; one that fails leaves the others.
      for (const id of ids) {
        try {
          await app.postActions.approve(id, actorOf(user));
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
      return redirectWithFlash(request, reply, '/approvals', {
        kind: refused.length ? 'error' : 'ok',
        text:
          `Approved ${approved.length} post(s)` +
          `${refused.length ? `; ${refused.length} could not be approved` : ''}.`,
        details: [...approved.map((id) => `approved ${id}`), ...refused],
      });
    },
  );
}
