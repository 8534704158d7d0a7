import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { RestliClient } from 'linkedin-api-client';
import { fitAltText } from './alt-text.ts';
import { type AdapterOptions, BaseAdapter, type CallKind } from './base-adapter.ts';
import { classifyLinkedInResponse, networkError } from './error-mapping.ts';
import type { LoadedImage } from './image-source.ts';
import { littleTextCut } from './little-text.ts';
import type { FindQuery, FoundPost, OutgoingPost, PlatformLimits, PublishResult } from './platform-adapter.ts';
import type { PlatformError } from './platform-error.ts';
import { PLATFORM_LIMITS } from './platform-limits.ts';
import { findPageSize, type PageSizeRange } from './recent-search.ts';
import { sameLinkedInText } from './text-match.ts';

/** The prefix linkedin-api-client builds every versioned URL from (a constant in the library). */
export const LINKEDIN_API_ORIGIN = 'https://api.linkedin.com';
/** LinkedIn's domain: upload URLs on it (or a subdomain) may carry the access token. */
const LINKEDIN_DOMAIN = 'linkedin.com';
/** Commentary limit and image count: see platform-limits.ts. */
export const LINKEDIN_LIMITS: PlatformLimits = PLATFORM_LIMITS.linkedin;
/** LinkedIn caps alt text at 4,086 characters. */
const MAX_ALT_TEXT = 4086;
/** Finder page sizes (`count`) LinkedIn takes; reconciliation reads 50 at a time. */
export const LINKEDIN_FIND_PAGE: PageSizeRange = { min: 1, max: 100, default: 50 };

/** A post as the `author` finder returns it (the fields reconciliation reads). */
interface FinderPost {
  id: string;
  commentary?: string;
  createdAt?: number;
  publishedAt?: number;
}

interface AxiosLikeError {
  isAxiosError?: boolean;
  code?: string;
  message: string;
  response?: { status: number; data: unknown; headers: Record<string, string | string[] | undefined> };
}

/**
 * LinkedIn organisation posts on /rest/posts through linkedin-api-client's RestliClient, with the
 * LinkedIn-Version header; links as article content, images through the Images API
 * (initializeUpload, PUT, then content.media or content.multiImage with alt text).
 * The commentary must already be escaped little text (src/templates does it); it is sent as is.
 */
export class LinkedInAdapter extends BaseAdapter {
  readonly platform = 'linkedin' as const;
  readonly limits = LINKEDIN_LIMITS;
  private readonly client: RestliClient;
  private readonly token: string;
  private readonly version: string;
  private readonly author: string;
  private readonly findPageSize: number;
  private readonly baseUrl: string | undefined;

  constructor(options: AdapterOptions & { version: string }) {
    super(options);
    this.findPageSize = findPageSize('LinkedIn', options.findPageSize, LINKEDIN_FIND_PAGE);
    const token = options.credentials.accessToken;
    if (!token) throw new Error('LinkedIn needs the credential role accessToken');
    this.token = token;
    this.version = options.version;
    this.author = organizationUrn(options.channel.account);
    this.client = new RestliClient({
      timeout: this.timeoutMs,
      httpAgent: new HttpAgent({ keepAlive: true }),
      httpsAgent: new HttpsAgent({ keepAlive: true }),
    });
    const base = options.baseUrl?.replace(/\/$/, '');
    this.baseUrl = base;
    if (base) {
      // The library builds absolute URLs from a constant, so axios' baseURL is ignored: rewrite them.
      this.client.axiosInstance.interceptors.request.use((config) => {
        if (config.url?.startsWith(LINKEDIN_API_ORIGIN))
          config.url = base + config.url.slice(LINKEDIN_API_ORIGIN.length);
        return config;
      });
    }
  }

  async publish(post: OutgoingPost): Promise<PublishResult> {
    // LinkedIn answers 201 for a commentary it cut at an unescaped reserved character: refused
    // here, before any image is uploaded, so a cut post is never reported as published.
    const cut = littleTextCut(post.text);
    if (cut) {
      throw this.error(
        'rejected',
        `LinkedIn commentary: ${cut}; LinkedIn would keep only the text before it and still answer 201. ` +
          'Expected little text with | { } @ [ ] ( ) < > # \\ * _ ~ escaped by a backslash, as the templates write it',
      );
    }
    const content = await this.content(post);
    const entity = {
      author: this.author,
      commentary: post.text,
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
      ...(content ? { content } : {}),
    };
    const response = await this.call('create', () =>
      this.client.create({ resourcePath: '/posts', entity, accessToken: this.token, versionString: this.version }),
    );
    // 201 without the new post's URN: it landed, but we cannot say which post it is.
    const urn = this.createdId(
      response.createdEntityId,
      `LinkedIn answered ${response.status} without an x-restli-id header`,
      response.status,
    );
    return { platformPostId: urn, url: postUrl(urn) };
  }

