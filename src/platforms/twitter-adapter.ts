import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import {
  ApiPartialResponseError,
  ApiRequestError,
  ApiResponseError,
  type ITwitterApiClientPlugin,
  type SendTweetV2Params,
  type TweetV2,
  TwitterApi,
  type TwitterApiTokens,
  type TwitterApiv2,
} from 'twitter-api-v2';
import { fitAltText } from './alt-text.ts';
import { type AdapterOptions, BaseAdapter, type CallKind } from './base-adapter.ts';
import { classifyXResponse, networkError } from './error-mapping.ts';
import type {
  FindQuery,
  FoundPost,
  OutgoingPost,
  PlatformLimits,
  PublishOptions,
  PublishResult,
} from './platform-adapter.ts';
import { PlatformError } from './platform-error.ts';
import { PLATFORM_LIMITS } from './platform-limits.ts';
import { findPageSize, type PageSizeRange, wholeSecondsBefore } from './recent-search.ts';
import { sameXText } from './text-match.ts';

export const X_LIMITS: PlatformLimits = PLATFORM_LIMITS.twitter;
/** X caps alt text at 1,000 characters. */
const MAX_ALT_TEXT = 1000;
/** Timeline page sizes X accepts (`max_results`); reconciliation reads the largest. */
export const X_FIND_PAGE: PageSizeRange = { min: 5, max: 100, default: 100 };
/** twitter-api-v2's message for media X failed to process; the group is X's own reason. */
const MEDIA_PROCESSING_FAILED = /^Media processing failed: (.*)$/s;

/** The credential roles X accepts: all four OAuth 1.0a user roles, or one OAuth 2.0 user token. */
export const X_OAUTH1_ROLES = ['appKey', 'appSecret', 'accessToken', 'accessSecret'] as const;
export const X_OAUTH2_ROLE = 'bearerToken';

/**
 * The client has no base-URL setting: this plugin rewrites protocol, host and port (and a path
 * prefix) of every computed request, after the OAuth signature was computed for the real URL.
 * It also applies the per-request timeout the client otherwise only takes per call.
 */
export function redirectPlugin(baseUrl: string | undefined, timeoutMs: number): ITwitterApiClientPlugin {
  const target = baseUrl ? new URL(baseUrl) : undefined;
  const prefix = target ? target.pathname.replace(/\/$/, '') : '';
  return {
    onBeforeRequest({ computedParams, requestOptions }) {
      requestOptions.timeout = timeoutMs;
      if (!target) return;
      const url = computedParams.url;
      url.protocol = target.protocol;
      url.hostname = target.hostname;
      url.port = target.port;
      if (prefix) url.pathname = prefix + url.pathname;
    },
  };
}

/** X API v2 through twitter-api-v2: posts, threads as reply chains, images with alt text. */
export class TwitterAdapter extends BaseAdapter {
  readonly platform = 'twitter' as const;
  readonly limits = X_LIMITS;
  private readonly client: TwitterApiv2;
  private readonly handle: string;
  private readonly findPageSize: number;
  private userId: string | undefined;

  constructor(options: AdapterOptions) {
    super(options);
    this.findPageSize = findPageSize('X', options.findPageSize, X_FIND_PAGE);
    this.handle = options.channel.account.replace(/^@/, '');
    const plain = options.baseUrl?.startsWith('http:');
    const token = xToken(options.credentials);
    // (The constructor's overloads take a string or a token object, not their union.)
    this.client = new TwitterApi(token as TwitterApiTokens, {
      plugins: [redirectPlugin(options.baseUrl, this.timeoutMs)],
      // The client always calls https.request; a plain-HTTP sandbox needs an http.Agent.
      httpAgent: plain ? new HttpAgent({ keepAlive: true }) : new HttpsAgent({ keepAlive: true }),
    }).v2;
  }

  async publish(post: OutgoingPost, options: PublishOptions = {}): Promise<PublishResult> {
    const parts = post.thread?.length ? post.thread : [post.text];
    const posted = [...(options.postedParts ?? [])];
    // Images go on the first part only; a retry that resumes later does not upload them again.
    const mediaIds = posted.length === 0 && post.images.length ? await this.uploadImages(post) : [];
    for (let index = posted.length; index < parts.length; index++) {
      const body: SendTweetV2Params = { text: parts[index]! };
      if (index > 0) body.reply = { in_reply_to_tweet_id: posted[index - 1]! };
      if (index === 0 && mediaIds.length) body.media = { media_ids: mediaIds as [string] };
      let id: string;
      try {
        // A 201 whose body is not the expected JSON has no id to read: createdId makes it unknown.
        const answer = (await this.client.tweet(body)) as { data?: { id?: unknown } } | string | undefined;
        id = this.createdId(
          typeof answer === 'object' ? answer?.data?.id : undefined,
          "X answered success to POST /2/tweets without the new post's id (data.id)",
        );
      } catch (error) {
        // Tell the caller which parts landed, so a retry resumes at this part and never re-posts them.
        const failure = error instanceof PlatformError ? error : this.classify(error, 'create');
        throw new PlatformError(failure.kind, failure.message, { ...failure.details, postedParts: [...posted] });
      }
      posted.push(id);
      // Recorded before the next part goes out: a crash after this line resumes after this part.
      await options.onPartPosted?.(index, id);
    }
    const first = posted[0]!;
    return { platformPostId: first, url: this.urlOf(first), parts: posted };
  }

