import type { LOG_ENTRY_FIELDS, LogEntry } from './log-entry.ts';

/**
 * The short name of each entry field, as the log stores entries (the stream's compact entries, a
 * record's current entry). Never reuse a letter: stored entries keep theirs.
 */
export const SHORT_NAMES = {
  postId: 'i',
  newsId: 'n',
  channel: 'c',
  platform: 'p',
  language: 'l',
  kind: 'k',
  plannedAt: 'd',
  at: 'a',
  attempt: 't',
  state: 's',
  platformPostId: 'pi',
  url: 'u',
  errorKind: 'ek',
  errorMessage: 'em',
  text: 'x',
  textHash: 'h',
  actor: 'b',
  note: 'o',
} as const satisfies Record<(typeof LOG_ENTRY_FIELDS)[number], string>;

/** Short name → field. */
export const LONG_NAMES: Readonly<Record<string, keyof LogEntry>> = Object.fromEntries(
  Object.entries(SHORT_NAMES).map(([long, short]) => [short, long as keyof LogEntry]),
);

/**
 * The fields that never change for a post (its id is made of them; the platform is its channel's):
 * the post's record holds them, so neither its stream entries nor its payload repeat them.
 */
export const POST_FIXED_FIELDS = ['newsId', 'channel', 'platform', 'language', 'kind'] as const;
