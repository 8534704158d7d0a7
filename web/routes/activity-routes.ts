import type { FastifyInstance } from 'fastify';
import { InputError } from '../../src/input-error.ts';
import { activityCsv, activityNdjson } from '../../src/log/activity-format.ts';
import { type ActivityOptionInput, activityChannels, parseActivityOptions } from '../../src/log/activity-options.ts';
import { csvSeparator } from '../../src/log/csv-separator.ts';
import { checkLogChannels } from '../../src/log/history-filter-options.ts';
import { activityPages, readActivity } from '../../src/log/log-activity.ts';
import { type Desk, liveLogPosition, pageContext, sendPage } from '../desk.ts';
import { type ActivityParams, activityPage } from '../views/activity-view.ts';
import { isLogDownloadFormat, sendLogDownload } from './log-download.ts';
import { checkWithFieldLabels, listParam, parseWithFieldLabels, refusedFields, textParam } from './query-params.ts';

/** The activity form's labels of the options of `secon-bot activity`, for messages. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  by: 'By',
  news: 'News item',
  channel: 'Channel',
  since: 'Since',
  until: 'Until',
  before: 'Page',
};

/** The params as `secon-bot activity` takes its options (times only when given). */
function optionsOf(params: ActivityParams, before: string): ActivityOptionInput {
  return {
    by: params.by,
    news: params.news,
    channel: params.channel,
    ...(params.since ? { since: params.since } : {}),
    ...(params.until ? { until: params.until } : {}),
    ...(before ? { before } : {}),
  };
}

function paramsOf(query: Record<string, unknown>): ActivityParams {
  return {
    by: listParam(query.by),
    news: listParam(query.news),
    channel: listParam(query.channel),
    since: textParam(query.since),
    until: textParam(query.until),
  };
}

/**
 * GET /activity: the log's changes and the channels' pauses and resumes, newest first, with who
 * made each; paged by log id as the CLI's --before. GET /activity/export.csv and .ndjson: every
 * change that matches, streamed.
 */
export function registerActivityRoutes(server: FastifyInstance, desk: Desk): void {
  const { app, config } = desk;
  const zone = config.project.timezone;
  const parse = (params: ActivityParams, before = '') =>
    parseWithFieldLabels(FIELD_LABELS, () => parseActivityOptions(optionsOf(params, before), { timeZone: zone }));
  // The options checked first: a refused filter costs no read of the channels' pauses.
  const matching = async (options: ReturnType<typeof parse>) => {
    await checkWithFieldLabels(FIELD_LABELS, () => checkLogChannels(app.publishingLog, config, options.channel));
    return { ...options, channelEvents: await app.channels.allHistory(activityChannels(config, options)) };
  };

  server.get<{ Querystring: Record<string, unknown> }>('/activity', async (request, reply) => {
    const params = paramsOf(request.query);
    const before = textParam(request.query.before);
    // Read before the page's data: its live region catches up on what comes after (desk.ts).
    const ctx = pageContext(desk, request, reply, await liveLogPosition(desk));
    try {
      const found = await readActivity(app.publishingLog, await matching(parse(params, before)));
      return sendPage(reply, activityPage(ctx, config, { params, found, paged: Boolean(before) }));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const refused = refusedFields(FIELD_LABELS, error.message);
      return sendPage(
        reply,
        activityPage(ctx, config, {
          params,
          found: { entries: [], channelEvents: [] },
          paged: false,
          problem: error.message,
          refused,
        }),
        400,
      );
    }
  });

  server.get<{ Params: { format: string }; Querystring: Record<string, unknown> }>(
    '/activity/export.:format',
    async (request, reply) => {
      const format = request.params.format;
      if (!isLogDownloadFormat(format)) return reply.callNotFound();
      const wanted = await matching(parse(paramsOf(request.query)));
      const separator = csvSeparator(textParam(request.query.separator));
      async function* chunks(): AsyncGenerator<string> {
        // The header first (with a byte order mark for spreadsheet programs): an empty export still opens.
        if (format === 'csv') yield activityCsv([], { zone, bom: true, separator });
        for await (const changes of activityPages(app.publishingLog, wanted))
          yield format === 'csv' ? activityCsv(changes, { zone, header: false, separator }) : activityNdjson(changes);
      }
      return sendLogDownload(desk, request, reply, { what: 'activity', format, chunks: chunks() });
    },
  );
}
