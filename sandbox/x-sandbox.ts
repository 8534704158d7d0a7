import twitterText from 'twitter-text';
import { DAY_MS } from '../src/time-units.ts';
import { verifyOAuth1 } from './oauth1-verifier.ts';
import { RateBudget, type RateBudgetOptions, type RateTake } from './rate-budget.ts';
import { SANDBOX_CREDENTIALS, SANDBOX_X_USER } from './sandbox-credentials.ts';
import { header, json, parseFormBody, parseJsonBody } from './sandbox-http.ts';
import { SandboxServer, type SandboxServerOptions } from './sandbox-server.ts';
import type { SandboxPost, SandboxRequest, SandboxResponse } from './sandbox-types.ts';
import { xMediaKey, xShownText } from './x-shown-text.ts';
import { XSpecValidator } from './x-spec-validator.ts';

/** The host a client signs OAuth 1.0a requests for (it signs before a plugin redirects it). */
const X_CANONICAL_ORIGIN = 'https://api.x.com';
const MAX_WEIGHTED_LENGTH = 280;
const PROBLEM = 'application/problem+json';
const OK = 'application/json; charset=utf-8';
/** X's snowflake epoch (2010-11-04): ids grow with time, like the real ones. */
const SNOWFLAKE_EPOCH = 1288834974657n;
/** What the timeline accepts as `start_time`/`end_time`: an RFC 3339 date-time. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
export const X_DUPLICATE_DETAIL = 'You are not allowed to create a Tweet with duplicate content.';
/** Posts per user per 24 hours (X's `x-user-limit-24hour-*`); high by default, lowered by tests. */
export const X_DEFAULT_USER_DAY_LIMIT = 10_000;

interface Upload {
  id: string;
  mediaType: string;
  totalBytes: number;
  chunks: Buffer[];
  finalized: boolean;
  altText?: string;
}

/**
 * The X API v2 sandbox: POST /2/tweets (bodies validated against the official OpenAPI document),
 * the v2 chunked media upload and alt text, GET /2/users/me and GET /2/users/:id/tweets.
 * Auth is OAuth 1.0a (signature verified) or an OAuth 2.0 user Bearer token; errors are
 * problem+json with the statuses and texts of docs/platform-contracts.md#x-errors. Posts are stored
 * with the text as sent; every answer gives the text the way X does (x-shown-text.ts: t.co links,
 * a trailing media link, HTML escapes), with `entities.urls` and `attachments.media_keys` on the
 * timeline when `tweet.fields` asks for them.
 */
export class XSandbox extends SandboxServer {
  readonly platform = 'twitter' as const;
  private readonly uploads = new Map<string, Upload>();
  private readonly validator = XSpecValidator.instance();
  /** The 24-hour posting limit of the user, besides the 15-minute window of `budget`. */
  private readonly userDay: RateBudget;
  private readonly defaultUserDay: number;

  constructor(options: SandboxServerOptions = {}) {
    super(options);
    this.defaultUserDay = userDayFor(options.rateLimit);
    this.userDay = new RateBudget({ limit: this.defaultUserDay, windowMs: DAY_MS });
  }

  /** Changes the user's 24-hour posting limit (starts a fresh 24 hours); `reset` restores the default. */
  setUserDayLimit(limit: number): void {
    this.userDay.configure({ limit, windowMs: DAY_MS });
  }

  protected override get errorContentType(): string {
    return PROBLEM;
  }

  override reset(): void {
    super.reset();
    this.uploads.clear();
    this.setUserDayLimit(this.defaultUserDay);
  }

