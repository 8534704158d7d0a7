import { type AdapterOptions, BaseAdapter, type CallKind } from './base-adapter.ts';
import { classifyFacebookResponse, facebookUsageEstimateMinutes, networkError } from './error-mapping.ts';
import { GraphResponseError } from './graph-response-error.ts';
import type { LoadedImage } from './image-source.ts';
import { MultipartBody } from './multipart-body.ts';
import type { FindQuery, FoundPost, OutgoingPost, PlatformLimits, PublishResult } from './platform-adapter.ts';
import type { PlatformError } from './platform-error.ts';
import { PLATFORM_LIMITS } from './platform-limits.ts';
import { findPageSize, type PageSizeRange, wholeSecondsBefore } from './recent-search.ts';
import { sameFacebookText } from './text-match.ts';

export const GRAPH_API_ORIGIN = 'https://graph.facebook.com';
/** Message limit and image count: see platform-limits.ts. */
export const FACEBOOK_LIMITS: PlatformLimits = PLATFORM_LIMITS.facebook;
/** Feed page sizes (`limit`) Graph gives; reconciliation reads 50 at a time. */
export const FACEBOOK_FIND_PAGE: PageSizeRange = { min: 1, max: 100, default: 50 };

/** A feed post with the fields reconciliation asks for. */
interface FeedPost {
  id: string;
  message?: string;
  created_time?: string;
}

/**
 * Facebook Pages through plain fetch on the Graph API (version a setting): /{page}/feed with
 * message and link; one image through /{page}/photos (multipart `source`, alt text), several as
 * unpublished photos attached to a feed post. Parameters always go as a form body (POST) or query
 * string (GET), the access token among them. Errors are classified by `error.code`.
 */
export class FacebookAdapter extends BaseAdapter {
  readonly platform = 'facebook' as const;
  readonly limits = FACEBOOK_LIMITS;
  private readonly base: string;
  private readonly page: string;
  private readonly token: string;
  private readonly findPageSize: number;
  /**
   * Throttles in a row that came without a usage estimate: each holds the page twice as long as
   * the one before (error-mapping.ts, facebookBackoffMs). Any answer that is not a throttle resets it.
   */
  private unestimatedThrottles = 0;

  constructor(options: AdapterOptions & { graphVersion: string }) {
    super(options);
    this.findPageSize = findPageSize('Facebook', options.findPageSize, FACEBOOK_FIND_PAGE);
    const token = options.credentials.pageToken;
    if (!token) throw new Error('Facebook needs the credential role pageToken');
    if (!/^\d+$/.test(options.channel.account))
      throw new Error(`Facebook account "${options.channel.account}": expected the numeric page id`);
    this.token = token;
    this.page = options.channel.account;
    this.base = `${(options.baseUrl ?? GRAPH_API_ORIGIN).replace(/\/$/, '')}/${options.graphVersion}`;
  }

  async publish(post: OutgoingPost): Promise<PublishResult> {
    if (!post.images.length) {
      const params: Record<string, string> = { message: post.text };
      if (post.link) params.link = post.link;
      return this.publishFeed(params);
    }
    const images = await this.loadImages(post.images);
    // A photo post shows no link card: the link goes at the end of the message so it is not lost.
    const message = post.link && !post.text.includes(post.link) ? `${post.text}\n\n${post.link}` : post.text;
    if (images.length === 1) {
      const answer = await this.post<{ id?: unknown; post_id?: unknown }>(
        `/${this.page}/photos`,
        photoForm(images[0]!, { message }),
        'create',
      );
      // `post_id` is UNVERIFIED in Graph's answer: without it, the page id and the photo id.
      const photoPost =
        answer.post_id ?? (typeof answer.id === 'string' && answer.id ? `${this.page}_${answer.id}` : '');
      const id = this.createdId(photoPost, "Facebook answered success to POST /photos without the new post's id");
      return { platformPostId: id, url: postUrl(id) };
    }
    // Several images: unpublished photos first (nothing is visible yet, safe to retry), then one post.
    const attached: Record<string, string> = { message };
    for (const [index, image] of images.entries()) {
      const photo = await this.post<{ id: string }>(
        `/${this.page}/photos`,
        photoForm(image, { published: 'false' }),
        'other',
      );
      attached[`attached_media[${index}]`] = JSON.stringify({ media_fbid: photo.id });
    }
    return this.publishFeed(attached);
  }

  /** The call that publishes a feed post (text, link, or attached unpublished photos). */
  private async publishFeed(params: Record<string, string>): Promise<PublishResult> {
    const answer = await this.post<{ id?: unknown }>(`/${this.page}/feed`, form(params), 'create');
    const id = this.createdId(answer.id, "Facebook answered success to POST /feed without the new post's id");
    return { platformPostId: id, url: postUrl(id) };
  }

