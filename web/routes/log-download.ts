import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import type { Desk } from '../desk.ts';

/** The formats a selection of the log downloads in. */
export type LogDownloadFormat = 'csv' | 'ndjson';

/** True for a format a selection of the log downloads in (any other is not found). */
export function isLogDownloadFormat(format: string): format is LogDownloadFormat {
  return format === 'csv' || format === 'ndjson';
}

/**
 * Sends a selection of the log (History's posts, Activity's changes) as a download streamed from
 * `chunks`, so memory stays flat however large it is: named `<prefix>-<what>-<day>.<format>`,
 * never cached, and logged with the user who took it.
 */
export function sendLogDownload(
  desk: Desk,
  request: FastifyRequest,
  reply: FastifyReply,
  download: { what: string; format: LogDownloadFormat; chunks: AsyncIterable<string> },
): FastifyReply {
  const { config } = desk;
  const { what, format } = download;
  const day = DateTime.fromJSDate(desk.now(), { zone: config.project.timezone }).toISODate();
  desk.logger.info({ user: request.user?.name, action: 'export', format }, `review desk: ${what} export`);
  return reply
    .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
    .header('content-disposition', `attachment; filename="${config.redis.keyPrefix}-${what}-${day}.${format}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(download.chunks));
}
