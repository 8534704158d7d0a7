import { randomBytes } from 'node:crypto';
import type { RateTake } from './rate-budget.ts';
import { SANDBOX_CREDENTIALS } from './sandbox-credentials.ts';
import { type FormValue, header, json, parseFormBody, parseJsonBody } from './sandbox-http.ts';
import { SandboxServer, type SandboxServerOptions } from './sandbox-server.ts';
import type { SandboxMedia, SandboxPost, SandboxRequest, SandboxResponse } from './sandbox-types.ts';

export const FACEBOOK_MAX_MESSAGE = 63_206;
const DEFAULT_VERSIONS = ['v23.0', 'v24.0', 'v25.0', 'v26.0'];
/** The feed's page size when none is asked for, and the most it gives. */
const DEFAULT_FEED_LIMIT = 25;
const MAX_FEED_LIMIT = 100;

/** Options of the Facebook sandbox. */
export interface FacebookSandboxOptions extends SandboxServerOptions {
  /** Graph API versions answered. Default v23.0 to v26.0. */
  versions?: string[];
  /** Error code past the posting budget: 32 page limit (HTTP 400, default) or 4 app limit (HTTP 403). */
  rateLimitCode?: 4 | 32;
}

interface Photo {
  id: string;
  page: string;
  published: boolean;
  media: SandboxMedia;
}

type Params = Map<string, FormValue>;

/**
 * The Facebook Graph API (Pages) sandbox: POST /{page}/feed (message, link, attached_media),
 * POST /{page}/photos (multipart `source` or `url`, alt_text_custom, published), GET /{page},
 * GET /{page}/feed|posts. Parameters are accepted from the query string, a form body or JSON.
 * Errors carry `error.code` (190 token, 100 parameter, 506 duplicate, 32/4 limits, 12 version);
 * every answer carries X-App-Usage, X-Page-Usage and X-Business-Use-Case-Usage.
 */
export class FacebookSandbox extends SandboxServer {
  readonly platform = 'facebook' as const;
  private readonly photos = new Map<string, Photo>();
  private readonly versions: Set<string>;
  private readonly rateLimitCode: 4 | 32;
  private usage: RateTake | undefined;

  constructor(options: FacebookSandboxOptions = {}) {
    super(options);
    this.versions = new Set(options.versions ?? DEFAULT_VERSIONS);
    this.rateLimitCode = options.rateLimitCode ?? 32;
  }

  override reset(): void {
    super.reset();
    this.photos.clear();
    this.usage = undefined;
  }

