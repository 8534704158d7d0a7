import { scrubSecrets } from '../config/secrets.ts';
import { PlatformError } from './platform-error.ts';

/**
 * Reading an account's posts back, newest first, page by page, until the post we look for turns
 * up or the posts grow older than `since` (reconciliation, `findRecent`). "Not found" is only ever
 * answered once the search really reached `since` (or the end of the account's posts); a search
 * cut short by the page bound fails instead, so a caller never takes "not searched far enough"
 * for "not there" and publishes a second time.
 */

/** `details.code` of the PlatformError thrown when the page bound ends a search early. */
export const FIND_PAGE_LIMIT_CODE = 'FIND_PAGE_LIMIT';
/** `details.code` of the PlatformError thrown when a page brings no post not already read. */
export const FIND_PAGE_STUCK_CODE = 'FIND_PAGE_STUCK';
/** How many pages a search reads at most before giving up (AdapterOptions.findMaxPages). */
export const DEFAULT_FIND_MAX_PAGES = 20;

/** One page of an account's posts, newest first. */
export interface PostPage<T, C> {
  posts: T[];
  /** Where the next (older) page starts; undefined when the platform says this page is the last. */
  next?: C;
}

/** What {@link searchBack} needs from an adapter. */
export interface SearchBackOptions<T, C> {
  /** Named in the error message. */
  platform: string;
  /** Only posts created at or after this time count; a page ending before it ends the search. */
  since: Date;
  /** Pages read at most; more posts newer than `since` beyond them → PlatformError. */
  maxPages: number;
  /** Reads one page: the first when `cursor` is undefined. */
  readPage(cursor: C | undefined): Promise<PostPage<T, C>>;
  /** Creation time in ms, when the platform gave one. */
  createdAt(post: T): number | undefined;
  /** The post's id: a page of ids already read means paging does not move on. */
  idOf(post: T): string;
  /** Whether this post is the one we look for (text compared the platform's way). */
  matches(post: T): boolean;
  /** Ids of posts never to match, whatever their text ({@link FindQuery}.skip). */
  skip?: ReadonlySet<string>;
}

/** Page sizes a platform accepts for reading posts back, and the one used unless told otherwise. */
export interface PageSizeRange {
  min: number;
  max: number;
  default: number;
}

/**
 * `since` at whole seconds, rounded down: Facebook dates posts to the second and X takes
 * `start_time` in seconds, so this is the finest bound every platform can honour; rounding down
 * searches a little further back, never less far.
 */
export function wholeSecondsBefore(since: Date): Date {
  return new Date(Math.floor(since.getTime() / 1000) * 1000);
}

/** The page size asked for, or the platform's default; refuses a size the platform would refuse. */
export function findPageSize(platform: string, asked: number | undefined, range: PageSizeRange): number {
  if (asked === undefined) return range.default;
  if (!Number.isInteger(asked) || asked < range.min || asked > range.max) {
    throw new Error(`${platform}: findPageSize must be an integer from ${range.min} to ${range.max}, got ${asked}`);
  }
  return asked;
}

/** The bound on pages read, default {@link DEFAULT_FIND_MAX_PAGES}. */
export function findMaxPages(asked: number | undefined): number {
  if (asked === undefined) return DEFAULT_FIND_MAX_PAGES;
  if (!Number.isInteger(asked) || asked < 1) throw new Error(`findMaxPages must be a positive integer, got ${asked}`);
  return asked;
}

/**
 * Pages back through an account's posts (see the file comment). Returns the matching post, or
 * null when none matches back to `since`; throws a PlatformError of kind `unknown-outcome` when
 * `maxPages` pages were read and newer posts remain unread (code {@link FIND_PAGE_LIMIT_CODE}),
 * or at once when a page brings only posts already read (code {@link FIND_PAGE_STUCK_CODE}): a
 * server that ignores the offset or cursor would otherwise be asked the same page up to the bound.
 * Errors of `readPage` pass through unchanged.
 */
export async function searchBack<T, C>(options: SearchBackOptions<T, C>): Promise<T | null> {
  const floor = wholeSecondsBefore(options.since).getTime();
  const seen = new Set<string>();
  let cursor: C | undefined;
  let read = 0;
  let oldest: number | undefined;
  for (let page = 1; page <= options.maxPages; page++) {
    const { posts, next } = await options.readPage(cursor);
    const ids = posts.map(options.idOf);
    // An empty page is the platform's to judge (Graph may send one before more posts); a page of
    // posts all read before means the paging does not move: more pages would be the same.
    if (page > 1 && ids.length && ids.every((id) => seen.has(id))) throw stuck(options, page, read, oldest);
    for (const id of ids) seen.add(id);
    read += posts.length;
    for (const post of posts) {
      const at = options.createdAt(post);
      if (at !== undefined && at < floor) continue;
      if (options.matches(post) && !options.skip?.has(options.idOf(post))) return post;
    }
    const lastAt = posts.length ? options.createdAt(posts.at(-1)!) : undefined;
    if (lastAt !== undefined) oldest = Math.min(oldest ?? lastAt, lastAt);
    // Newest first: once a page ends before `since`, every later page is older still. (Only the
    // page's last post decides, so one odd old post on top, e.g. a pinned one, does not stop it.)
    if (next === undefined || (lastAt !== undefined && lastAt < floor)) return null;
    cursor = next;
  }
  throw new PlatformError(
    'unknown-outcome',
    scrubSecrets(
      `${options.platform}: read ${options.maxPages} pages (${read} posts) back to ${reached(oldest)} without ` +
        `reaching ${options.since.toISOString()}; ` +
        'cannot tell whether the post is live (not searched far enough is not "not found")',
    ),
    { code: FIND_PAGE_LIMIT_CODE },
  );
}

function reached(oldest: number | undefined): string {
  return oldest === undefined ? 'posts without dates' : `posts of ${new Date(oldest).toISOString()}`;
}

function stuck<T, C>(
  options: SearchBackOptions<T, C>,
  page: number,
  read: number,
  oldest: number | undefined,
): PlatformError {
  return new PlatformError(
    'unknown-outcome',
    scrubSecrets(
      `${options.platform}: page ${page} brought no post that earlier pages had not (the paging does not move ` +
        `on), after ${read} posts back to ${reached(oldest)} without reaching ${options.since.toISOString()}; ` +
        'cannot tell whether the post is live (not searched far enough is not "not found")',
    ),
    { code: FIND_PAGE_STUCK_CODE },
  );
}
