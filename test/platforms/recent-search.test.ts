import { describe, expect, test } from 'vitest';
import { PlatformError } from '../../src/platforms/platform-error.ts';
import {
  FIND_PAGE_LIMIT_CODE,
  FIND_PAGE_STUCK_CODE,
  findPageSize,
  type PostPage,
  searchBack,
  wholeSecondsBefore,
} from '../../src/platforms/recent-search.ts';

/** The paging rules alone, on pages given in memory (the adapters' tests run them against the sandboxes). */
interface Item {
  text: string;
  at?: number;
}

const SINCE = new Date('2026-03-02T09:00:00.750Z');
const T = SINCE.getTime();

/** Pages served by index; records which were asked for. */
function pages(list: Array<PostPage<Item, number>>) {
  const asked: Array<number | undefined> = [];
  return {
    asked,
    readPage: async (cursor: number | undefined) => {
      asked.push(cursor);
      return list[cursor ?? 0]!;
    },
  };
}

function search(source: ReturnType<typeof pages>, text: string, maxPages = 5) {
  return searchBack<Item, number>({
    platform: 'test',
    since: SINCE,
    maxPages,
    readPage: source.readPage,
    createdAt: (item) => item.at,
    matches: (item) => item.text === text,
    idOf: (item) => item.text,
  });
}

describe('searchBack', () => {
  test('a post whose id is to be skipped is passed over: the search goes on to an older match, then to its end', async () => {
    type Post = { id: string; text: string; at: number };
    const list: Array<PostPage<Post, number>> = [
      { posts: [{ id: 'theirs', text: 'same words', at: T + 5000 }], next: 1 },
      { posts: [{ id: 'ours', text: 'same words', at: T + 1000 }] },
    ];
    const find = (skip: string[]) =>
      searchBack<Post, number>({
        platform: 'test',
        since: SINCE,
        maxPages: 5,
        readPage: async (cursor) => list[cursor ?? 0]!,
        createdAt: (post) => post.at,
        matches: (post) => post.text === 'same words',
        idOf: (post) => post.id,
        skip: new Set(skip),
      });
    expect((await find([]))?.id).toBe('theirs');
    expect((await find(['theirs']))?.id).toBe('ours');
    expect(await find(['theirs', 'ours'])).toBeNull();
  });

  test('an old post on top of a page (a pinned one) neither matches nor ends the search', async () => {
    const source = pages([
      {
        posts: [
          { text: 'pinned', at: T - 86_400_000 },
          { text: 'a', at: T + 5000 },
        ],
        next: 1,
      },
      {
        posts: [
          { text: 'target', at: T + 1000 },
          { text: 'older', at: T - 5000 },
        ],
      },
    ]);
    expect(await search(source, 'target')).toEqual({ text: 'target', at: T + 1000 });
    expect(await search(pages([{ posts: [{ text: 'pinned', at: T - 86_400_000 }] }]), 'pinned')).toBeNull();
  });

  test('a page ending before since ends the search, though the platform offers more', async () => {
    const source = pages([
      {
        posts: [
          { text: 'a', at: T + 1000 },
          { text: 'b', at: T - 1000 },
        ],
        next: 1,
      },
      { posts: [{ text: 'target', at: T - 2000 }] },
    ]);
    expect(await search(source, 'target')).toBeNull();
    expect(source.asked).toEqual([undefined]);
  });

  test('since counts at whole seconds, rounded down: a post 0.5 s before it in the same second still counts', async () => {
    expect(wholeSecondsBefore(SINCE).toISOString()).toBe('2026-03-02T09:00:00.000Z');
    const source = pages([{ posts: [{ text: 'target', at: T - 500 }] }]);
    expect(await search(source, 'target')).not.toBeNull();
    expect(await search(pages([{ posts: [{ text: 'target', at: T - 751 }] }]), 'target')).toBeNull();
  });

  test('an empty page with a next cursor is not the end; undated posts are compared and never end it', async () => {
    const source = pages([
      { posts: [], next: 1 },
      { posts: [{ text: 'undated' }], next: 2 },
      { posts: [{ text: 'target' }] },
    ]);
    expect(await search(source, 'target')).toEqual({ text: 'target' });
    expect(source.asked).toEqual([undefined, 1, 2]);
  });

  test('the bound: unknown-outcome with the code; exactly maxPages pages read; a last page within the bound is "not found"', async () => {
    const list = [0, 1, 2].map((i) => ({ posts: [{ text: `p${i}`, at: T + 10_000 - i }], next: i + 1 }));
    const source = pages([...list, { posts: [{ text: 'p3', at: T + 1 }] }]);
    const error = await search(source, 'missing', 3).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ kind: 'unknown-outcome', details: { code: FIND_PAGE_LIMIT_CODE } });
    expect((error as Error).message).toContain(
      'test: read 3 pages (3 posts) back to posts of 2026-03-02T09:00:10.748Z without reaching ' +
        '2026-03-02T09:00:00.750Z',
    );
    expect(source.asked).toEqual([undefined, 1, 2]);
    expect(await search(pages([...list, { posts: [{ text: 'p3', at: T + 1 }] }]), 'missing', 4)).toBeNull();
  });

  test('a page of posts already read (a server that ignores the cursor) stops the search at once: cannot tell', async () => {
    const first = {
      posts: [
        { text: 'a', at: T + 3000 },
        { text: 'b', at: T + 2000 },
      ],
      next: 1,
    };
    // Page 1 answers with page 0 again: the offset is ignored.
    const source = pages([first, { ...first, next: 2 }, { posts: [{ text: 'target', at: T + 1000 }] }]);
    const error = await search(source, 'target', 20).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: 'unknown-outcome', details: { code: FIND_PAGE_STUCK_CODE } });
    expect((error as Error).message).toMatch(/test: page 2 brought no post that earlier pages had not/);
    expect(source.asked).toEqual([undefined, 1]);
  });

  test('pages that overlap (new posts pushed older ones down) go on as long as one post is new', async () => {
    const source = pages([
      {
        posts: [
          { text: 'a', at: T + 3000 },
          { text: 'b', at: T + 2000 },
        ],
        next: 1,
      },
      {
        posts: [
          { text: 'b', at: T + 2000 },
          { text: 'c', at: T + 1500 },
        ],
        next: 2,
      },
      { posts: [{ text: 'target', at: T + 1000 }] },
    ]);
    expect(await search(source, 'target')).toEqual({ text: 'target', at: T + 1000 });
    expect(source.asked).toEqual([undefined, 1, 2]);
  });

  test('errors of a page read pass through unchanged', async () => {
    const failing = new PlatformError('rate-limited', 'slow down', { retryAt: new Date(T) });
    const result = searchBack<Item, number>({
      platform: 'test',
      since: SINCE,
      maxPages: 3,
      readPage: async () => {
        throw failing;
      },
      createdAt: () => undefined,
      matches: () => true,
      idOf: (item) => item.text,
    });
    await expect(result).rejects.toBe(failing);
  });
});

describe('findPageSize', () => {
  test('the default unless asked; refuses sizes outside the range', () => {
    const range = { min: 5, max: 100, default: 100 };
    expect(findPageSize('X', undefined, range)).toBe(100);
    expect(findPageSize('X', 5, range)).toBe(5);
    expect(() => findPageSize('X', 2.5, range)).toThrow(/X: findPageSize must be an integer from 5 to 100, got 2.5/);
  });
});