  protected async handle(request: SandboxRequest): Promise<SandboxResponse> {
    const [, version, ...segments] = request.path.split('/');
    if (!version || !/^v\d+\.\d+$/.test(version) || !this.versions.has(version)) {
      return this.error(
        400,
        12,
        `(#12) Graph API ${version ?? ''} is deprecated or does not exist`,
        'GraphMethodException',
      );
    }
    const params = await this.params(request);
    if (params instanceof Error) return this.error(400, 100, `(#100) ${params.message}`);
    const token = text(params, 'access_token') ?? bearer(header(request.headers, 'authorization'));
    if (!token) return this.error(400, 104, 'An access token is required to request this resource.', 'OAuthException');
    if (token !== SANDBOX_CREDENTIALS.facebook.pageToken)
      return this.error(400, 190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException');
    const [page, edge, ...rest] = segments;
    if (!page || !/^\d+$/.test(page) || rest.length)
      return this.error(400, 2500, `Unknown path components: /${segments.join('/')}`);
    if (request.method === 'GET' && !edge) return this.ok({ id: page, name: `Sandbox page ${page}` });
    if (request.method === 'POST' && edge === 'feed') return this.createFeedPost(page, params);
    if (request.method === 'POST' && edge === 'photos') return this.createPhoto(page, params);
    if (request.method === 'GET' && (edge === 'feed' || edge === 'posts')) return this.listPosts(request, page, params);
    return this.error(400, 2500, `Unknown path components: /${edge ?? ''}`);
  }

  /** Query string, then the body: url-encoded, multipart or JSON. */
  private async params(request: SandboxRequest): Promise<Params | Error> {
    const params: Params = new Map(request.url.searchParams.entries());
    const contentType = header(request.headers, 'content-type') ?? '';
    if (!request.body.length) return params;
    if (contentType.startsWith('application/x-www-form-urlencoded') || contentType.startsWith('multipart/form-data')) {
      for (const [key, value] of await parseFormBody(request.body, contentType)) params.set(key, value);
    } else if (contentType.includes('json')) {
      const parsed = parseJsonBody(request.body);
      if (parsed.error || typeof parsed.value !== 'object' || parsed.value === null)
        return new Error(`Invalid JSON body: ${parsed.error ?? 'not an object'}`);
      for (const [key, value] of Object.entries(parsed.value))
        params.set(key, typeof value === 'string' ? value : JSON.stringify(value));
    }
    return params;
  }

  private take(): RateTake {
    this.usage = this.budget.take();
    return this.usage;
  }

  private createFeedPost(page: string, params: Params): SandboxResponse {
    if (!this.take().allowed) return this.limited();
    const message = text(params, 'message') ?? '';
    const link = text(params, 'link');
    const attached = [...params.keys()].filter((k) => /^attached_media\[\d+\]$/.test(k)).map((k) => text(params, k)!);
    if (!message && !link && !attached.length) return this.error(400, 100, '(#100) Missing message or attachment');
    if (message.length > FACEBOOK_MAX_MESSAGE)
      return this.error(400, 100, `(#100) Param message must be at most ${FACEBOOK_MAX_MESSAGE} characters long`);
    if (link !== undefined && !/^https?:\/\/\S+$/.test(link))
      return this.error(400, 100, '(#100) Param link must be a valid URL');
    const media: SandboxMedia[] = [];
    for (const item of attached) {
      let fbid: string | undefined;
      try {
        fbid = (JSON.parse(item) as { media_fbid?: string }).media_fbid;
      } catch {
        return this.error(400, 100, '(#100) attached_media must be JSON like {"media_fbid":"<photo id>"}');
      }
      const photo = fbid ? this.photos.get(fbid) : undefined;
      if (!photo || photo.page !== page || photo.published)
        return this.error(400, 100, `(#100) attached_media: ${fbid ?? '?'} is not an unpublished photo of this page`);
      media.push(photo.media);
    }
    if (message && this.stored.some((p) => p.author === page && p.text === message))
      return this.error(400, 506, '(#506) Duplicate status message');
    const post = this.store(page, message, media, link);
    return this.ok({ id: post.id });
  }

  private createPhoto(page: string, params: Params): SandboxResponse {
    const published = text(params, 'published') !== 'false';
    if (published && !this.take().allowed) return this.limited();
    const source = params.get('source');
    const url = text(params, 'url');
    if (!source && !url) return this.error(400, 324, '(#324) Requires upload file');
    const message = text(params, 'message') ?? text(params, 'caption') ?? '';
    if (message.length > FACEBOOK_MAX_MESSAGE)
      return this.error(400, 100, `(#100) Param message must be at most ${FACEBOOK_MAX_MESSAGE} characters long`);
    if (published && message && this.stored.some((p) => p.author === page && p.text === message))
      return this.error(400, 506, '(#506) Duplicate status message');
    const id = this.numericId();
    const bytes = source && typeof source !== 'string' ? source.bytes : Buffer.alloc(0);
    const media: SandboxMedia = {
      id,
      bytes: bytes.length,
      mediaType: source && typeof source !== 'string' ? source.type : undefined,
      altText: text(params, 'alt_text_custom'),
    };
    this.addMedia(media, bytes);
    this.photos.set(id, { id, page, published, media });
    if (!published) return this.ok({ id });
    const post = this.store(page, message, [media]);
    return this.ok({ id, post_id: post.id });
  }

  /**
   * GET /{page}/feed|posts: newest first, `since`/`until` (unix seconds or a date, inclusive),
   * `limit` (default 25, at most 100) and cursor paging: `after` continues after the post a cursor
   * names; `paging.next` (this server's URL, every parameter kept) is present only while older
   * posts remain, which is how Graph tells a reader it reached the end.
   */
  private listPosts(request: SandboxRequest, page: string, params: Params): SandboxResponse {
    const window: Record<'since' | 'until', number | undefined> = { since: undefined, until: undefined };
    for (const name of ['since', 'until'] as const) {
      const raw = text(params, name);
      if (raw === undefined) continue;
      const at = /^\d+$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
      if (Number.isNaN(at)) return this.error(400, 100, `(#100) Param ${name} must be a unix timestamp or a date`);
      window[name] = at;
    }
    const limitRaw = text(params, 'limit') ?? String(DEFAULT_FEED_LIMIT);
    if (!/^\d+$/.test(limitRaw) || Number(limitRaw) < 1)
      return this.error(400, 100, '(#100) Param limit must be a positive integer');
    const limit = Math.min(Number(limitRaw), MAX_FEED_LIMIT);
    const fields = (text(params, 'fields') ?? 'id,message,created_time').split(',');
    // Newest first; posts of the same millisecond in reverse order of arrival (the sort is stable).
    const matching = this.stored
      .filter((p) => p.author === page)
      .filter((p) => {
        const at = Date.parse(p.createdAt);
        return (window.since === undefined || at >= window.since) && (window.until === undefined || at <= window.until);
      })
      .reverse()
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    const after = text(params, 'after');
    let from = 0;
    if (after !== undefined) {
      const index = matching.findIndex((p) => cursorOf(p.id) === after);
      // Graph invalidates a cursor whose post is gone; so does the sandbox.
      if (index < 0) return this.error(400, 100, '(#100) The after cursor is not valid');
      from = index + 1;
    }
    const posts = matching.slice(from, from + limit);
    const data = posts.map((p) => ({
      id: p.id,
      ...(fields.includes('message') && p.text ? { message: p.text } : {}),
      ...(fields.includes('created_time') ? { created_time: p.createdAt.replace(/\.\d{3}Z$/, '+0000') } : {}),
      ...(fields.includes('permalink_url') ? { permalink_url: p.url } : {}),
    }));
    if (!posts.length) return this.ok({ data, paging: {} });
    const nextQuery = new URLSearchParams(request.url.searchParams);
    nextQuery.set('limit', String(limit));
    nextQuery.set('after', cursorOf(posts.at(-1)!.id));
    const paging = {
      cursors: { before: cursorOf(posts[0]!.id), after: cursorOf(posts.at(-1)!.id) },
      ...(from + limit < matching.length ? { next: `${this.url}${request.path}?${nextQuery}` } : {}),
    };
    return this.ok({ data, paging });
  }

  private store(page: string, message: string, media: SandboxMedia[], link?: string): SandboxPost {
    const id = `${page}_${this.numericId()}`;
    return this.addPost({
      platform: 'facebook',
      id,
      author: page,
      text: message,
      createdAt: this.now().toISOString(),
      url: `https://www.facebook.com/${id}`,
      media,
      ...(link ? { link } : {}),
    });
  }

  private numericId(): string {
    return String(122_100_000_000_000_000n + BigInt(this.nextSequence()));
  }

  private usageHeaders(): Record<string, string> {
    const used = this.usage?.usedPercent ?? 0;
    const regainMinutes =
      this.usage && !this.usage.allowed
        ? Math.max(1, Math.ceil((this.usage.resetAt.getTime() - Date.now()) / 60_000))
        : 0;
    const usage = JSON.stringify({
      call_count: used,
      total_cputime: Math.floor(used / 4),
      total_time: Math.floor(used / 3),
    });
    return {
      'x-app-usage':
        this.rateLimitCode === 4 ? usage : JSON.stringify({ call_count: 0, total_cputime: 0, total_time: 0 }),
      'x-page-usage':
        this.rateLimitCode === 32 ? usage : JSON.stringify({ call_count: 0, total_cputime: 0, total_time: 0 }),
      'x-business-use-case-usage': JSON.stringify({
        sandbox: [
          {
            type: 'pages',
            call_count: used,
            total_cputime: 0,
            total_time: 0,
            estimated_time_to_regain_access: regainMinutes,
          },
        ],
      }),
      'x-fb-trace-id': randomBytes(8).toString('base64url'),
    };
  }

  private ok(body: unknown): SandboxResponse {
    return json(200, body, 'application/json; charset=UTF-8', this.usageHeaders());
  }

  private limited(): SandboxResponse {
    return this.rateLimitCode === 4
      ? this.error(403, 4, '(#4) Application request limit reached')
      : this.error(400, 32, '(#32) Page request limit reached');
  }

  private error(
    status: number,
    code: number,
    message: string,
    type = 'OAuthException',
    extra: Record<string, unknown> = {},
  ): SandboxResponse {
    const body = { error: { message, type, code, ...extra, fbtrace_id: randomBytes(8).toString('base64url') } };
    return json(status, body, 'application/json; charset=UTF-8', this.usageHeaders());
  }
}

function text(params: Params, key: string): string | undefined {
  const value = params.get(key);
  return typeof value === 'string' ? value : undefined;
}

/** An opaque cursor naming one post (Graph's look: base64). */
function cursorOf(postId: string): string {
  return Buffer.from(postId, 'utf8').toString('base64');
}

function bearer(authorization: string | undefined): string | undefined {
  const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1];
}
