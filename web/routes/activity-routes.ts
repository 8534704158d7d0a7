import type { FastifyInstance } from 'fastify';
import { InputError } from '../../src/input-error.ts';
import { parseActivityOptions } from '../../src/log/activity-options.ts';
import { readActivity } from '../../src/log/log-activity.ts';
import { type Desk, pageContext, sendPage } from '../desk.ts';
import { type ActivityParams, activityPage } from '../views/activity-view.ts';
import { listParam, parseWithFieldLabels, refusedFields, textParam } from './query-params.ts';

/** The activity form's labels of the options of `secon-bot activity`, for messages. */
const FIELD_LABELS: Readonly<Record<string, string>> = { by: 'By', since: 'Since', until: 'Until', before: 'Page' };

/** GET /activity: the log's changes, newest first, with who made each; paged by log id as the CLI's --before. */
export function registerActivityRoutes(server: FastifyInstance, desk: Desk): void {
  const { app, config } = desk;

  server.get<{ Querystring: Record<string, unknown> }>('/activity', async (request, reply) => {
    const params: ActivityParams = {
      by: listParam(request.query.by),
      since: textParam(request.query.since),
      until: textParam(request.query.until),
    };
    const before = textParam(request.query.before);
    const ctx = pageContext(desk, request, reply);
    try {
      const options = parseWithFieldLabels(FIELD_LABELS, () =>
        parseActivityOptions(
          {
            by: params.by,
            ...(params.since ? { since: params.since } : {}),
            ...(params.until ? { until: params.until } : {}),
            ...(before ? { before } : {}),
          },
          { timeZone: config.project.timezone },
        ),
      );
      const found = await readActivity(app.publishingLog, options);
      return sendPage(reply, activityPage(ctx, config, { params, found, paged: Boolean(before) }));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const refused = refusedFields(FIELD_LABELS, error.message);
      return sendPage(
        reply,
        activityPage(ctx, config, { params, found: { entries: [] }, paged: false, problem: error.message, refused }),
        400,
      );
    }
  });
}
