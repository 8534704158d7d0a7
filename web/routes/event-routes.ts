import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Desk } from '../desk.ts';

/** A comment line every so often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000;

/**
 * GET /events: server-sent events, one `post` event per new entry of the publishing log (post id,
 * state, channel, time; never the text). The live pages reload their live region on each.
 */
export function registerEventRoutes(server: FastifyInstance, desk: Desk): void {
  // The open streams: a stream never ends by itself, and the server's close waits for every open
  // connection, so a desk with one live page open in a browser never stopped on SIGTERM. They are
  // ended before the close (the browser's EventSource reconnects, to another instance if any).
  const open = new Set<ServerResponse>();
  server.addHook('preClose', async () => {
    for (const raw of open) raw.end();
  });
  server.get('/events', async (request, reply) => {
    reply.hijack();
    const raw = reply.raw;
    // The security headers set so far (hijacked, the reply no longer sends them itself).
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) raw.setHeader(name, value);
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Reverse proxies must pass events on as they come.
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 3000\n\n');
    const unsubscribe = desk.tail.subscribe((entry) => {
      const data = { postId: entry.postId, state: entry.state, channel: entry.channel, at: entry.at };
      raw.write(`id: ${entry.logId}\nevent: post\ndata: ${JSON.stringify(data)}\n\n`);
    });
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
    open.add(raw);
    request.raw.on('close', () => {
      open.delete(raw);
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
}
