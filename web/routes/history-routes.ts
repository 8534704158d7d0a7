import type { FastifyInstance } from 'fastify';
import { InputError } from '../../src/input-error.ts';
import { csvSeparator } from '../../src/log/csv-separator.ts';
import {
  checkLogChannels,
  type HistoryFilterOptions,
  parseHistoryFilter,
  platformOf,
} from '../../src/log/history-filter-options.ts';
import { historyCsv, historyNdjson } from '../../src/log/history-format.ts';
import { historyPage } from '../../src/log/history-page.ts';
import { withNewsIds } from '../../src/log/news-key-lookup.ts';
import { withApprovals } from '../../src/log/post-approval.ts';
import type { HistoryFilter } from '../../src/log/publishing-log.ts';
import { tiesInPlanOrder } from '../../src/planning/plan-order.ts';
import { type Desk, liveLogPosition, pageContext, sendPage } from '../desk.ts';
import { type HistoryParams, historyPage as historyView } from '../views/history-view.ts';
import { isLogDownloadFormat, sendLogDownload } from './log-download.ts';
import { checkWithFieldLabels, listParam, parseWithFieldLabels, refusedFields, textParam } from './query-params.ts';

/** Rows per page of the history page. */
export const HISTORY_PAGE_SIZE = 50;
/** Records read per step of an export: memory stays flat however large the selection. */
const EXPORT_PAGE_SIZE = 1000;

function paramsOf(query: Record<string, unknown>): HistoryParams {
  return {
    channel: listParam(query.channel),
    // As stored (x is twitter), so the form shows the platform chosen.
    platform: listParam(query.platform).map(platformOf),
    language: listParam(query.language),
    news: listParam(query.news),
    state: listParam(query.state),
    kind: listParam(query.kind),
    since: textParam(query.since),
    until: textParam(query.until),
    order: textParam(query.order),
  };
}

/** The history form's labels of the options of `secon-bot history` (history-view.ts), for messages. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  channel: 'Channel',
  platform: 'Platform',
  language: 'Language',
  state: 'State',
  kind: 'Kind',
  since: 'Since',
  until: 'Until',
  order: 'Order',
};

/**
 * The same parser, checks and messages as `secon-bot history`, the messages naming the form's fields;
 * the channels as the CLI takes them (configured, or removed with posts in the log), and each news
 * key turned into the ids its posts carry.
 */
async function filterOf(params: HistoryParams, desk: Desk): Promise<HistoryFilter> {
  const { app, config } = desk;
  const options: HistoryFilterOptions = {
    channel: params.channel,
    platform: params.platform,
    language: params.language,
    news: params.news,
    state: params.state,
    kind: params.kind,
    ...(params.since ? { since: params.since } : {}),
    ...(params.until ? { until: params.until } : {}),
    ...(params.order ? { order: params.order } : {}),
  };
  const filter = parseWithFieldLabels(FIELD_LABELS, () =>
    parseHistoryFilter(options, { timeZone: config.project.timezone }),
  );
  await checkWithFieldLabels(FIELD_LABELS, () => checkLogChannels(app.publishingLog, config, filter.channel));
  return withNewsIds(app.publishingLog, filter, config.channels);
}

/** GET /history (paged by cursor), GET /history/export.csv and .ndjson (streamed). */
export function registerHistoryRoutes(server: FastifyInstance, desk: Desk): void {
  const { app, config } = desk;
  const zone = config.project.timezone;

  server.get<{ Querystring: Record<string, unknown> }>('/history', async (request, reply) => {
    const params = paramsOf(request.query);
    const cursor = textParam(request.query.cursor) || undefined;
    // Read before the page's data: its live region catches up on what comes after (desk.ts).
    const ctx = pageContext(desk, request, reply, await liveLogPosition(desk));
    try {
      const filter = await filterOf(params, desk);
      const found = await historyPage(app.publishingLog, filter, {
        size: HISTORY_PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      return sendPage(
        reply,
        historyView(ctx, config, {
          params,
          records: tiesInPlanOrder(found.records, config),
          ...(found.next ? { next: found.next } : {}),
          paged: Boolean(cursor),
        }),
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return sendPage(
        reply,
        historyView(ctx, config, {
          params,
          records: [],
          paged: false,
          problem: error.message,
          refused: refusedFields(FIELD_LABELS, error.message),
        }),
        400,
      );
    }
  });

  server.get<{ Params: { format: string }; Querystring: Record<string, unknown> }>(
    '/history/export.:format',
    async (request, reply) => {
      const format = request.params.format;
      if (!isLogDownloadFormat(format)) return reply.callNotFound();
      const log = app.publishingLog;
      const filter = await filterOf(paramsOf(request.query), desk);
      const separator = csvSeparator(textParam(request.query.separator));
      async function* chunks(): AsyncGenerator<string> {
        let cursor: string | undefined;
        let first = true;
        do {
          const page = await historyPage(log, filter, { size: EXPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
          // Who approved each post and when, as `history --format csv` and the NDJSON of the CLI say it.
          const records = await withApprovals(log, tiesInPlanOrder(page.records, config));
          if (format === 'csv') {
            // A byte order mark, so spreadsheet programs read Greek and Bulgarian right.
            if (first || records.length)
              yield historyCsv(records, { zone, bom: first, header: first, approvals: true, separator });
          } else if (records.length) yield historyNdjson(records);
          first = false;
          cursor = page.next;
        } while (cursor);
      }
      return sendLogDownload(desk, request, reply, { what: 'history', format, chunks: chunks() });
    },
  );
}
