import type { ChainableCommander } from 'ioredis';
import type { PlannedPost } from '../posts/post.ts';
import type { RedisClient } from '../redis/redis-client.ts';
import { POST_FIELDS, type RedisKeys } from '../redis/redis-keys.ts';

/** A planned post as stored for the worker, plus what publishing has learnt about it so far. */
export interface StoredPost {
  post: PlannedPost;
  /** X threads: ids of the parts already on the platform, in order. */
  postedParts: string[];
  /**
   * When an attempt first claimed the post and was about to call the platform. Once set, every
   * later attempt asks the platform first (reconciliation), because that earlier call may have landed.
   */
  claimedAt?: string;
}

/**
 * Why a post's text must not change any more, or undefined: an attempt claimed it (it may be live
 * with that text, and the next attempt reconciles against it) or thread parts are already posted.
 * Edits of a news item (the scheduler) and of a post's text (PostActions) both refuse on it.
 */
export function textLockedReason(stored: StoredPost): string | undefined {
  if (stored.postedParts.length)
    return `${stored.postedParts.length} thread part(s) already posted (${stored.postedParts.join(', ')})`;
  if (stored.claimedAt !== undefined) return `an attempt claimed it at ${stored.claimedAt}`;
  return undefined;
}

/** Hash fields; thread parts are one field each (`part:<index>`) so each is written atomically. */
const FIELD_POST = POST_FIELDS.post;
const FIELD_CLAIMED = POST_FIELDS.claimedAt;
const PART_PREFIX = POST_FIELDS.partPrefix;

/**
 * The full payload of every planned post (rendered text, thread, link, images, notAfter) under
 * `<prefix>:post:<postId>` (src/redis/redis-keys.ts), kept apart from the publishing log (which holds states only) and
 * from the queue (whose jobs carry only the post id, so a job can never publish stale text).
 */
export class PostStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  key(postId: string): string {
    return this.keys.post(postId);
  }

  /** Stores or replaces the post's payload; thread progress and the claim mark are kept. */
  async save(post: PlannedPost): Promise<void> {
    await this.redis.hset(this.key(post.postId), FIELD_POST, JSON.stringify(post));
  }

  async get(postId: string): Promise<StoredPost | null> {
    return storedPostOf(await this.redis.hgetall(this.key(postId)));
  }

  /** Queues `get` on a pipeline (a publish attempt's first round trip); parse its reply with the result. */
  queueGet(pipeline: ChainableCommander, postId: string): (reply: unknown) => StoredPost | null {
    pipeline.hgetall(this.key(postId));
    return (reply) => storedPostOf(reply as Record<string, string>);
  }

  async has(postId: string): Promise<boolean> {
    return (await this.redis.hexists(this.key(postId), FIELD_POST)) === 1;
  }

  /** Records one posted thread part. Called before the next part is sent, so a retry resumes after it. */
  async addPart(postId: string, index: number, platformPostId: string): Promise<void> {
    await this.redis.hset(this.key(postId), `${PART_PREFIX}${index}`, platformPostId);
  }

  /**
   * Marks the post as claimed by an attempt about to call the platform. Returns the earlier mark,
   * if any: a previous attempt may have reached the platform, so the caller must reconcile first.
   */
  async markClaimed(postId: string, at: Date): Promise<string | undefined> {
    const [[, previous], [, _set]] = (await this.redis
      .multi()
      .hget(this.key(postId), FIELD_CLAIMED)
      .hsetnx(this.key(postId), FIELD_CLAIMED, at.toISOString())
      .exec()) as [[Error | null, string | null], [Error | null, number]];
    void _set;
    return previous ?? undefined;
  }

  async delete(postId: string): Promise<void> {
    await this.redis.del(this.key(postId));
  }
}

function storedPostOf(fields: Record<string, string>): StoredPost | null {
  const raw = fields[FIELD_POST];
  if (!raw) return null;
  return {
    post: JSON.parse(raw) as PlannedPost,
    postedParts: partsOf(fields),
    claimedAt: fields[FIELD_CLAIMED] || undefined,
  };
}

/** The posted parts in order; stops at the first gap (parts are only ever recorded in order). */
function partsOf(fields: Record<string, string>): string[] {
  const parts: string[] = [];
  for (let i = 0; fields[`${PART_PREFIX}${i}`]; i++) parts.push(fields[`${PART_PREFIX}${i}`]!);
  return parts;
}
