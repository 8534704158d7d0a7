import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifySession from '@fastify/session';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import type { App } from '../app/create-app.ts';
import type { ChannelConfig } from '../src/config/config-schema.ts';
import { scrubSecrets } from '../src/config/secrets.ts';
import { InputError } from '../src/input-error.ts';
import type { Logger } from '../src/logger.ts';
import { packagePath } from '../src/package-root.ts';
import { checkChannel, type DoctorCheck } from '../src/platforms/channel-check.ts';
import { POST_CARD_CSS } from '../src/preview/post-card-html.ts';
import { html } from '../src/preview/safe-html.ts';
import type { RedisClient } from '../src/redis/redis-client.ts';
import { LoginThrottle } from './auth/login-throttle.ts';
import { RedisSessionStore } from './auth/redis-session-store.ts';
import { can, roleFor } from './auth/roles.ts';
import { currentUser } from './auth/session-user.ts';
import { type Desk, pageContext, SESSION_COOKIE, sendPage } from './desk.ts';
import { LogTail } from './live/log-tail.ts';
import { registerActivityRoutes } from './routes/activity-routes.ts';
import { registerApprovalRoutes } from './routes/approval-routes.ts';
import { registerCalendarRoutes } from './routes/calendar-routes.ts';
import { registerEventRoutes } from './routes/event-routes.ts';
import { registerHealthRoutes } from './routes/health-routes.ts';
import { registerHistoryRoutes } from './routes/history-routes.ts';
import { registerLoginRoutes, userFromProxy } from './routes/login-routes.ts';
import { registerNewsRoutes } from './routes/news-routes.ts';
import { registerPostRoutes } from './routes/post-routes.ts';
import { registerReportRoutes } from './routes/report-routes.ts';
import { messagePage } from './views/layout.ts';
import { NEWS_IMAGES_PATH } from './web-paths.ts';

/** Options of {@link createWebServer}. */
export interface WebServerOptions {
  /** The domain services, built as the CLI builds them (createApp). */
  app: App;
  logger: Logger;
  /** Signs the session cookie; 32+ characters, from the environment (never the configuration file). */
  sessionSecret: string;
  /** Connection of the live feed (a blocked XREAD holds it). Default: a duplicate of the app's. */
  tailRedis?: RedisClient;
  /** One channel's credentials check. Default: the doctor's (src/platforms/channel-check.ts). */
  checkChannel?: (channel: ChannelConfig) => Promise<DoctorCheck>;
  /** Clock. Default: the real one. */
  now?: () => Date;
  /**
   * How often the live feed (/events) sends a keep-alive and checks that its session is still
   * open (not logged out, not ended). Default 25 s.
   */
  eventHeartbeatMs?: number;
}

/** What a missing web.newsDir costs, and the two ways to mend it. */
export function newsDirMissing(newsDir: string): string {
  return (
    `web.newsDir: the news folder ${newsDir} does not exist, so news uploaded or pasted on the desk can ` +
    'use images from http(s) URLs only; create the folder, or set web.newsDir (a relative path is from ' +
    'the folder the desk is started in)'
  );
}

/** The desk's stylesheet and script (found from the package root: the same from the sources and the build). */
export const STATIC_DIR = `${packagePath('web', 'static')}/`;
const IMAGE_EXTENSION = /\.(png|jpe?g|gif|webp)$/i;
/**
 * `trustProxy: true` takes the client address from the first X-Forwarded-For entry, which the client
 * writes itself when the proxy appends to the header (nginx's $proxy_add_x_forwarded_for does): a new
 * made-up address per try dodges the login limit per address.
 */
const TRUST_EVERY_HOP_WARNING =
  'web.trustProxy: true trusts every X-Forwarded-For entry, and a client can write the first one itself, so the ' +
  "login limit per address can be dodged. Set it to the proxy's address(es) instead, e.g. [127.0.0.1].";

const SESSION_ENDED =
  'Your session has ended (or you are not logged in), so nothing was changed. Log in again, then send it once more.';
const LOGIN_LINK = html`<p><a href="/login">Log in</a></p>`;
/** Form fields and headers a browser sends besides the upload itself. */
const FORM_OVERHEAD_BYTES = 64 * 1024;
/** Fields a multipart form may carry: the news upload form has a handful; more is not a form of the desk. */
const MAX_FORM_FIELDS = 20;

/**
 * The review desk: server-rendered pages over the same domain services as the CLI. Every request
 * needs a logged-in user (session in Redis, or the trusted proxy header) except the login page and
 * the static files; every state-changing request needs the CSRF token of its session and, when the
 * browser names an Origin, this server's own; every action names the user as actor in the log.
 */
