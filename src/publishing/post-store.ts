import type { ChainableCommander } from 'ioredis';
import { counted } from '../counted.ts';
import { payloadOfRecord } from '../log/record-payload.ts';
import type { PlannedPost } from '../posts/post.ts';
import type { RedisClient } from '../redis/redis-client.ts';
import { POST_FIELDS, type RedisKeys } from '../redis/redis-keys.ts';
import { readableTime } from './parse-when.ts';

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
 * Edits of a news item (the scheduler) and of a post's text (PostActions) both refuse on it. Times
 * are read in `zone` (the channel's): the reason goes into the log's notes and refusals people read.
 */
export function textLockedReason(stored: StoredPost, zone: string): string | undefined {
  if (stored.postedParts.length)
    return `${counted(stored.postedParts.length, 'thread part', 'thread parts')} already posted (${stored.postedParts.join(', ')})`;
  if (stored.claimedAt !== undefined)
    return `an attempt claimed it at ${readableTime(stored.claimedAt, zone)} (${zone})`;
  return undefined;
}

/** Hash fields; thread parts are one field each (`part:<index>`) so each is written atomically. */
const FIELD_LEGACY_POST = POST_FIELDS.post;
const FIELD_CLAIMED = POST_FIELDS.claimedAt;
const PART_PREFIX = POST_FIELDS.partPrefix;

/**
 * A planned post as the worker reads it: its payload (rendered text, thread, link, images,
 * notAfter), which the log's record carries (src/log/record-payload.ts: written in the same step
 * as the entry it belongs to, text kept once), and what publishing has learnt about it, in the
 * post's hash `<prefix>:post:<postId>` (src/redis/redis-keys.ts): the claim mark and the posted
 * thread parts. A new post has no hash until an attempt claims it. The queue's jobs carry only the
 * post id, so a job can never publish stale text. Posts planned before payloads moved into records
 * keep theirs in the hash (field `post`) until their next change of text or time.
 */
export class PostStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  key(postId: string): string {
    return this.keys.post(postId);
  }

  async get(postId: string): Promise<StoredPost | null> {
    const [stored] = await this.getMany([postId]);
    return stored ?? null;
  }

  /** Several posts' payloads in one round trip, in the order asked (null: none stored). */
  async getMany(postIds: readonly string[]): Promise<Array<StoredPost | null>> {
    if (!postIds.length) return [];
    const pipeline = this.redis.pipeline();
    const parsers = postIds.map((postId) => {
      const parse = this.queueGet(pipeline, postId);
      pipeline.get(this.keys.logRecord(postId));
      return parse;
    });
    const replies = ((await pipeline.exec()) ?? []) as Array<[Error | null, unknown]>;
    return parsers.map((parse, i) => {
      const [[hashError, fields], [recordError, record]] = [replies[2 * i]!, replies[2 * i + 1]!];
      if (hashError ?? recordError) throw hashError ?? recordError;
      return parse(fields, record);
    });
  }

  /**
   * Of these posts still to go out, the ones that never can: no stored payload, as their records
   * came from `history import` (an export carries the log, not what the worker sends) or Redis
   * lost data. The worker would fail them when they fall due; a person should hear of it first.
   */
  async stranded<T extends { postId: string }>(records: readonly T[]): Promise<T[]> {
    const stored = await this.getMany(records.map((r) => r.postId));
    return records.filter((_, i) => stored[i] === null);
  }

  /**
   * Queues the post's hash on a pipeline (a publish attempt's first round trip, which reads the
   * record too); the parser takes the hash's reply and the record's (GET of its log record).
   */
  queueGet(pipeline: ChainableCommander, postId: string): (fields: unknown, record: unknown) => StoredPost | null {
    pipeline.hgetall(this.key(postId));
    return (fields, record) => storedPostOf(fields as Record<string, string>, record as string | null);
  }

  /** Whether the post has a payload (a record without one was imported, or lost it with Redis data). */
  async has(postId: string): Promise<boolean> {
    return (await this.get(postId)) !== null;
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
}

function storedPostOf(fields: Record<string, string>, record: string | null): StoredPost | null {
  const legacy = fields[FIELD_LEGACY_POST];
  const post =
    (record ? payloadOfRecord(record) : undefined) ?? (legacy ? (JSON.parse(legacy) as PlannedPost) : undefined);
  if (!post) return null;
  return {
    post,
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
