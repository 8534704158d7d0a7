import type { FastifyInstance } from 'fastify';
import { InputError } from '../../src/input-error.ts';
import { csvSeparator } from '../../src/log/csv-separator.ts';
import { parseReportFilter, platformOf } from '../../src/log/history-filter-options.ts';
import { buildReport, defaultReportSince, type HistoryReport, reportCsv } from '../../src/log/history-report.ts';
import { type Desk, pageContext, sendPage } from '../desk.ts';
import { REPORT_CHARTS, type ReportChart, type ReportInput, reportChart, reportPage } from '../views/report-view.ts';
import { checkWithFieldLabels, listParam, refusedFields, textParam } from './query-params.ts';

type ReportQuery = { Querystring: Record<string, unknown> };

/** The report form's labels of the options of `secon-bot report` (report-view.ts), for messages. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  channel: 'Channel',
  platform: 'Platform',
  language: 'Language',
  state: 'State',
  since: 'From',
  until: 'Until',
};

/** GET /report (tables and charts), /report/report.csv, /report/chart/<name>.svg, all with the same filters. */
export function registerReportRoutes(server: FastifyInstance, desk: Desk): void {
  const { app, config } = desk;
  const zone = config.project.timezone;

  /** The period and filters asked for; by default the last twelve months, this one included, every post. */
  const inputOf = (query: Record<string, unknown>): ReportInput => ({
    since: textParam(query.since) || defaultReportSince(desk.now(), zone),
    until: textParam(query.until),
    channel: listParam(query.channel),
    // As stored (x is twitter), so the form shows the platform chosen.
    platform: listParam(query.platform).map(platformOf),
    language: listParam(query.language),
    state: listParam(query.state),
  });
  /**
   * The same parsing, checks and report as `secon-bot report`: a channel removed from the
   * configuration is counted while its posts are in the log, as the CLI counts it.
   */
  const reportFor = async (input: ReportInput): Promise<HistoryReport> => {
    const { since, until, filter } = await checkWithFieldLabels(FIELD_LABELS, () =>
      parseReportFilter(app.publishingLog, config, { ...input, until: input.until || undefined }, desk.now()),
    );
    return buildReport(app.publishingLog, { since, until, filter, zone });
  };

  server.get<ReportQuery>('/report', async (request, reply) => {
    const input = inputOf(request.query);
    const ctx = pageContext(desk, request, reply);
    try {
      return sendPage(reply, reportPage(ctx, config, input, await reportFor(input)));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const refused = refusedFields(FIELD_LABELS, error.message);
      return sendPage(reply, reportPage(ctx, config, input, undefined, error.message, refused), 400);
    }
  });

  server.get<ReportQuery>('/report/report.csv', async (request, reply) => {
    const report = await reportFor(inputOf(request.query));
    const separator = csvSeparator(textParam(request.query.separator));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${config.redis.keyPrefix}-report.csv"`)
      .send(reportCsv(report, { bom: true, zone, separator }));
  });

  server.get<ReportQuery & { Params: { name: string } }>('/report/chart/:name', async (request, reply) => {
    const name = request.params.name.replace(/\.svg$/, '') as ReportChart;
    if (!REPORT_CHARTS.includes(name)) return reply.callNotFound();
    const report = await reportFor(inputOf(request.query));
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${config.redis.keyPrefix}-${name}.svg"`)
      .send(`<?xml version="1.0" encoding="UTF-8"?>\n${reportChart(report, name, zone).value}`);
  });
}