  protected async handle(request: SandboxRequest): Promise<SandboxResponse> {
    const authProblem = await this.checkAuth(request);
    if (authProblem)
      return problem(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    const { method, path } = request;
    if (method === 'POST' && path === '/2/tweets') return this.createPost(request);
    if (method === 'GET' && path === '/2/users/me') return json(200, { data: { ...SANDBOX_X_USER } }, OK);
    const timeline = /^\/2\/users\/(\d+)\/tweets$/.exec(path);
    if (method === 'GET' && timeline) return this.timeline(timeline[1]!, request.url.searchParams);
    if (method === 'POST' && path === '/2/media/upload/initialize') return this.initializeUpload(request);
    const step = /^\/2\/media\/upload\/(\d+)\/(append|finalize)$/.exec(path);
    if (method === 'POST' && step)
      return step[2] === 'append' ? this.appendUpload(step[1]!, request) : this.finalizeUpload(step[1]!);
    if (method === 'GET' && path === '/2/media/upload') return this.uploadStatus(request.url.searchParams);
    if (method === 'POST' && path === '/2/media/metadata') return this.mediaMetadata(request);
    return problem(404, {
      title: 'Not Found Error',
      type: 'https://api.x.com/2/problems/resource-not-found',
      status: 404,
      detail: `Could not find ${method} ${path}`,
    });
  }

  private async checkAuth(request: SandboxRequest): Promise<string | undefined> {
    const authorization = header(request.headers, 'authorization');
    if (!authorization) return 'missing';
    const credentials = SANDBOX_CREDENTIALS.twitter;
    if (/^Bearer\s/i.test(authorization))
      return authorization.slice(7).trim() === credentials.bearerToken ? undefined : 'bad bearer';
    const contentType = header(request.headers, 'content-type') ?? '';
    const formBody = contentType.startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams(request.body.toString('utf8'))
      : undefined;
    return verifyOAuth1({
      method: request.method,
      authorization,
      canonicalUrl: `${X_CANONICAL_ORIGIN}${request.path}`,
      query: request.url.searchParams,
      formBody,
      keys: {
        consumerKey: credentials.appKey!,
        consumerSecret: credentials.appSecret!,
        token: credentials.accessToken!,
        tokenSecret: credentials.accessSecret!,
      },
    });
  }

  private jsonBody(request: SandboxRequest): { value?: Record<string, unknown>; response?: SandboxResponse } {
    const contentType = header(request.headers, 'content-type') ?? '';
    if (!contentType.includes('application/json')) {
      return {
        response: invalid([{ message: `Content-Type must be application/json, got "${contentType}"`, parameters: {} }]),
      };
    }
    const parsed = parseJsonBody(request.body);
    if (parsed.error || typeof parsed.value !== 'object' || parsed.value === null) {
      return {
        response: invalid([
          { message: `Request body is not valid JSON: ${parsed.error ?? 'not an object'}`, parameters: {} },
        ]),
      };
    }
    return { value: parsed.value as Record<string, unknown> };
  }

  private createPost(request: SandboxRequest): SandboxResponse {
    // A create counts against the 15-minute window and the user's 24 hours; X answers 429 when
    // either is spent, with both sets of headers (the 15-minute one may still have room).
    const take = this.budget.take();
    const day = take.allowed ? this.userDay.take() : this.userDay.peek();
    const limitHeaders = { ...rateHeaders('x-rate-limit', take), ...rateHeaders('x-user-limit-24hour', day) };
    if (!take.allowed || !day.allowed)
      return problem(
        429,
        { title: 'Too Many Requests', type: 'about:blank', status: 429, detail: 'Too Many Requests' },
        limitHeaders,
      );
    const body = this.jsonBody(request);
    if (body.response) return withHeaders(body.response, limitHeaders);
    const problems = this.validator.validate('CreatePostsRequest', body.value);
    if (problems.length) return withHeaders(invalid(problems), limitHeaders);
    const value = body.value as {
      text?: string;
      reply?: { in_reply_to_tweet_id: string };
      media?: { media_ids: string[] };
    };
    const text = (value.text ?? '').normalize('NFC');
    const mediaIds = value.media?.media_ids ?? [];
    const parsed = twitterText.parseTweet(text);
    if (!text && !mediaIds.length)
      return withHeaders(invalid([{ message: 'text or media is required', parameters: { text: [] } }]), limitHeaders);
    if (parsed.weightedLength > MAX_WEIGHTED_LENGTH) {
      return withHeaders(
        invalid([
          {
            message: `text is too long: weighted length ${parsed.weightedLength} exceeds ${MAX_WEIGHTED_LENGTH}`,
            parameters: { text: [text] },
          },
        ]),
        limitHeaders,
      );
    }
    const replyTo = value.reply?.in_reply_to_tweet_id;
    if (replyTo && !this.stored.some((p) => p.id === replyTo)) {
      return withHeaders(
        invalid([
          {
            message: `The tweet you are replying to (${replyTo}) has been deleted or is not visible to you.`,
            parameters: { 'reply.in_reply_to_tweet_id': [replyTo] },
          },
        ]),
        limitHeaders,
      );
    }
    for (const id of mediaIds) {
      if (!this.uploads.get(id)?.finalized) {
        return withHeaders(
          invalid([
            {
              message: `Your media IDs are invalid: ${id} was not uploaded and finalized.`,
              parameters: { 'media.media_ids': [id] },
            },
          ]),
          limitHeaders,
        );
      }
    }
    // X refuses the same text twice (the text as sent; the t.co links differ per post).
    if (this.refuseDuplicates && this.stored.some((p) => p.text === text)) {
      return problem(
        403,
        { title: 'Forbidden', type: 'about:blank', status: 403, detail: X_DUPLICATE_DETAIL },
        limitHeaders,
      );
    }
    const id = this.snowflake();
    const post: SandboxPost = {
      platform: 'twitter',
      id,
      author: SANDBOX_X_USER.id,
      text,
      createdAt: this.now().toISOString(),
      url: `https://x.com/${SANDBOX_X_USER.username}/status/${id}`,
      replyTo,
      media: mediaIds.map((m) => {
        const upload = this.uploads.get(m)!;
        return { id: m, mediaType: upload.mediaType, bytes: upload.totalBytes, altText: upload.altText };
      }),
    };
    this.addPost(post);
    const shown = xShownText(post, SANDBOX_X_USER.username);
    return json(201, { data: { id, text: shown.text, edit_history_tweet_ids: [id] } }, OK, limitHeaders);
  }

  /**
   * GET /2/users/:id/tweets: newest first (by id, which grows with time), `max_results` 5–100
   * (default 10), `start_time`/`end_time` (inclusive, RFC 3339), and paging by `pagination_token`:
   * `meta.next_token` is present only while older posts remain, so a reader knows it reached the end.
   */
  private timeline(userId: string, query: URLSearchParams): SandboxResponse {
    const max = Number(query.get('max_results') ?? 10);
    if (!Number.isInteger(max) || max < 5 || max > 100) {
      return invalid([
        {
          message: `The \`max_results\` query parameter value [${query.get('max_results')}] is not between 5 and 100`,
          parameters: { max_results: [query.get('max_results')] },
        },
      ]);
    }
    const window: Record<'start_time' | 'end_time', number | undefined> = {
      start_time: undefined,
      end_time: undefined,
    };
    for (const name of ['start_time', 'end_time'] as const) {
      const value = query.get(name);
      if (value === null) continue;
      const at = RFC3339.test(value) ? Date.parse(value) : Number.NaN;
      if (Number.isNaN(at))
        return invalid([
          {
            message: `Invalid '${name}':'${value}'. '${name}' must be a date-time (RFC 3339)`,
            parameters: { [name]: [value] },
          },
        ]);
      window[name] = at;
    }
    const token = query.get('pagination_token');
    const after = token === null ? undefined : fromPaginationToken(token);
    if (token !== null && after === undefined) {
      return invalid([
        {
          message: `The \`pagination_token\` query parameter value [${token}] is not valid`,
          parameters: { pagination_token: [token] },
        },
      ]);
    }
    const fields = (query.get('tweet.fields') ?? '').split(',');
    const matching = this.stored
      .filter((p) => p.author === userId)
      .filter((p) => {
        const at = Date.parse(p.createdAt);
        return (
          (window.start_time === undefined || at >= window.start_time) &&
          (window.end_time === undefined || at <= window.end_time)
        );
      })
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : BigInt(b.id) < BigInt(a.id) ? -1 : 0));
    // A token names the last post of the previous page: this page starts with the next older one.
    const rest = after === undefined ? matching : matching.filter((p) => BigInt(p.id) < after);
    const posts = rest.slice(0, max);
    if (!posts.length) return json(200, { meta: { result_count: 0 } }, OK);
    const data = posts.map((p) => {
      const shown = xShownText(p, SANDBOX_X_USER.username);
      return {
        id: p.id,
        text: shown.text,
        edit_history_tweet_ids: [p.id],
        ...(fields.includes('created_at') ? { created_at: p.createdAt } : {}),
        // X leaves out what a post does not have: no `entities` without links, no `attachments` without media.
        ...(fields.includes('entities') && shown.urls.length ? { entities: { urls: shown.urls } } : {}),
        ...(fields.includes('attachments') && p.media.length
          ? { attachments: { media_keys: p.media.map((m) => xMediaKey(m.id)) } }
          : {}),
      };
    });
    const next = rest.length > posts.length ? { next_token: toPaginationToken(BigInt(posts.at(-1)!.id)) } : {};
    return json(
      200,
      { data, meta: { result_count: data.length, newest_id: data[0]!.id, oldest_id: data.at(-1)!.id, ...next } },
      OK,
    );
  }

  private initializeUpload(request: SandboxRequest): SandboxResponse {
    const body = this.jsonBody(request);
    if (body.response) return body.response;
    const problems = this.validator.validate('InitializeMediaUploadRequest', body.value);
    if (problems.length) return invalid(problems);
    const value = body.value as { media_type?: string; total_bytes?: number };
    if (!value.media_type || !value.total_bytes)
      return invalid([{ message: 'media_type and total_bytes are required', parameters: {} }]);
    const id = this.snowflake();
    this.uploads.set(id, {
      id,
      mediaType: value.media_type,
      totalBytes: value.total_bytes,
      chunks: [],
      finalized: false,
    });
    return json(200, { data: { id, media_key: xMediaKey(id), expires_after_secs: 86400 } }, OK);
  }

  private async appendUpload(id: string, request: SandboxRequest): Promise<SandboxResponse> {
    const upload = this.uploads.get(id);
    if (!upload) return invalid([{ message: `media id ${id} was not initialized`, parameters: { id: [id] } }]);
    const contentType = header(request.headers, 'content-type') ?? '';
    if (!contentType.startsWith('multipart/form-data'))
      return invalid([{ message: 'append expects multipart/form-data', parameters: {} }]);
    const form = await parseFormBody(request.body, contentType);
    const index = Number(form.get('segment_index'));
    const media = form.get('media');
    if (!Number.isInteger(index) || index < 0 || index > 999)
      return invalid([
        {
          message: 'segment_index must be an integer 0–999',
          parameters: { segment_index: [String(form.get('segment_index'))] },
        },
      ]);
    if (!media) return invalid([{ message: 'media is required', parameters: { media: [] } }]);
    upload.chunks[index] = typeof media === 'string' ? Buffer.from(media, 'base64') : media.bytes;
    return json(200, { data: { expires_at: Math.floor(Date.now() / 1000) + 86400 } }, OK);
  }

  private finalizeUpload(id: string): SandboxResponse {
    const upload = this.uploads.get(id);
    if (!upload) return invalid([{ message: `media id ${id} was not initialized`, parameters: { id: [id] } }]);
    const bytes = Buffer.concat(upload.chunks.filter(Boolean));
    if (bytes.length !== upload.totalBytes) {
      return invalid([
        {
          message: `File size mismatch: received ${bytes.length} bytes, total_bytes was ${upload.totalBytes}`,
          parameters: { id: [id] },
        },
      ]);
    }
    upload.finalized = true;
    this.addMedia({ id, mediaType: upload.mediaType, bytes: bytes.length }, bytes);
    return json(200, { data: { id, media_key: xMediaKey(id), size: bytes.length, expires_after_secs: 86400 } }, OK);
  }

  private uploadStatus(query: URLSearchParams): SandboxResponse {
    const upload = this.uploads.get(query.get('media_id') ?? '');
    if (!upload) return invalid([{ message: 'unknown media_id', parameters: { media_id: [query.get('media_id')] } }]);
    return json(
      200,
      {
        data: {
          id: upload.id,
          media_key: xMediaKey(upload.id),
          processing_info: { state: upload.finalized ? 'succeeded' : 'pending' },
        },
      },
      OK,
    );
  }

  private mediaMetadata(request: SandboxRequest): SandboxResponse {
    const body = this.jsonBody(request);
    if (body.response) return body.response;
    const problems = this.validator.validate('CreateMediaMetadataRequest', body.value);
    if (problems.length) return invalid(problems);
    const value = body.value as { id: string; metadata?: { alt_text?: { text?: string } } };
    const upload = this.uploads.get(value.id);
    if (!upload) return invalid([{ message: `media id ${value.id} not found`, parameters: { id: [value.id] } }]);
    const alt = value.metadata?.alt_text?.text;
    if (alt !== undefined && alt.length > 1000)
      return invalid([
        { message: 'alt_text.text must be at most 1000 characters', parameters: { 'metadata.alt_text.text': [] } },
      ]);
    upload.altText = alt;
    const stored = this.mediaStore.get(value.id);
    if (stored) stored.meta.altText = alt;
    // The OpenAPI document: `associated_metadata` is the metadata now on the media (an object).
    return json(200, { data: { id: value.id, associated_metadata: value.metadata ?? {} } }, OK);
  }

  private snowflake(): string {
    const ms = BigInt(this.now().getTime()) - SNOWFLAKE_EPOCH;
    return ((ms << 22n) + BigInt(this.nextSequence() % 4_194_304)).toString();
  }
}

