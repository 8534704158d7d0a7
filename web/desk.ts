import type {} from '@fastify/csrf-protection';
import type {} from '@fastify/session';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app/create-app.ts';
import type { ChannelConfig, Config } from '../src/config/config-schema.ts';
import type { Logger } from '../src/logger.ts';
import type { DoctorCheck } from '../src/platforms/channel-check.ts';
import type { LoginThrottle } from './auth/login-throttle.ts';
import type { Permission } from './auth/roles.ts';
import type { SessionLogin } from './auth/session-user.ts';
import { newestLogId } from './live/log-position.ts';
import type { LogTail } from './live/log-tail.ts';
import type { DeskUser, Flash, PageContext } from './views/layout.ts';

/**
 * What every route of the review desk works with: the app (the same domain services as the CLI) and the desk's own
 * parts.
 */
export interface Desk {
  app: App;
  config: Config;
  logger: Logger;
  tail: LogTail;
  throttle: LoginThrottle;
  /** Checks one channel's credentials (the doctor's check). */
  checkChannel(channel: ChannelConfig): Promise<DoctorCheck>;
  now(): Date;
}

declare module 'fastify' {
  interface Session {
    /** Who logged in (checked against the configuration on every request: auth/session-user.ts). */
    login?: SessionLogin;
    flash?: Flash;
  }
  interface FastifyRequest {
    /** The person, from the session (as configured now) or the trusted proxy header. */
    user?: DeskUser;
  }
  interface FastifyContextConfig {
    /** Reachable without logging in (login page, static files). */
    public?: boolean;
    /** What the route needs beyond `read`. */
    permission?: Permission;
    /**
     * Its CSRF token is checked only for a logged-in person (logout): without a login there is
     * nothing a forged form could do, and a page left open past the session's end must still log
     * out, not answer "Form expired".
     */
    csrfOnlyWhenLoggedIn?: boolean;
  }
}

/** The name of the session cookie (set by the session plugin, cleared at logout). */
export const SESSION_COOKIE = 'secon_desk';

/** The actor written to the publishing log for an action of this person. */
export function actorOf(user: DeskUser): string {
  return `web:${user.name}`;
}

/**
 * The page context of a request: user, a CSRF token for its forms, the flash message (shown once)
 * and, for a live page, the log position read before its data ({@link liveLogPosition}).
 */
export function pageContext(desk: Desk, request: FastifyRequest, reply: FastifyReply, liveSince?: string): PageContext {
  const flash = request.session?.flash;
  if (flash) delete request.session.flash;
  return {
    ...(request.user ? { user: request.user } : {}),
    csrf: reply.generateCsrf(),
    path: request.url.split('?')[0] ?? '/',
    projectName: desk.config.project.name,
    ...(flash ? { flash } : {}),
    ...(liveSince ? { liveSince } : {}),
  };
}

/**
 * Where the publishing log stands, for a live page: read before the page's data, it is passed to
 * {@link pageContext}, and the page's event stream sends what came after (a post published while
 * the page was made, or before the browser opened the stream, would otherwise never refresh it).
 */
export function liveLogPosition(desk: Desk): Promise<string> {
  return newestLogId(desk.app.redis, desk.app.keys.logStream);
}

/** Shows `flash` on the next page and sends the browser there (303: the next request is a GET). */
export function redirectWithFlash(
  request: FastifyRequest,
  reply: FastifyReply,
  to: string,
  flash: Flash,
): FastifyReply {
  request.session.flash = flash;
  return reply.redirect(to, 303);
}

/** Sends a full HTML page. */
export function sendPage(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}
