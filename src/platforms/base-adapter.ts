import type { ChannelConfig, Platform } from '../config/config-schema.ts';
import { scrubSecrets } from '../config/secrets.ts';
import { counted } from '../counted.ts';
import type { PostImage } from '../posts/post.ts';
import { type ImageLoadOptions, type LoadedImage, loadImage } from './image-source.ts';
import type {
  CredentialCheck,
  FindQuery,
  FoundPost,
  OutgoingPost,
  PlatformAdapter,
  PlatformLimits,
  PublishOptions,
  PublishResult,
} from './platform-adapter.ts';
import { PlatformError } from './platform-error.ts';
import { findMaxPages, type SearchBackOptions, searchBack } from './recent-search.ts';

/** What every adapter is built from (see adapter-registry.ts). */
export interface AdapterOptions {
  channel: ChannelConfig;
  /** Credential role → value, read from the environment. */
  credentials: Record<string, string>;
  /** Where the API is (a sandbox, a proxy); default the real API. */
  baseUrl?: string;
  /** Per-request timeout. Default 30 000 ms. */
  timeoutMs?: number;
  images?: ImageLoadOptions;
  /**
   * Reconciliation (`findRecent`): posts asked for per page. Default the platform's own
   * (X 100, LinkedIn 50, Facebook 50); a size the platform would refuse is refused here.
   */
  findPageSize?: number;
  /**
   * Reconciliation: pages read back towards `since` at most. Default 20. When more posts newer
   * than `since` remain past the bound, `findRecent` throws instead of answering "not found".
   */
  findMaxPages?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Whether a call creates a post: only then can a lost answer mean "published, but we don't know". */
export type CallKind = 'create' | 'other';

/**
 * What the three adapters share: every failure leaves as a PlatformError of one kind with the
 * platform's message (secrets scrubbed), images are loaded one way, and `checkCredentials` turns
 * the read-only identity call into a report instead of an exception.
 */
export abstract class BaseAdapter implements PlatformAdapter {
  abstract readonly platform: Platform;
  abstract readonly limits: PlatformLimits;
  protected readonly channel: ChannelConfig;
  protected readonly timeoutMs: number;
  private readonly imageOptions: ImageLoadOptions;
  private readonly findMaxPages: number;

  constructor(options: AdapterOptions) {
    this.channel = options.channel;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.imageOptions = options.images ?? {};
    this.findMaxPages = findMaxPages(options.findMaxPages);
  }

  abstract publish(post: OutgoingPost, options?: PublishOptions): Promise<PublishResult>;
  abstract findRecent(query: FindQuery): Promise<FoundPost | null>;

  /** The read-only identity call: who the credentials belong to. Throws on failure. */
  protected abstract identity(): Promise<string>;

  /** Maps a client library's failure to one kind (the platform's table). */
  protected abstract classify(error: unknown, kind: CallKind): PlatformError;

  async checkCredentials(): Promise<CredentialCheck> {
    try {
      return { ok: true, identity: await this.identity() };
    } catch (error) {
      const failure = error instanceof PlatformError ? error : this.classify(error, 'other');
      return { ok: false, message: failure.message, kind: failure.kind };
    }
  }

  /** Runs one platform call; any failure leaves as a PlatformError. */
  protected async call<T>(kind: CallKind, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof PlatformError) throw error;
      throw this.classify(error, kind);
    }
  }

  /**
   * Pages back through the account's posts, newest first, until one matches or they are older
   * than `since` (see recent-search.ts): null means truly not there back to `since`; a search cut
   * short by the page bound throws `unknown-outcome` instead. The query's `since` and `skip` apply.
   */
  protected searchBack<T, C>(
    query: FindQuery,
    options: Omit<SearchBackOptions<T, C>, 'platform' | 'maxPages' | 'since' | 'skip'>,
  ): Promise<T | null> {
    return searchBack({
      ...options,
      since: query.since,
      ...(query.skip ? { skip: query.skip } : {}),
      platform: this.platform,
      maxPages: this.findMaxPages,
    });
  }

  /** Loads the post's images, refusing more than the platform takes (never drops one silently). */
  protected async loadImages(images: PostImage[]): Promise<LoadedImage[]> {
    if (images.length > this.limits.maxImages) {
      throw new PlatformError(
        'rejected',
        `${this.platform}: at most ${counted(this.limits.maxImages, 'image', 'images')} per post, got ${images.length}`,
      );
    }
    return Promise.all(images.map((image) => loadImage(image, this.imageOptions)));
  }

  /**
   * The new post's id from a success answer to a create. A success without a readable id (a body
   * that is not JSON, an unexpected shape) still means the platform took the post: an unknown
   * outcome, so the next attempt reconciles rather than record a post without an id or post again.
   * `answer` says what came back, e.g. "LinkedIn answered 201 without an x-restli-id header".
   */
  protected createdId(id: unknown, answer: string, status?: number): string {
    if (typeof id === 'string' && id) return id;
    throw this.error('unknown-outcome', `${answer}; it may have been published: reconcile before retrying`, {
      ...(status === undefined ? {} : { status }),
    });
  }

  /** A PlatformError for a failure the adapter itself detects. */
  protected error(kind: PlatformError['kind'], message: string, details: PlatformError['details'] = {}): PlatformError {
    return new PlatformError(kind, scrubSecrets(message), details);
  }
}
