import type { PlannedPost, PostIdentity } from '../posts/post.ts';
import { POST_FIXED_FIELDS } from './entry-field-names.ts';
import { parseRecord } from './stored-record.ts';

/**
 * A post's payload (what the worker sends) as its log record keeps it. The record holds the
 * post's current entry already — its identity and its text — so the payload is stored without
 * them: every post's text is in Redis once (issue 13). What is left (time, state, link, images,
 * metrics, warnings, thread…) goes into the record as one JSON string, `p`, which the log's
 * script carries from write to write without reading it.
 *
 * The text is left out only when it is the entry's text; when the two differ (an X thread, whose
 * entry holds every part; a text the log scrubbed of something secret-like) it is kept in the
 * payload. Should an entry ever change the text without a new payload, the script keeps the text
 * the payload was written with in the record's `px` (see log-scripts.ts): the payload never takes
 * on a text it was not planned with.
 */

/** The fields a payload shares with every log entry of its post (its time may change: it stays). */
const IDENTITY = ['postId', ...POST_FIXED_FIELDS] as const;
type Identity = (typeof IDENTITY)[number];

/** The payload as stored with an entry whose (stored) text is `entryText`. */
export function packPayload(post: PlannedPost, entryText: string): string {
  const rest: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(post)) {
    if (!(IDENTITY as readonly string[]).includes(field)) rest[field] = value;
  }
  if (post.rendered.text === entryText) {
    const { text: _same, ...rendered } = post.rendered;
    rest.rendered = rendered;
  }
  return JSON.stringify(rest);
}

/**
 * The payload back from a record: `p` as packed, `px` the text it was packed with when the entry's
 * text has changed since (else undefined), `entry` the record's current entry.
 */
export function unpackPayload(p: string, px: string | undefined, entry: PostIdentity & { text: string }): PlannedPost {
  const rest = JSON.parse(p) as Omit<PlannedPost, Identity> & { rendered: { text?: string } };
  const identity: Record<string, unknown> = {};
  for (const field of IDENTITY) identity[field] = entry[field];
  const text = rest.rendered.text ?? px ?? entry.text;
  return { ...(identity as unknown as PostIdentity), ...rest, rendered: { ...rest.rendered, text } } as PlannedPost;
}

/**
 * The payload a record (its JSON as stored) carries, or undefined for a record without one (written
 * before payloads moved into records, or imported from an export).
 */
export function payloadOfRecord(json: string): PlannedPost | undefined {
  const stored = parseRecord(json);
  return typeof stored.p === 'string' ? unpackPayload(stored.p, stored.px, stored.entry) : undefined;
}
