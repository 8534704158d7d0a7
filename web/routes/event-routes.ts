import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { RedisSessionStore } from '../auth/redis-session-store.ts';
import type { Desk } from '../desk.ts';
import { logChangedSince } from '../live/log-position.ts';

/** A comment line every so often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000;

export interface EventRouteOptions {
  /** The desk's sessions: a stream ends once its session is logged out or past its end. */
  sessions: Pick<RedisSessionStore, 'isOpen'>;
  /** Keep-alive and session check interval. Default {@link HEARTBEAT_MS}. */
  heartbeatMs?: number;
}

/**
 * GET /events: server-sent events, one `post` event per new entry of the publishing log (post id,
 * state, channel, time; never the text), and first a `changed` event when the log moved on since
 * the page was made (`?since=`) or since the browser's last event (a reconnect). The live pages
 * reload their live region on each.
 * The login is checked when the stream opens, like every page; a stream then lives for hours, so at
 * each heartbeat it ends if its session was logged out (in another tab) or has reached its end: a
 * person who logged out must not go on being told what is published.
 */
export function registerEventRoutes(server: FastifyInstance, desk: Desk, options: EventRouteOptions): void {
  // The open streams: a stream never ends by itself, and the server's close waits for every open
  // connection, so a desk with one live page open in a browser never stopped on SIGTERM. They are
  // ended before the close (the browser's EventSource reconnects, to another instance if any).
  const open = new Set<ServerResponse>();
  server.addHook('preClose', async () => {
    for (const raw of open) raw.end();
  });
  server.get<{ Querystring: { since?: string } }>('/events', async (request, reply) => {
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
    // Where the page stood: the log's position when it was made (?since=), or the last event the
    // browser had before it reconnected (Last-Event-ID). Subscribed first, then asked: a change
    // lands in one or the other, at worst in both (one more refresh), never in neither.
    const since = request.headers['last-event-id'] ?? request.query?.since;
    if (typeof since === 'string' && (await logChangedSince(desk.app.redis, desk.app.keys.logStream, since))) {
      if (!raw.writableEnded && !raw.destroyed) raw.write('event: changed\ndata: {}\n\n');
    }
    // A person named by the trusted proxy's header has no session here: the proxy decides each
    // request, the reconnect included, so there is no logout to follow.
    const sessionId = request.session.login ? request.session.sessionId : undefined;
    const heartbeat = setInterval(() => {
      // Fails closed: with Redis unreachable the stream ends too, and the browser's reconnect is
      // checked like any request. The answer may come after the page went away: never write then.
      const beat = (open: boolean) => {
        if (raw.writableEnded || raw.destroyed) return;
        if (open) raw.write(': keep-alive\n\n');
        else raw.end();
      };
      if (sessionId === undefined) beat(true);
      else options.sessions.isOpen(sessionId).then(beat, () => beat(false));
    }, options.heartbeatMs ?? HEARTBEAT_MS);
    open.add(raw);
    request.raw.on('close', () => {
      open.delete(raw);
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
}
