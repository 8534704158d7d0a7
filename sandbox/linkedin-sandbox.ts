import { randomBytes } from 'node:crypto';
import { firstUnescapedReserved } from '../src/platforms/little-text.ts';
import { DAY_MS } from '../src/time-units.ts';
import type { RateBudgetOptions } from './rate-budget.ts';
import { SANDBOX_CREDENTIALS } from './sandbox-credentials.ts';
import { header, json, parseJsonBody } from './sandbox-http.ts';
import { SandboxServer, type SandboxServerOptions } from './sandbox-server.ts';
import type { SandboxPost, SandboxRequest, SandboxResponse } from './sandbox-types.ts';

/**
 * LinkedIn's daily limits reset at midnight UTC (docs/platform-contracts.md), and the 429 says
 * "APPLICATION DAY limit": the sandbox's budget is a day from midnight UTC, so a throttled channel
 * can post again when the bot, which waits until midnight UTC, tries again. Default 1000 a day.
 */
const LINKEDIN_DAILY_LIMIT: RateBudgetOptions = { limit: 1000, windowMs: DAY_MS };

function linkedInDays(options: RateBudgetOptions): RateBudgetOptions {
  return { ...options, aligned: true };
}

export const LINKEDIN_MAX_COMMENTARY = 3000;
/** The `author` finder's page size when none is asked for, and the most it gives. */
const DEFAULT_FINDER_COUNT = 10;
const MAX_FINDER_COUNT = 100;
const FINDER_SORTS = ['LAST_MODIFIED', 'CREATED'];
/** The kinds of `content` a post may carry; `content` is a union, so one of them at most. */
const CONTENT_KINDS = ['media', 'multiImage', 'article'] as const;
/** LinkedIn keeps API versions active for about a year. */
const ACTIVE_VERSION_MONTHS = 12;

/** Options of the LinkedIn sandbox. */
export interface LinkedInSandboxOptions extends SandboxServerOptions {
  /** Whether a LinkedIn-Version is active. Default: YYYYMM within the last 12 months (up to now). */
  isActiveVersion?: (version: string) => boolean;
}

interface Image {
  urn: string;
  owner: string;
  token: string;
  uploaded: boolean;
}

/**
 * The LinkedIn Posts API sandbox: POST/GET /rest/posts (create, finder `author`),
 * GET /rest/organizations/{id}, the Images API (initializeUpload, then PUT to an upload URL on this
 * server). It checks the Bearer token, the LinkedIn-Version (426 NONEXISTENT_VERSION) and
 * X-RestLi-Protocol-Version headers, the 3,000-character limit, duplicates (422 DUPLICATE_POST),
 * and reproduces the silent cut at the first unescaped reserved character (stores the cut text,
 * still answers 201).
 */
export class LinkedInSandbox extends SandboxServer {
  readonly platform = 'linkedin' as const;
  private readonly images = new Map<string, Image>();
  private readonly isActiveVersion: (version: string) => boolean;

  constructor(options: LinkedInSandboxOptions = {}) {
    super({ ...options, rateLimit: linkedInDays(options.rateLimit ?? LINKEDIN_DAILY_LIMIT) });
    this.isActiveVersion = options.isActiveVersion ?? defaultActiveVersion;
  }

  /** Any limit a test sets runs in windows aligned as the daily one (a minute's window: whole minutes). */
  override setRateLimit(options: RateBudgetOptions): void {
    super.setRateLimit(linkedInDays(options));
  }

  override reset(): void {
    super.reset();
    this.images.clear();
  }

