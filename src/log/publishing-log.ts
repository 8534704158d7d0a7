import type { ChainableCommander } from 'ioredis';
import type { Platform } from '../config/config-schema.ts';
import type { PlannedPost, PostKind, PostState } from '../posts/post.ts';
import type { LogEntry } from './log-entry.ts';
import type { PostFacts } from './post-facts.ts';

/** The current record of a post: its latest entry, plus when it was first seen. */
export interface PostRecord extends LogEntry {
  createdAt: string;
  /** Log id of the entry this record was last set from. */
  logId?: string;
}

/** Filters of `secon-bot history`; all optional, combined with AND. */
export interface HistoryFilter {
  channel?: string[];
  platform?: Platform[];
  language?: string[];
  newsId?: string[];
  state?: PostState[];
  kind?: PostKind[];
  /** ISO bounds on the post's planned/actual time (`at` of its record). */
  since?: string;
  /** Exclusive upper bound. */
  until?: string;
  limit?: number;
  /** By `at`: newest first (`desc`, the default) or oldest first. */
  order?: 'asc' | 'desc';
}

export interface TransitionResult {
  /** False when the post's current state was not one of `from` (or the lease was lost): nothing was written. */
  ok: boolean;
  /** The record after the call (or as it stands when `ok` is false). */
  record: PostRecord | null;
  /** With `lease`: true when the lease was no longer held, so nothing was written. */
  leaseLost?: boolean;
  /** With `claimMark`: the post's claim mark as it was before this call (undefined: none). */
  claimedBefore?: string;
}

/** One transition of {@link PublishingLog.transitionMany}: the arguments of `transition`. */
export interface TransitionStep {
  entry: LogEntry;
  from: ReadonlyArray<PostState | null>;
  options?: TransitionOptions;
}

/**
 * What the publisher's claim folds into the same atomic step (one round trip instead of three),
 * with nothing able to happen in between.
 */
export interface TransitionOptions {
  /**
   * Set the post's claim mark to this time unless it is set already (the post store's
   * `claimedAt`); the result says which mark was there before.
   */
  claimMark?: Date;
  /**
   * Write only while the attempt still holds the post's lease (its key holds `token`), then set
   * the lease's life to `ttlMs` (to cover the platform call). Lease lost → nothing written.
   */
  lease?: { token: string; ttlMs: number };
  /**
   * Once written, delete the post's lease if it still holds this token: an attempt's last write
   * releases its lease without a round trip of its own. Not written → the lease stays.
   */
  releaseLease?: string;
  /**
   * The post's payload, stored with the entry (in its record, src/log/record-payload.ts): a new
   * post's payload and first entry land together, an edit's new text or time with its entry, so
   * no crash can leave one without the other. Without it the record keeps the payload it has.
   */
  payload?: PlannedPost;
}

/**
 * The durable publishing log: an append-only Redis stream of every state change, plus the current
 * record of each post with indexes for queries. Domain code talks to this interface only.
 * The publisher relies on `transition` being atomic (RedisPublishingLog runs it as one Lua script).
 */
export interface PublishingLog {
  /**
   * Atomically: when the post's current state is one of `from` (`null` = the post has no record
   * yet), append `entry` to the log and make it the current record; otherwise write nothing.
   * This is the claim that lets exactly one worker move a post to `publishing`.
   */
  transition(
    entry: LogEntry,
    from: ReadonlyArray<PostState | null>,
    options?: TransitionOptions,
  ): Promise<TransitionResult>;
  /**
   * Several transitions in one round trip (a news item's new posts): each is atomic on its own and
   * they run in the given order, but not as one transaction: a crash may leave the first few done.
   * Results in the same order.
   */
  transitionMany(steps: ReadonlyArray<TransitionStep>): Promise<TransitionResult[]>;
  /** Appends unconditionally (imports, corrections). */
  append(entry: LogEntry): Promise<void>;
  get(postId: string): Promise<PostRecord | null>;
  /** Queues `get` on a pipeline (a publish attempt's first round trip); parse its reply with the result. */
  queueGet(pipeline: ChainableCommander, postId: string): (reply: unknown) => PostRecord | null;
  /** Every entry of one post, oldest first (those retention has not trimmed). */
  timeline(postId: string): Promise<LogEntry[]>;
  /**
   * What each post's history established, kept on its record so retention cannot take it away
   * (src/log/post-facts.ts); in the order given, undefined for a post with no record. A record
   * older than the facts says so (`complete: false`): `resolvedFacts` reads its timeline too.
   */
  facts(postIds: ReadonlyArray<string>): Promise<Array<PostFacts | undefined>>;
  /** The facts of a record `queueGet` read (its reply): no second read of the record. */
  factsOfReply(reply: unknown): PostFacts | undefined;
  query(filter: HistoryFilter): Promise<PostRecord[]>;
}