/**
 * Pagination tokens are opaque to clients; these carry the id a page ended at, in lower-case
 * base 32 (X's own look alike), after a marker letter so a stray string is refused. The sandbox
 * pages backwards only (no `previous_token`): that is all a reader of recent posts needs.
 */
function toPaginationToken(id: bigint): string {
  return `n${id.toString(32)}`;
}

/** The id a token points after; undefined when the token is not one of ours. */
function fromPaginationToken(token: string): bigint | undefined {
  const match = /^n([0-9a-v]{1,20})$/.exec(token);
  if (!match) return undefined;
  let id = 0n;
  for (const digit of match[1]!) id = id * 32n + BigInt(parseInt(digit, 32));
  return id;
}

/**
 * The user's day: X's default, or more when the sandbox was started with a posting budget that
 * allows more in a day (benchmarks and crash tests post tens of thousands through one sandbox):
 * those runs measure the bot, and must not be stopped by a day limit they never asked for.
 */
function userDayFor(budget: RateBudgetOptions | undefined): number {
  if (!budget) return X_DEFAULT_USER_DAY_LIMIT;
  return Math.max(X_DEFAULT_USER_DAY_LIMIT, budget.limit * Math.ceil(DAY_MS / budget.windowMs));
}

/** X's rate-limit headers of one window: limit, remaining, and the reset in epoch seconds. */
function rateHeaders(prefix: string, take: RateTake): Record<string, string> {
  return {
    [`${prefix}-limit`]: String(take.limit),
    [`${prefix}-remaining`]: String(take.remaining),
    [`${prefix}-reset`]: String(Math.ceil(take.resetAt.getTime() / 1000)),
  };
}

function problem(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): SandboxResponse {
  return json(status, body, PROBLEM, headers);
}

function invalid(errors: Array<{ message: string; parameters: Record<string, unknown[]> }>): SandboxResponse {
  return problem(400, {
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.x.com/2/problems/invalid-request',
    errors,
  });
}

function withHeaders(response: SandboxResponse, headers: Record<string, string>): SandboxResponse {
  return { ...response, headers: { ...response.headers, ...headers } };
}