  /**
   * The user's timeline from `start_time` on, page by page (`pagination_token` ← `meta.next_token`);
   * X itself drops older posts, and no `next_token` means the search reached `since`. Replies are
   * kept: thread parts are replies.
   */
  async findRecent(query: FindQuery): Promise<FoundPost | null> {
    const userId = await this.me();
    // X documents start_time as YYYY-MM-DDTHH:mm:ssZ; whole seconds, rounded down (searches further, never less).
    const startTime = wholeSecondsBefore(query.since).toISOString().replace('.000Z', 'Z');
    const found = await this.searchBack<TweetV2, string>(query, {
      readPage: async (token) => {
        const page = await this.call('other', () =>
          this.client.userTimeline(userId, {
            start_time: startTime,
            max_results: this.findPageSize,
            ...(token ? { pagination_token: token } : {}),
            // X returns the text with t.co links (and a media link): entities and attachments let
            // sameXText expand them back and drop the media link before comparing.
            'tweet.fields': ['created_at', 'entities', 'attachments'],
          }),
        );
        return { posts: page.tweets, next: page.meta.next_token };
      },
      createdAt: (tweet) => (tweet.created_at ? Date.parse(tweet.created_at) : undefined),
      idOf: (tweet) => tweet.id,
      matches: (tweet) => sameXText(query.text, tweet),
    });
    return found
      ? { platformPostId: found.id, url: this.urlOf(found.id), text: found.text, createdAt: found.created_at }
      : null;
  }

  protected async identity(): Promise<string> {
    const user = await this.call('other', () => this.client.me());
    this.userId = user.data.id;
    return `@${user.data.username}`;
  }

  protected classify(error: unknown, kind: CallKind): PlatformError {
    if (error instanceof ApiResponseError) {
      return classifyXResponse({ status: error.code, data: error.data, headers: error.headers });
    }
    if (error instanceof ApiPartialResponseError) {
      // The answer started but broke off or could not be read: for a create, it may have landed.
      return this.error(kind === 'create' ? 'unknown-outcome' : 'transient', `X: ${error.message}`, {
        status: error.response?.statusCode,
      });
    }
    if (error instanceof ApiRequestError) {
      // twitter-api-v2 1.29's `requestError` getter reads a field the constructor never sets; the
      // Node error is kept as `_options.error`.
      const cause = (error.requestError ?? (error as unknown as { _options?: { error?: Error } })._options?.error) as
        | NodeJS.ErrnoException
        | undefined;
      return networkError('X', cause?.code, cause?.message ?? error.message, kind === 'create');
    }
    // twitter-api-v2 reports media that X failed to process (STATUS: processing_info.state
    // "failed") as a plain Error with this message. The same image fails the same way: a retry
    // would only upload it again, so it stops here with X's reason.
    const processing = MEDIA_PROCESSING_FAILED.exec((error as Error).message ?? '');
    if (processing) return this.error('rejected', `X could not process an image: ${processing[1]}`);
    return this.error('transient', `X: ${(error as Error).message ?? String(error)}`);
  }

  private async me(): Promise<string> {
    if (!this.userId) await this.identity();
    return this.userId!;
  }

  private async uploadImages(post: OutgoingPost): Promise<string[]> {
    const images = await this.loadImages(post.images);
    const ids: string[] = [];
    for (const image of images) {
      const id = await this.call('other', () =>
        this.client.uploadMedia(image.bytes, { media_type: image.mediaType as 'image/png' }),
      );
      if (image.alt)
        await this.call('other', () =>
          this.client.createMediaMetadata(id, { alt_text: { text: fitAltText(image.alt, MAX_ALT_TEXT) } }),
        );
      ids.push(id);
    }
    return ids;
  }

  private urlOf(id: string): string {
    return `https://x.com/${this.handle}/status/${id}`;
  }
}

/** OAuth 1.0a user context when all four roles are set, else the OAuth 2.0 user token. */
function xToken(credentials: Record<string, string>): TwitterApiTokens | string {
  if (X_OAUTH1_ROLES.every((role) => credentials[role])) {
    return {
      appKey: credentials.appKey!,
      appSecret: credentials.appSecret!,
      accessToken: credentials.accessToken!,
      accessSecret: credentials.accessSecret!,
    };
  }
  if (credentials[X_OAUTH2_ROLE]) return credentials[X_OAUTH2_ROLE];
  throw new Error(
    `X needs the credential roles ${X_OAUTH1_ROLES.join(', ')} (OAuth 1.0a) or ${X_OAUTH2_ROLE} (OAuth 2.0 user token)`,
  );
}
