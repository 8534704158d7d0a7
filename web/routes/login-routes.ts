import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../src/config/config-schema.ts';
import { counted } from '../../src/counted.ts';
import { html } from '../../src/preview/safe-html.ts';
import { UNKNOWN_USER_HASH, verifyPassword } from '../auth/password-hash.ts';
import { passwordStamp } from '../auth/session-user.ts';
import { type Desk, pageContext, SESSION_COOKIE, sendPage } from '../desk.ts';
import { csrfField, type DeskUser, type PageContext, page } from '../views/layout.ts';

/**
 * A typed user name is cut to this before anything uses it: configured names are at most 40 characters
 * (config-schema), and a name of megabytes would otherwise become a Redis key, a log line and the page.
 */
const MAX_TYPED_NAME = 100;
/** Where the login sends a person who came with no `next`, or with one that is not a path on the desk. */
const DEFAULT_NEXT = '/calendar';
/** A stand-in origin to resolve `next` against: whatever leaves it is another site. */
const DESK_ORIGIN = 'http://desk.invalid';
/** Browsers drop tabs and line breaks from a URL and read `\` as `/`: `/<tab>/evil.example` is `//evil.example`. */
const URL_TRICKS = /[\p{Cc}\\]/u;

/** Where to go after logging in: only a path on this desk (never another site), as the browser will read it. */
function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || URL_TRICKS.test(next)) return DEFAULT_NEXT;
  let url: URL;
  try {
    url = new URL(next, DESK_ORIGIN);
  } catch {
    return DEFAULT_NEXT;
  }
  return url.origin === DESK_ORIGIN ? `${url.pathname}${url.search}${url.hash}` : DEFAULT_NEXT;
}

function loginPage(ctx: PageContext, next: string, problem?: string, user = ''): string {
  return page(ctx, {
    title: 'Log in',
    body: html`<h1>Log in</h1>
${problem ? html`<div class="flash flash-error" role="alert"><p>${problem}</p></div>` : ''}
<form method="post" action="/login" class="stack narrow">
${csrfField(ctx)}<input type="hidden" name="next" value="${next}">
<p><label for="user">User name</label><input id="user" name="user" autocomplete="username" required value="${user}" autofocus></p>
<p><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Log in</button></p>
</form>`,
  });
}

/**
 * The user a trusted reverse proxy names in its header (web.proxyAuth), if the request really
 * comes from that proxy (its address, not a forwarded one) and the user is configured.
 */
export function userFromProxy(config: Config, request: FastifyRequest): DeskUser | undefined {
  const proxy = config.web.proxyAuth;
  if (!proxy) return undefined;
  const peer = request.socket.remoteAddress?.replace(/^::ffff:/, '');
  if (!peer || !proxy.trustedAddresses.includes(peer)) return undefined;
  const header = request.headers[proxy.header.toLowerCase()];
  const name = Array.isArray(header) ? header[0] : header;
  const user = name ? config.web.users.find((u) => u.name === name.trim().toLowerCase()) : undefined;
  return user ? { name: user.name, role: user.role } : undefined;
}

/** GET/POST /login, POST /logout. */
export function registerLoginRoutes(server: FastifyInstance, desk: Desk): void {
  server.get<{ Querystring: { next?: string } }>('/login', { config: { public: true } }, async (request, reply) => {
    if (request.user) return reply.redirect(safeNext(request.query.next), 303);
    return sendPage(reply, loginPage(pageContext(desk, request, reply), safeNext(request.query.next)));
  });

  server.post<{ Body: { user?: string; password?: string; next?: string } }>(
    '/login',
    { config: { public: true } },
    async (request, reply) => {
      const name = String(request.body?.user ?? '')
        .trim()
        .toLowerCase()
        .slice(0, MAX_TYPED_NAME);
      const password = String(request.body?.password ?? '');
      const next = safeNext(request.body?.next);
      const address = request.ip;
      const throttle = await desk.throttle.attempt(name, address);
      if (throttle.throttled) {
        desk.logger.warn({ user: name, address }, 'review desk: login refused, too many wrong passwords');
        reply.header('retry-after', String(throttle.retryAfterSeconds));
        const minutes = Math.ceil(throttle.retryAfterSeconds / 60);
        return sendPage(
          reply,
          loginPage(
            pageContext(desk, request, reply),
            next,
            `Too many wrong passwords. Login is locked for this user and this address; try again in ${counted(minutes, 'minute', 'minutes')}.`,
            name,
          ),
          429,
        );
      }
      const user = desk.config.web.users.find((u) => u.name === name);
      // An unknown name costs the same hashing as a known one: timing tells nothing.
      const ok =
        (await verifyPassword(password, user?.passwordHash ?? UNKNOWN_USER_HASH)) && Boolean(user?.passwordHash);
      if (!ok || !user?.passwordHash) {
        desk.logger.warn({ user: name, address }, 'review desk: wrong user name or password');
        return sendPage(
          reply,
          loginPage(pageContext(desk, request, reply), next, 'Wrong user name or password.', name),
          401,
        );
      }
      await desk.throttle.succeeded(name, address);
      // A new session id at login: an id planted before login (session fixation) is worthless.
      await request.session.regenerate();
      request.session.login = { name: user.name, passwordStamp: passwordStamp(user.passwordHash) };
      desk.logger.info({ user: user.name, address }, 'review desk: logged in');
      return reply.redirect(next, 303);
    },
  );

  server.post('/logout', { config: { public: true, csrfOnlyWhenLoggedIn: true } }, async (request, reply) => {
    if (request.session.login) desk.logger.info({ user: request.session.login.name }, 'review desk: logged out');
    await request.session.destroy();
    // The session plugin deletes the session but leaves the browser its cookie: clear it too.
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto' });
    return reply.redirect('/login', 303);
  });
}
