import { createHash } from 'node:crypto';
import * as z from 'zod';
import { languageCode, PLATFORMS } from '../config/config-schema.ts';
import { ERROR_KINDS, type ErrorKind } from '../platforms/platform-error.ts';
import { POST_KINDS, POST_STATES, type PostIdentity, type PostState } from '../posts/post.ts';

/**
 * One entry of the append-only publishing log: a state change of one post. Nothing ever edits or
 * deletes an entry; a correction is a new entry.
 */
export interface LogEntry extends PostIdentity {
  /** ISO date-time of this state change. */
  at: string;
  /** Publish attempt number (0 before the first attempt). */
  attempt: number;
  state: PostState;
  platformPostId?: string;
  url?: string;
  errorKind?: ErrorKind;
  /** The platform's own message (secrets scrubbed). */
  errorMessage?: string;
  /** The text that was (or would have been) sent. */
  text: string;
  /** sha256 of `text`. */
  textHash: string;
  /** Who or what caused the change (`worker:<host>:<pid>`, `cli:<user>`, `web:<user>`, …) and any remark. */
  actor?: string;
  note?: string;
}

/**
 * The id the log gave an entry (its Redis stream id, `<ms>-<seq>`). Set on entries read back from
 * the log and on exported lines; export/import keep it, which is what makes importing twice add
 * nothing.
 */
export type LogId = string;

/** An entry as read back from the log: the entry plus the id the log gave it. */
export interface StoredLogEntry extends LogEntry {
  logId: LogId;
}

/** sha256 (hex) of a post's text, as stored in `LogEntry.textHash`. */
export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** An ISO 8601 date-time with its zone, as every time in the log is written. */
export const isoDateTime = z.iso.datetime({
  offset: true,
  message: 'expected an ISO 8601 date-time with a zone, e.g. 2023-11-13T09:00:00+02:00',
});

/** Stream ids as Redis writes them: `<ms>-<seq>`. */
export const LOG_ID = /^\d{1,20}-\d{1,20}$/;

/**
 * What a valid entry looks like: used to check every line of an import before anything is written,
 * and every entry before it is appended.
 */
export const logEntrySchema = z
  .object({
    postId: z.string().min(1),
    newsId: z.string().min(1),
    channel: z.string().min(1),
    platform: z.enum(PLATFORMS),
    language: languageCode,
    kind: z.enum(POST_KINDS),
    plannedAt: isoDateTime,
    at: isoDateTime,
    attempt: z.number().int().min(0),
    state: z.enum(POST_STATES),
    platformPostId: z.string().min(1).optional(),
    /** The live post: http(s) only, so a log cannot carry a javascript: link into a report or a page. */
    url: z
      .string()
      .min(1)
      .refine((url) => /^https?:\/\/[^/\s]/i.test(url), { message: 'expected an http(s) URL of the live post' })
      .optional(),
    errorKind: z.enum(ERROR_KINDS).optional(),
    errorMessage: z.string().optional(),
    text: z.string(),
    textHash: z.string().regex(/^[0-9a-f]{64}$/, 'expected the sha256 of text as 64 hex digits'),
    actor: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();

/** An exported line: an entry with the id the log gave it. */
export const storedLogEntrySchema = logEntrySchema
  .extend({ logId: z.string().regex(LOG_ID, 'expected a log id such as 1699866000000-0') })
  .strict();

/** The fields of an entry in one fixed order, without undefined ones: the stored JSON is canonical. */
export const LOG_ENTRY_FIELDS = [
  'postId',
  'newsId',
  'channel',
  'platform',
  'language',
  'kind',
  'plannedAt',
  'at',
  'attempt',
  'state',
  'platformPostId',
  'url',
  'errorKind',
  'errorMessage',
  'text',
  'textHash',
  'actor',
  'note',
] as const satisfies ReadonlyArray<keyof LogEntry>;