export async function createWebServer(options: WebServerOptions): Promise<FastifyInstance> {
  const { app, logger } = options;
  const { config } = app;
  const web = config.web;
  if (web.trustProxy === true) logger.warn(TRUST_EVERY_HOP_WARNING);
  const server = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Requests are not logged one by one; actions and refusals are, with the user.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: web.trustProxy as boolean | string[],
    bodyLimit: config.ingest.maxBytes + FORM_OVERHEAD_BYTES,
  });
  const desk: Desk = {
    app,
    config,
    logger,
    tail: new LogTail(options.tailRedis ?? app.redis.duplicate(), app.keys.logStream, {
      logger,
      resolve: (raw) => app.publishingLog.resolveStreamEntries(raw),
    }),
    throttle: new LoginThrottle(app.redis, app.keys, {
      maxFailures: web.maxLoginFailures,
      windowMs: web.throttleMinutes * 60_000,
    }),
    // The app's credentials (the demo's and `--sandbox`'s are not in process.env), as the worker's.
    checkChannel: options.checkChannel ?? ((channel) => checkChannel(channel, config, { env: app.env })),
    now: options.now ?? (() => new Date()),
  };
  server.addHook('onClose', async () => desk.tail.stop());

  await server.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    // As frame-ancestors 'none' above, for browsers that read only this header (helmet's default is SAMEORIGIN).
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
  await server.register(fastifyCookie);
  const sessionMs = web.sessionHours * 3_600_000;
  const sessions = new RedisSessionStore(app.redis, app.keys, sessionMs);
  await server.register(fastifySession, {
    secret: options.sessionSecret,
    cookieName: SESSION_COOKIE,
    // Secure whenever the request came over HTTPS (directly, or as the trusted proxy says).
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/', maxAge: sessionMs },
    saveUninitialized: false,
    // The session ends `sessionHours` after login, not after the last click: no write per request.
    rolling: false,
    store: sessions,
  });
  await server.register(fastifyCsrf, {
    sessionPlugin: '@fastify/session',
    getToken: (request) => {
      const body = request.body as Record<string, unknown> | undefined;
      const field = body?._csrf;
      if (typeof field === 'string') return field;
      const header = request.headers['x-csrf-token'];
      return typeof header === 'string' ? header : undefined;
    },
  });
  await server.register(fastifyFormbody, { bodyLimit: config.ingest.maxBytes + FORM_OVERHEAD_BYTES });
  await server.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: config.ingest.maxBytes, files: 1, fields: MAX_FORM_FIELDS, fieldSize: config.ingest.maxBytes },
    // An uploaded file arrives as its name and its text (news files are text; ingest reads UTF-8).
    async onFile(part) {
      const bytes = await part.toBuffer();
      (part as unknown as { value: unknown }).value = { name: part.filename, text: bytes.toString('utf8') };
    },
  });
  await server.register(fastifyStatic, {
    root: STATIC_DIR,
    prefix: '/static/',
    maxAge: 3_600_000,
    decorateReply: false,
  });
  // The news folder's images (previews of news not yet scheduled point at them); login required.
  // A folder that is missing is said in the desk's words (fastify-static's own warning names neither
  // the setting nor what it costs), and served once it is made: its files are looked up per request.
  const newsDir = resolve(web.newsDir);
  if (!existsSync(newsDir)) logger.warn({ newsDir }, newsDirMissing(newsDir));
  await server.register(fastifyStatic, {
    root: newsDir,
    suppressWarning: true,
    prefix: `${NEWS_IMAGES_PATH}/`,
    decorateReply: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    allowedPath: (path) => IMAGE_EXTENSION.test(path),
  });
  server.get('/static/post-card.css', { config: { public: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(POST_CARD_CSS),
  );

  // Browsers ask for it on every first visit; the desk has none. An empty answer without a login keeps
  // the console clean (a redirect to the login page was an error there).
  server.get('/favicon.ico', { config: { public: true } }, async (_request, reply) =>
    reply.code(204).header('cache-control', 'public, max-age=86400').send(),
  );

  // Pages hold project data: never cached, never in a shared cache.
  server.addHook('onSend', async (_request, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) reply.header('cache-control', 'no-store');
    return payload;
  });

  server.addHook('preHandler', async (request, reply) => {
    if (isStatic(request)) return;
    const { login } = request.session;
    const sessionUser = currentUser(web.users, login);
    if (login && !sessionUser) {
      // Removed from the configuration, or a new password since this login: the session is over.
      logger.warn({ user: login.name }, 'review desk: session ended, the user is gone or has a new password');
      delete request.session.login;
    }
    request.user = sessionUser ?? userFromProxy(config, request);
    const routeConfig = request.routeOptions.config;
    if (!['GET', 'HEAD'].includes(request.method)) {
      const refused = foreignOrigin(request);
      if (refused) {
        const origin = request.headers.origin ?? request.headers.referer;
        logger.warn(
          { user: request.user?.name, url: request.url, origin },
          'review desk: refused, form from another origin',
        );
        return sendPage(reply, messagePage(pageContext(desk, request, reply), 'Refused', refused), 403);
      }
    }
    if (!routeConfig.public && !request.user) {
      if (request.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
      // Before the CSRF check: a form sent after the session ran out has no CSRF secret left either,
      // and "Form expired (CSRF check)" did not tell the person that they have to log in again.
      return sendPage(
        reply,
        messagePage(pageContext(desk, request, reply), 'Not logged in', SESSION_ENDED, LOGIN_LINK),
        401,
      );
    }
    const csrfNeeded = request.user || !routeConfig.csrfOnlyWhenLoggedIn;
    if (!['GET', 'HEAD'].includes(request.method) && csrfNeeded) {
      await new Promise<void>((resolve) => server.csrfProtection(request, reply, () => resolve()));
      if (reply.sent) return reply;
    }
    const { user } = request;
    // Without a user only a public route gets this far (the others were answered above).
    if (routeConfig.public || !user) return;
    const permission = routeConfig.permission;
    if (permission && !can(user.role, permission)) {
      logger.warn({ user: user.name, url: request.url, permission }, 'review desk: refused for lack of a role');
      return sendPage(
        reply,
        messagePage(
          pageContext(desk, request, reply),
          'Not allowed',
          `This needs the ${roleFor(permission)} role; you are ${user.role}. Ask an administrator.`,
        ),
        403,
      );
    }
  });

  server.setErrorHandler(async (error, request, reply) => {
    const status = statusOf(error);
    if (status >= 500) logger.error({ err: error, url: request.url }, 'review desk: request failed');
    if (isCsrfRefusal(error))
      logger.warn({ user: request.user?.name, url: request.url }, 'review desk: refused, CSRF token missing or wrong');
    const ctx = request.session
      ? pageContext(desk, request, reply)
      : { csrf: '', path: '/', projectName: config.project.name };
    const [title, text] = describeError(error, status, config.ingest.maxBytes);
    return sendPage(reply, messagePage(ctx, title, text), status);
  });
  server.setNotFoundHandler(async (request, reply) =>
    sendPage(reply, messagePage(pageContext(desk, request, reply), 'Not found', 'There is no such page.'), 404),
  );

  registerLoginRoutes(server, desk);
  registerCalendarRoutes(server, desk);
  registerPostRoutes(server, desk);
  registerApprovalRoutes(server, desk);
  registerNewsRoutes(server, desk);
  registerHistoryRoutes(server, desk);
  registerActivityRoutes(server, desk);
  registerReportRoutes(server, desk);
  registerHealthRoutes(server, desk);
  registerEventRoutes(server, desk, { sessions, heartbeatMs: options.eventHeartbeatMs });
  server.get('/', async (_request, reply) => reply.redirect('/calendar', 303));
  return server;
}

function isStatic(request: FastifyRequest): boolean {
  return request.url.startsWith('/static/');
}

/**
 * A browser names the page a form was sent from (Origin, else Referer): it must be this server.
 * A second line beside the CSRF token; a request that names no origin (a script) still needs the token.
 */
function foreignOrigin(request: FastifyRequest): string | undefined {
  const named = request.headers.origin ?? request.headers.referer;
  if (!named) return undefined;
  let origin: string;
  try {
    origin = new URL(named).origin;
  } catch {
    return 'The request names an origin that is not a URL.';
  }
  const own = `${request.protocol}://${request.host}`;
  return origin === own ? undefined : `The request came from ${origin}, not from this desk (${own}).`;
}

function statusOf(error: unknown): number {
  if (error instanceof InputError) return 400;
  const code = (error as { statusCode?: unknown }).statusCode;
  return typeof code === 'number' && code >= 400 && code < 600 ? code : 500;
}

function isCsrfRefusal(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'FST_CSRF_INVALID_TOKEN' || code === 'FST_CSRF_MISSING_SECRET';
}

function describeError(error: unknown, status: number, maxBytes: number): [string, string] {
  const code = (error as { code?: string }).code;
  if (isCsrfRefusal(error))
    return [
      'Form expired',
      'The form was not sent from a page of this desk or has expired (CSRF check). Go back, reload the page and ' +
        'try again.',
    ];
  // The multipart parser's other limits answer 413 too: each is told as what it is, not as a size.
  if (code === 'FST_FILES_LIMIT') return ['One file at a time', 'The desk takes one news file per upload.'];
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT')
    return ['Too many fields', `The form has more than ${MAX_FORM_FIELDS} fields; send it from the desk's own page.`];
  if (status === 413 || code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return ['Too large', `The upload is larger than ${maxBytes} bytes (ingest.maxBytes).`];
  if (error instanceof InputError) return ['Not possible', scrubSecrets(error.message)];
  if (status < 500) return ['Bad request', scrubSecrets((error as Error).message)];
  return ['Something went wrong', 'The desk could not answer. The error is in the server log; try again.'];
}
