import { createHash } from 'node:crypto';

/** Characters of a publish job's id: 16 base64url characters, 96 bits of the post id's SHA-256. */
export const JOB_ID_LENGTH = 16;

/**
 * The BullMQ job id of a post: a digest of the post id, not the id itself (which the job's data
 * carries). Why: BullMQ keeps a job's options, its id among them, as one JSON value in the job's
 * hash, and Redis stores a hash compactly (a listpack) only while every value is at most 64 bytes
 * (`hash-max-listpack-value`); with a post id of 40–50 characters the options are longer and each
 * waiting post cost some 500 bytes more (bench/schedule.bench.ts). The same post always gets the
 * same id, so a post can still have only one job; two posts share one only by a 96-bit collision.
 */
export function jobIdFor(postId: string): string {
  return createHash('sha256').update(postId).digest('base64url').slice(0, JOB_ID_LENGTH);
}
