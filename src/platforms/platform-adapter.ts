import type { Platform } from '../config/config-schema.ts';
import type { PostArticle, PostImage } from '../posts/post.ts';
import type { ErrorKind } from './platform-error.ts';

/** Limits of a platform, kept on its adapter. */
export interface PlatformLimits {
  /** Maximum text length (X: weighted length). */
  maxTextLength: number;
  maxImages: number;
}

/** What an adapter is asked to publish. */
export interface OutgoingPost {
  postId: string;
  text: string;
  /** X only: the parts of a thread, in order (first equals `text`). */
  thread?: string[];
  link?: string;
  article?: PostArticle;
  images: PostImage[];
}

/** Options of one publish call. */
export interface PublishOptions {
  /**
   * X threads: ids of the parts already posted by an earlier attempt, in order. Publishing
   * resumes after them, so a retry never re-posts earlier parts.
   */
  postedParts?: string[];
  /** Called after each thread part lands, before the next is sent, so progress is recorded first. */
  onPartPosted?: (index: number, platformPostId: string) => Promise<void>;
}

export interface PublishResult {
  platformPostId: string;
  /** Public URL of the post. */
  url: string;
  /** X threads: ids of every part. */
  parts?: string[];
}

/** A post of our own account found on the platform (reconciliation). */
export interface FoundPost {
  platformPostId: string;
  url: string;
  text: string;
  createdAt?: string;
}

export interface FindQuery {
  /** Exact text as sent (compared after the platform's normalisation, e.g. LinkedIn escapes). */
  text: string;
  /** Only posts created at or after this time. */
  since: Date;
  /**
   * Ids of live posts that are not the one looked for, whatever their text: those the log records
   * for other posts. Two posts of one text are two posts; the second's search must not take the
   * first's as its own.
   */
  skip?: ReadonlySet<string>;
}

export interface CredentialCheck {
  ok: boolean;
  /** Who the credentials belong to, e.g. "@SeconProject_eu" or the page name. */
  identity?: string;
  message?: string;
  /** Why it failed, when it did (auth: fix the credentials; transient: the platform is unreachable). */
  kind?: ErrorKind;
}

/**
 * One per platform. Every failure is thrown as a PlatformError of one kind.
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  readonly limits: PlatformLimits;
  publish(post: OutgoingPost, options?: PublishOptions): Promise<PublishResult>;
  /** Finds a recent post of our own account with this text (reconciliation after unknown outcomes). */
  findRecent(query: FindQuery): Promise<FoundPost | null>;
  /** A read-only call that proves the credentials work (`doctor`, daily check). */
  checkCredentials(): Promise<CredentialCheck>;
}