  protected handle(request: SandboxRequest): SandboxResponse {
    const { method, path } = request;
    if (!this.authorized(request))
      return error(401, 'Invalid access token', { serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN' });
    const upload = /^\/dms-uploads\/([\w-]+)$/.exec(path);
    if (upload && method === 'PUT') return this.receiveUpload(upload[1]!, request);
    if (!path.startsWith('/rest/'))
      return error(404, `No virtual resource found for ${path}`, { code: 'RESOURCE_NOT_FOUND' });
    const version = header(request.headers, 'linkedin-version');
    if (!version)
      return error(400, 'A version must be present. Please specify a version by adding the LinkedIn-Version header.', {
        code: 'VERSION_MISSING',
      });
    if (!this.isActiveVersion(version))
      return error(426, `Requested version ${version} is not active`, { code: 'NONEXISTENT_VERSION' });
    if (header(request.headers, 'x-restli-protocol-version') !== '2.0.0') {
      return error(400, 'This API requires the header X-RestLi-Protocol-Version: 2.0.0', { code: 'ILLEGAL_ARGUMENT' });
    }
    if (method === 'POST' && path === '/rest/posts') return this.createPost(request);
    if (method === 'GET' && path === '/rest/posts') return this.findPosts(request.url.searchParams);
    const organization = /^\/rest\/organizations\/(\d+)$/.exec(path);
    if (method === 'GET' && organization) {
      return json(200, {
        id: Number(organization[1]),
        localizedName: `Sandbox organisation ${organization[1]}`,
        vanityName: `sandbox-${organization[1]}`,
      });
    }
    if (method === 'POST' && path === '/rest/images' && request.url.searchParams.get('action') === 'initializeUpload')
      return this.initializeUpload(request);
    return error(404, `No virtual resource found for ${method} ${path}`, { code: 'RESOURCE_NOT_FOUND' });
  }

  private authorized(request: SandboxRequest): boolean {
    const authorization = header(request.headers, 'authorization') ?? '';
    return authorization === `Bearer ${SANDBOX_CREDENTIALS.linkedin.accessToken}`;
  }

  private body(request: SandboxRequest): { value?: Record<string, unknown>; response?: SandboxResponse } {
    if (!(header(request.headers, 'content-type') ?? '').includes('application/json'))
      return { response: error(415, 'Content-Type must be application/json') };
    const parsed = parseJsonBody(request.body);
    if (parsed.error || typeof parsed.value !== 'object' || parsed.value === null)
      return { response: error(400, `Request body is not valid JSON: ${parsed.error ?? 'not an object'}`) };
    return { value: parsed.value as Record<string, unknown> };
  }

  private createPost(request: SandboxRequest): SandboxResponse {
    const take = this.budget.take();
    if (!take.allowed)
      return error(429, 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.');
    const body = this.body(request);
    if (body.response) return body.response;
    const post = body.value as {
      author?: unknown;
      commentary?: unknown;
      visibility?: unknown;
      distribution?: { feedDistribution?: unknown };
      lifecycleState?: unknown;
      content?: {
        media?: { id?: string; altText?: string };
        multiImage?: { images?: Array<{ id?: string; altText?: string }> };
        article?: {
          source?: string;
          title?: string;
          description?: string;
          thumbnail?: string;
          thumbnailAltText?: string;
        };
      };
    };
    for (const field of ['author', 'visibility', 'distribution', 'lifecycleState'] as const) {
      if (post[field] === undefined)
        return schemaError(`/${field}`, 'field is required but not found and has no default value');
    }
    if (typeof post.author !== 'string' || !/^urn:li:(organization|person):\d+$/.test(post.author))
      return schemaError('/author', 'expected an organization or person URN');
    if (!['PUBLIC', 'CONNECTIONS', 'LOGGED_IN'].includes(String(post.visibility)))
      return schemaError('/visibility', `invalid enum value ${String(post.visibility)}`);
    if (post.distribution?.feedDistribution === undefined)
      return schemaError('/distribution/feedDistribution', 'field is required but not found and has no default value');
    if (post.lifecycleState !== 'PUBLISHED' && post.lifecycleState !== 'DRAFT')
      return schemaError('/lifecycleState', `invalid enum value ${String(post.lifecycleState)}`);
    if (post.commentary !== undefined && typeof post.commentary !== 'string')
      return schemaError('/commentary', 'expected a string');
    const received = (post.commentary as string | undefined) ?? '';
    if (received.length > LINKEDIN_MAX_COMMENTARY)
      return schemaError('/commentary', `length ${received.length} exceeds the maximum of ${LINKEDIN_MAX_COMMENTARY}`);
    const kinds = CONTENT_KINDS.filter((kind) => post.content?.[kind] !== undefined);
    if (kinds.length > 1) return schemaError('/content', `a post carries one content, got ${kinds.join(' and ')}`);
    const mediaId = post.content?.media?.id;
    const thumbnail = post.content?.article?.thumbnail;
    const multi = post.content?.multiImage?.images;
    if (multi !== undefined && (!Array.isArray(multi) || multi.length < 2 || multi.length > 20))
      return schemaError('/content/multiImage/images', 'expected 2 to 20 images');
    const imageRefs: Array<[string, string | undefined]> = [
      ['/content/media/id', mediaId],
      ['/content/article/thumbnail', thumbnail],
      ...(multi ?? []).map((m, i) => [`/content/multiImage/images/${i}/id`, m.id] as [string, string | undefined]),
    ];
    for (const [path, urn] of imageRefs) {
      if (urn !== undefined && !this.images.get(urn)?.uploaded)
        return schemaError(path, `image ${urn} does not exist or was not uploaded`);
    }
    if (post.content?.article && !post.content.article.source)
      return schemaError('/content/article/source', 'field is required but not found and has no default value');
    // LinkedIn's quirk: an unescaped reserved character silently ends the commentary (still 201).
    const cutAt = firstUnescapedReserved(received);
    const text = cutAt >= 0 ? received.slice(0, cutAt) : received;
    const duplicate = this.refuseDuplicates && this.stored.find((p) => p.author === post.author && p.text === text);
    if (duplicate) {
      return error(422, `Content is a duplicate of ${duplicate.id}`, {
        errorDetails: {
          inputErrors: [
            {
              code: 'DUPLICATE_POST',
              description: 'Content is a duplicate',
              input: { inputPath: { fieldPath: 'commentary' } },
            },
          ],
        },
      });
    }
    const id = `urn:li:share:${7_390_000_000_000_000_000n + BigInt(this.nextSequence())}`;
    const media = mediaId
      ? [this.mediaOf(mediaId, post.content?.media?.altText)]
      : (multi ?? []).map((m) => this.mediaOf(m.id!, m.altText));
    const stored: SandboxPost = {
      platform: 'linkedin',
      id,
      author: post.author,
      text,
      createdAt: this.now().toISOString(),
      url: `https://www.linkedin.com/feed/update/${id}`,
      media,
      ...(cutAt >= 0 ? { cutAt, receivedText: received } : {}),
      ...(post.content?.article
        ? {
            article: {
              source: post.content.article.source!,
              title: post.content.article.title,
              description: post.content.article.description,
              thumbnail,
              thumbnailAltText: post.content.article.thumbnailAltText,
            },
          }
        : {}),
    };
    this.addPost(stored);
    // The new URN comes in x-restli-id, percent-encoded (LinkedIn sends either form).
    return { status: 201, headers: { 'x-restli-id': encodeURIComponent(id), 'x-linkedin-id': id } };
  }

  private mediaOf(urn: string, altText: string | undefined) {
    const stored = this.mediaStore.get(urn);
    if (stored) stored.meta.altText = altText;
    return { id: urn, altText, bytes: stored?.bytes.length ?? 0, mediaType: stored?.meta.mediaType };
  }

  /**
   * The `author` finder: the author's posts newest first (`sortBy` CREATED or LAST_MODIFIED, the
   * default; the sandbox never edits a post, so both orders agree), paged by `start` (default 0)
   * and `count` (default 10, at most 100), with `paging.total` and a `next` link while more remain.
   */
  private findPosts(query: URLSearchParams): SandboxResponse {
    if (query.get('q') !== 'author')
      return error(400, `Unsupported finder ${query.get('q') ?? '(none)'}; this sandbox supports q=author`);
    const author = query.get('author');
    if (!author) return error(400, 'The finder author requires the parameter author');
    const sortBy = query.get('sortBy') ?? 'LAST_MODIFIED';
    if (!FINDER_SORTS.includes(sortBy))
      return error(400, `Invalid value ${sortBy} for parameter sortBy; expected one of ${FINDER_SORTS.join(', ')}`, {
        code: 'ILLEGAL_ARGUMENT',
      });
    const start = Number(query.get('start') ?? 0);
    const count = Number(query.get('count') ?? DEFAULT_FINDER_COUNT);
    if (!Number.isInteger(start) || start < 0)
      return error(400, `Invalid value ${query.get('start')} for parameter start; expected an integer of at least 0`, {
        code: 'ILLEGAL_ARGUMENT',
      });
    if (!Number.isInteger(count) || count < 1 || count > MAX_FINDER_COUNT) {
      return error(
        400,
        `Invalid value ${query.get('count')} for parameter count; expected an integer from 1 to ${MAX_FINDER_COUNT}`,
        { code: 'ILLEGAL_ARGUMENT' },
      );
    }
    // Newest first; posts of the same millisecond in reverse order of arrival (the sort is stable).
    const all = this.stored
      .filter((p) => p.author === author)
      .reverse()
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    const elements = all.slice(start, start + count).map((p) => ({
      id: p.id,
      author: p.author,
      commentary: p.text,
      visibility: 'PUBLIC',
      lifecycleState: 'PUBLISHED',
      createdAt: Date.parse(p.createdAt),
      publishedAt: Date.parse(p.createdAt),
      lastModifiedAt: Date.parse(p.createdAt),
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      ...(p.media.length === 1
        ? { content: { media: { id: p.media[0]!.id, altText: p.media[0]!.altText } } }
        : p.media.length > 1
          ? { content: { multiImage: { images: p.media.map((m) => ({ id: m.id, altText: m.altText })) } } }
          : p.article
            ? { content: { article: p.article } }
            : {}),
    }));
    const link = (rel: string, at: number) => {
      const params = new URLSearchParams(query);
      params.set('start', String(at));
      params.set('count', String(count));
      return { type: 'application/json', rel, href: `/rest/posts?${params}` };
    };
    const links = [
      ...(start > 0 ? [link('prev', Math.max(0, start - count))] : []),
      ...(start + count < all.length ? [link('next', start + count)] : []),
    ];
    return json(200, { elements, paging: { start, count, total: all.length, links } });
  }

  private initializeUpload(request: SandboxRequest): SandboxResponse {
    const body = this.body(request);
    if (body.response) return body.response;
    const owner = (body.value as { initializeUploadRequest?: { owner?: string } }).initializeUploadRequest?.owner;
    if (!owner || !/^urn:li:(organization|person):\d+$/.test(owner))
      return schemaError('/initializeUploadRequest/owner', 'expected an organization or person URN');
    const token = randomBytes(12).toString('hex');
    const urn = `urn:li:image:D4E10AQ${this.nextSequence().toString().padStart(8, '0')}`;
    this.images.set(urn, { urn, owner, token, uploaded: false });
    return json(200, {
      value: { uploadUrlExpiresAt: Date.now() + 3_600_000, uploadUrl: `${this.url}/dms-uploads/${token}`, image: urn },
    });
  }

  private receiveUpload(token: string, request: SandboxRequest): SandboxResponse {
    const image = [...this.images.values()].find((i) => i.token === token);
    if (!image) return error(404, 'Upload URL not found or expired');
    if (!request.body.length) return error(400, 'Empty upload');
    image.uploaded = true;
    this.addMedia(
      { id: image.urn, bytes: request.body.length, mediaType: header(request.headers, 'content-type') },
      request.body,
    );
    return { status: 201 };
  }
}

function error(status: number, message: string, extra: Record<string, unknown> = {}): SandboxResponse {
  return json(status, { status, message, ...extra });
}

function schemaError(path: string, reason: string): SandboxResponse {
  return error(422, `ERROR :: ${path} :: ${reason}`, { code: 'UNPROCESSABLE_ENTITY' });
}

function defaultActiveVersion(version: string): boolean {
  const match = /^(\d{4})(\d{2})$/.exec(version);
  if (!match) return false;
  const months = Number(match[1]) * 12 + Number(match[2]) - 1;
  const now = new Date();
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  return (
    Number(match[2]) >= 1 && Number(match[2]) <= 12 && months <= current && months > current - ACTIVE_VERSION_MONTHS
  );
}