  /**
   * The `author` finder, newest created first (`sortBy=CREATED`: by LAST_MODIFIED an edited old
   * post would come first), paged by `start`/`count`. LinkedIn has no time filter: the search stops
   * at the first page ending before `since`, or at the end (an empty page, or `paging.total` reached).
   */
  async findRecent(query: FindQuery): Promise<FoundPost | null> {
    const count = this.findPageSize;
    const found = await this.searchBack<FinderPost, number>(query, {
      readPage: async (start = 0) => {
        const response = await this.call('other', () =>
          this.client.finder({
            resourcePath: '/posts',
            finderName: 'author',
            queryParams: { author: this.author, start, count, sortBy: 'CREATED' },
            accessToken: this.token,
            versionString: this.version,
          }),
        );
        const data = response.data as { elements?: FinderPost[]; paging?: { total?: number } };
        const posts = data.elements ?? [];
        const total = data.paging?.total;
        // A page may come back short (LinkedIn drops posts the token may not see): only an empty
        // page or the total ends the list.
        const more = posts.length > 0 && (total === undefined || start + count < total);
        return { posts, next: more ? start + count : undefined };
      },
      createdAt: (post) => post.createdAt ?? post.publishedAt,
      // A server that ignores `start` answers the first page again: stop there, not 20 pages later.
      idOf: (post) => post.id,
      matches: (post) => sameLinkedInText(query.text, post.commentary ?? ''),
    });
    if (!found) return null;
    const createdAt = found.createdAt ?? found.publishedAt;
    return {
      platformPostId: found.id,
      url: postUrl(found.id),
      text: found.commentary ?? '',
      createdAt: createdAt ? new Date(createdAt).toISOString() : undefined,
    };
  }

  protected async identity(): Promise<string> {
    const id = this.author.split(':').pop()!;
    const response = await this.call('other', () =>
      this.client.get({
        resourcePath: '/organizations/{id}',
        pathKeys: { id },
        accessToken: this.token,
        versionString: this.version,
      }),
    );
    const org = response.data as { localizedName?: string };
    return `${org.localizedName ?? 'organisation'} (${this.author})`;
  }

  protected classify(error: unknown, kind: CallKind): PlatformError {
    const failure = error as AxiosLikeError;
    if (failure.response) {
      return classifyLinkedInResponse({
        status: failure.response.status,
        data: failure.response.data,
        headers: failure.response.headers,
      });
    }
    return networkError('LinkedIn', failure.code, failure.message, kind === 'create');
  }

  /**
   * content.media / content.multiImage for images, else content.article for a link. A post has one
   * `content`, so with images there is no article: the renderer then writes the link into the
   * commentary (templates/README.md, `link_in_text`), percent-encoded so no escaping breaks it.
   */
  private async content(post: OutgoingPost): Promise<Record<string, unknown> | undefined> {
    if (post.images.length) {
      const images = await this.loadImages(post.images);
      const uploaded: Array<{ id: string; altText: string }> = [];
      for (const image of images)
        uploaded.push({ id: await this.uploadImage(image), altText: fitAltText(image.alt, MAX_ALT_TEXT) });
      return uploaded.length === 1 ? { media: uploaded[0] } : { multiImage: { images: uploaded } };
    }
    if (post.link) {
      return {
        article: {
          source: post.link,
          title: post.article?.title ?? post.link,
          ...(post.article?.description ? { description: post.article.description } : {}),
        },
      };
    }
    return undefined;
  }

  private async uploadImage(image: LoadedImage): Promise<string> {
    const init = await this.call('other', () =>
      this.client.action({
        resourcePath: '/images',
        actionName: 'initializeUpload',
        data: { initializeUploadRequest: { owner: this.author } },
        accessToken: this.token,
        versionString: this.version,
      }),
    );
    const { uploadUrl, image: urn } = (init.data as { value: { uploadUrl: string; image: string } }).value;
    if (!isTrustedUploadUrl(uploadUrl, this.baseUrl)) {
      // Refused rather than uploaded without the token: LinkedIn's own upload endpoint wants the
      // token, so a tokenless PUT elsewhere could only put the image where LinkedIn never reads it,
      // and the post would then go out with a broken image. A foreign host here means a tampered
      // answer or a misconfigured proxy; nothing is published yet, so failing now is safe and says why.
      throw this.error(
        'rejected',
        `LinkedIn: the image upload URL names ${originOf(uploadUrl)}, neither LinkedIn (https://*.linkedin.com) ` +
          `nor the configured base URL; ` +
          'the access token and the image are not sent there',
      );
    }
    await this.call('other', () =>
      this.client.axiosInstance.put(uploadUrl, image.bytes, {
        headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': image.mediaType },
      }),
    );
    return urn;
  }
}

/**
 * Whether an image upload URL may receive our access token: https on linkedin.com or one of its
 * subdomains (LinkedIn issues upload URLs on www.linkedin.com and api.linkedin.com), or the origin
 * of the configured base URL (the sandbox or proxy the operator chose). Anything else, including
 * look-alikes such as linkedin.com.example.org, never gets the token.
 */
export function isTrustedUploadUrl(uploadUrl: string, baseUrl?: string): boolean {
  let url: URL;
  try {
    url = new URL(uploadUrl);
  } catch {
    return false;
  }
  if (
    url.protocol === 'https:' &&
    !url.username &&
    !url.password &&
    (url.hostname === LINKEDIN_DOMAIN || url.hostname.endsWith(`.${LINKEDIN_DOMAIN}`))
  )
    return true;
  if (!baseUrl) return false;
  try {
    return url.origin === new URL(baseUrl).origin;
  } catch {
    return false;
  }
}

/** The origin of a URL for a message (never its path or query, which may carry a signature). */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an address that is no URL';
  }
}

/** `urn:li:organization:123` from the configured account (a URN or the bare number). */
export function organizationUrn(account: string): string {
  if (/^urn:li:organization:\d+$/.test(account)) return account;
  if (/^\d+$/.test(account)) return `urn:li:organization:${account}`;
  throw new Error(`LinkedIn account "${account}": expected urn:li:organization:<number>`);
}

function postUrl(urn: string): string {
  return `https://www.linkedin.com/feed/update/${urn}`;
}