  /**
   * The page feed from `since` on, following `paging.next` until Graph gives none (Graph says an
   * empty page may still have a next link, and a short page is no end). The next link's parameters
   * are sent again to our own base URL with our token: the link names graph.facebook.com, which
   * would bypass a configured proxy or sandbox.
   */
  async findRecent(query: FindQuery): Promise<FoundPost | null> {
    const first = {
      fields: 'id,message,created_time',
      since: String(wholeSecondsBefore(query.since).getTime() / 1000),
      limit: String(this.findPageSize),
    };
    const found = await this.searchBack<FeedPost, Record<string, string>>(query, {
      readPage: async (next) => {
        const answer = await this.get<{ data?: FeedPost[]; paging?: { next?: string } }>(
          `/${this.page}/feed`,
          next ?? first,
        );
        return {
          posts: answer.data ?? [],
          next: answer.paging?.next ? nextParams(answer.paging.next, first) : undefined,
        };
      },
      createdAt: (post) => (post.created_time ? Date.parse(post.created_time) : undefined),
      idOf: (post) => post.id,
      matches: (post) => sameFacebookText(query.text, post.message ?? ''),
    });
    return found
      ? { platformPostId: found.id, url: postUrl(found.id), text: found.message ?? '', createdAt: found.created_time }
      : null;
  }

  protected async identity(): Promise<string> {
    const page = await this.get<{ id: string; name?: string }>(`/${this.page}`, { fields: 'id,name' });
    return `${page.name ?? 'page'} (${page.id})`;
  }

  protected classify(error: unknown, kind: CallKind): PlatformError {
    if (error instanceof GraphResponseError) {
      const failure = classifyFacebookResponse({
        status: error.status,
        data: error.data,
        headers: error.headers,
        backoffStep: this.unestimatedThrottles,
      });
      if (failure.kind !== 'rate-limited') this.unestimatedThrottles = 0;
      else if (facebookUsageEstimateMinutes(error.headers) === undefined) this.unestimatedThrottles += 1;
      return failure;
    }
    const failure = error as Error & { cause?: { code?: string; message?: string } };
    if (failure.name === 'TimeoutError')
      return networkError('Facebook', 'ETIMEDOUT', failure.message, kind === 'create');
    return networkError('Facebook', failure.cause?.code, failure.cause?.message ?? failure.message, kind === 'create');
  }

  private get<T>(path: string, params: Record<string, string>): Promise<T> {
    const query = new URLSearchParams({ ...params, access_token: this.token });
    return this.call('other', () => this.request<T>(`${this.base}${path}?${query}`, { method: 'GET' }, 'other'));
  }

  private post<T>(path: string, body: MultipartBody | URLSearchParams, kind: CallKind): Promise<T> {
    body.set('access_token', this.token);
    const init: RequestInit =
      body instanceof MultipartBody
        ? { method: 'POST', body: body.toBuffer(), headers: { 'content-type': body.contentType } }
        : { method: 'POST', body };
    return this.call(kind, () => this.request<T>(`${this.base}${path}`, init, kind));
  }

  private async request<T>(url: string, init: RequestInit, kind: CallKind): Promise<T> {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    const headers = Object.fromEntries(response.headers.entries());
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      // The answer broke off: for a create, the post may exist.
      throw this.error(
        kind === 'create' ? 'unknown-outcome' : 'transient',
        `Facebook: the answer broke off (${(error as Error).message})`,
        { status: response.status },
      );
    }
    let data: unknown = text;
    try {
      data = JSON.parse(text);
    } catch {
      if (response.ok) {
        throw this.error(
          kind === 'create' ? 'unknown-outcome' : 'transient',
          `Facebook answered ${response.status} with a body that is not JSON`,
          { status: response.status },
        );
      }
    }
    if (!response.ok) throw new GraphResponseError(response.status, data, headers);
    this.unestimatedThrottles = 0;
    return data as T;
  }
}

/**
 * The parameters of a `paging.next` link over those of the first request (the link may be
 * cursor-based, `after`, or time-based, `until` + `__paging_token`), without its access token.
 */
function nextParams(link: string, first: Record<string, string>): Record<string, string> {
  const params: Record<string, string> = { ...first, ...Object.fromEntries(new URL(link).searchParams) };
  delete params.access_token;
  return params;
}

function form(params: Record<string, string>): URLSearchParams {
  return new URLSearchParams(params);
}

/** A photo upload: the image as multipart `source` (see MultipartBody for why not FormData). */
function photoForm(image: LoadedImage, params: Record<string, string>): MultipartBody {
  const fields = { ...params, ...(image.alt ? { alt_text_custom: image.alt } : {}) };
  return new MultipartBody(fields, {
    name: 'source',
    fileName: image.fileName,
    type: image.mediaType,
    bytes: image.bytes,
  });
}

function postUrl(id: string): string {
  return `https://www.facebook.com/${id}`;
}
