import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { InputError } from '../../src/input-error.ts';
import { parseHistoryFilter } from '../../src/log/history-filter-options.ts';
import { buildReport, type HistoryReport, reportCsv } from '../../src/log/history-report.ts';
import { type Desk, pageContext, sendPage } from '../desk.ts';
import { REPORT_CHARTS, type ReportChart, reportChart, reportPage } from '../views/report-view.ts';
import { parseWithFieldLabels, textParam } from './query-params.ts';

type ReportQuery = { Querystring: Record<string, unknown> };

/** The report form's labels of the options of `secon-bot report` (report-view.ts), for messages. */
const FIELD_LABELS: Readonly<Record<string, string>> = { since: 'From', until: 'Until' };

/** GET /report (tables and charts), /report/report.csv, /report/chart/<name>.svg. */
export function registerReportRoutes(server: FastifyInstance, desk: Desk): void {
  const { app, config } = desk;
  const zone = config.project.timezone;

  /** The period asked for; by default the last twelve months, this one included. */
  const periodOf = (query: Record<string, unknown>) => {
    const start = DateTime.fromJSDate(desk.now(), { zone }).startOf('month').minus({ months: 11 });
    return { since: textParam(query.since) || start.toFormat('yyyy-MM-dd'), until: textParam(query.until) };
  };
  /** The same parsing and report as `secon-bot report`. */
  const reportFor = async (input: { since: string; until: string }): Promise<HistoryReport> => {
    const { since, until } = parseWithFieldLabels(FIELD_LABELS, () =>
      parseHistoryFilter({ since: input.since, until: input.until || '0m' }, { timeZone: zone, now: desk.now() }),
    );
    return buildReport(app.publishingLog, { since: since!, until: until!, zone });
  };

  server.get<ReportQuery>('/report', async (request, reply) => {
    const input = periodOf(request.query);
    const ctx = pageContext(desk, request, reply);
    try {
      return sendPage(reply, reportPage(ctx, config, input, await reportFor(input)));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return sendPage(reply, reportPage(ctx, config, input, undefined, error.message), 400);
    }
  });

  server.get<ReportQuery>('/report/report.csv', async (request, reply) => {
    const report = await reportFor(periodOf(request.query));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${config.redis.keyPrefix}-report.csv"`)
      .send(reportCsv(report, { bom: true }));
  });

  server.get<ReportQuery & { Params: { name: string } }>('/report/chart/:name', async (request, reply) => {
    const name = request.params.name.replace(/\.svg$/, '') as ReportChart;
    if (!REPORT_CHARTS.includes(name)) return reply.callNotFound();
    const report = await reportFor(periodOf(request.query));
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${config.redis.keyPrefix}-${name}.svg"`)
      .send(`<?xml version="1.0" encoding="UTF-8"?>\n${reportChart(report, name).value}`);
  });
}
