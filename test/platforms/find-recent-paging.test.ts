import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { RecordedRequest, SandboxPost } from '../../sandbox/index.ts';
import type { PlatformAdapter } from '../../src/platforms/platform-adapter.ts';
import { PlatformError } from '../../src/platforms/platform-error.ts';
import { FIND_PAGE_LIMIT_CODE } from '../../src/platforms/recent-search.ts';
import type { PlannedPost } from '../../src/posts/post.ts';
import type { StoredPost } from '../../src/publishing/post-store.ts';
import { Reconciler } from '../../src/publishing/reconciler.ts';
import { adapterWith, type SandboxWorld, startSandboxWorld, TestClock } from '../helpers/sandbox-world.ts';

/**
 * Reconciliation reads back more than one page: the post looked for is found beyond the first
 * page, posts older than `since` never count, and a search cut short by the page bound fails
 * instead of answering "not found". Requests are asserted as the sandboxes recorded them.
 */
const clock = new TestClock();
let w: SandboxWorld;
beforeAll(async () => {
  w = await startSandboxWorld({ now: clock.now });
});
afterAll(async () => {
  await w.sandboxes.stop();
});
beforeEach(() => w.sandboxes.reset());

const PAGE_ID = '100093083107402';

interface Case {
  channel: string;
  platform: 'twitter' | 'linkedin' | 'facebook';
  /** The adapter's page size when none is set. */
  defaultPage: number;
  /** The find requests the adapter made (GETs of the account's posts). */
  reads(): RecordedRequest[];
  posts(): SandboxPost[];
  /** The page size the request asked for. */
  size(read: RecordedRequest): string | undefined;
  /** The cursor the request continued from (undefined on the first page). */
  cursor(read: RecordedRequest): string | undefined;
  /** The time filter the request sent, if the platform has one. */
  since(read: RecordedRequest): string | undefined;
  /** What `since` (at whole seconds) looks like in that filter. */
  sinceParam(since: Date): string | undefined;
}

const wholeSeconds = (since: Date) => Math.floor(since.getTime() / 1000);

const CASES: Case[] = [
  {
    channel: 'x-test',
    platform: 'twitter',
    defaultPage: 100,
    reads: () =>
      w.sandboxes.twitter.requests().filter((r) => r.method === 'GET' && /^\/2\/users\/\d+\/tweets$/.test(r.path)),
    posts: () => w.sandboxes.twitter.posts(),
    size: (r) => r.query.max_results,
    cursor: (r) => r.query.pagination_token,
    since: (r) => r.query.start_time,
    sinceParam: (since) => new Date(wholeSeconds(since) * 1000).toISOString().replace('.000Z', 'Z'),
  },
  {
    channel: 'linkedin-test',
    platform: 'linkedin',
    defaultPage: 50,
    reads: () => w.sandboxes.linkedin.requests().filter((r) => r.method === 'GET' && r.path === '/rest/posts'),
    posts: () => w.sandboxes.linkedin.posts(),
    size: (r) => r.query.count,
    cursor: (r) => (r.query.start === '0' ? undefined : r.query.start),
    since: () => undefined,
    sinceParam: () => undefined,
  },
  {
    channel: 'facebook-test',
    platform: 'facebook',
    defaultPage: 50,
    reads: () =>
      w.sandboxes.facebook.requests().filter((r) => r.method === 'GET' && r.path === `/v26.0/${PAGE_ID}/feed`),
    posts: () => w.sandboxes.facebook.posts(),
    size: (r) => r.query.limit,
    cursor: (r) => r.query.after,
    since: (r) => r.query.since,
    sinceParam: (since) => String(wholeSeconds(since)),
  },
];

/** Publishes each text through the adapter, one second apart on the sandboxes' clock. */
async function publishAll(adapter: PlatformAdapter, texts: string[]): Promise<void> {
  for (const [index, text] of texts.entries()) {
    await adapter.publish({ postId: `p${index}`, text, images: [] });
    clock.advance(1000);
  }
}

const texts = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}: SECON partners compare notes on regional policy`);

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

/** A stored post as the reconciler reads it (only the rendered text matters to it). */
function storedWithText(text: string): StoredPost {
  return { post: { rendered: { text } } as unknown as PlannedPost, postedParts: [] };
}

describe.each(CASES)('$platform: findRecent pages back to since', (c) => {
  test('finds the post beyond the first page; every page keeps the size and time filter, the second continues from the first', async () => {
    const adapter = w.adapter(c.channel);
    // Since carries milliseconds on purpose: filters go at whole seconds, rounded down.
    const since = new Date(clock.at - 60_500);
    await publishAll(adapter, ['The post a crash left behind', ...texts('Later news', c.defaultPage + 30)]);
    expect(c.reads()).toHaveLength(0);

    const found = await adapter.findRecent({ text: 'The post a crash left behind', since });
    const target = c.posts()[0]!;
    expect(found).toMatchObject({ platformPostId: target.id, text: target.text });
    // Facebook dates posts to the second; X and LinkedIn to the millisecond.
    const createdAt =
      c.platform === 'facebook' ? wholeSeconds(new Date(target.createdAt)) * 1000 : Date.parse(target.createdAt);
    expect(Date.parse(found!.createdAt!)).toBe(createdAt);

    const reads = c.reads();
    expect(reads).toHaveLength(2);
    expect(reads.map((r) => c.size(r))).toEqual([String(c.defaultPage), String(c.defaultPage)]);
    expect(reads.map((r) => c.since(r))).toEqual([c.sinceParam(since), c.sinceParam(since)]);
    expect(c.cursor(reads[0]!)).toBeUndefined();
    expect(c.cursor(reads[1]!)).toBeTruthy();
    if (c.platform === 'linkedin') {
      expect(reads[0]!.query).toMatchObject({
        q: 'author',
        author: 'urn:li:organization:93265886',
        start: '0',
        sortBy: 'CREATED',
      });
      expect(reads[1]!.query.start).toBe(String(c.defaultPage));
    }
    if (c.platform === 'facebook') {
      expect(reads[1]!.query).toMatchObject({
        fields: 'id,message,created_time',
        access_token: 'sandbox-facebook-page-token',
      });
    }
    if (c.platform === 'twitter') expect(reads[1]!.query['tweet.fields']).toBe('created_at,entities,attachments');
  });

  test('a post older than since is not returned, and the search stops where the posts get older', async () => {
    const adapter = adapterWith(w, c.channel, { findPageSize: 10 });
    await publishAll(adapter, [...texts('Old news', 24), 'Sent before the claim']);
    clock.advance(3_600_000);
    const since = new Date(clock.at - 60_000);
    await publishAll(adapter, texts('Fresh news', 15));

    expect(await adapter.findRecent({ text: 'Sent before the claim', since })).toBeNull();
    expect(
      await adapter.findRecent({ text: 'Fresh news 1: SECON partners compare notes on regional policy', since }),
    ).toMatchObject({ platformPostId: c.posts()[25]!.id });
    // 15 newer posts at 10 a page: two pages, then the list has ended (X, Facebook: the API
    // filters by time) or the second page ended with older posts (LinkedIn: no time filter) —
    // never the further pages of the 25 older posts.
    const reads = c.reads();
    expect(reads.map((r) => c.size(r))).toEqual(['10', '10', '10', '10']);
    expect(reads.map((r) => c.cursor(r) === undefined)).toEqual([true, false, true, false]);
    for (const read of reads) expect(c.since(read)).toBe(c.sinceParam(since));
  });

  test('the page bound ends the search with an error, never with "not found"', async () => {
    const bounded = adapterWith(w, c.channel, { findPageSize: 5, findMaxPages: 3 });
    const since = new Date(clock.at - 60_000);
    await publishAll(bounded, ['Sixteenth from the top', ...texts('Busy day', 15)]);

    const error = await failure(bounded.findRecent({ text: 'Sixteenth from the top', since }));
    expect(error.kind).toBe('unknown-outcome');
    expect(error.details.code).toBe(FIND_PAGE_LIMIT_CODE);
    expect(error.message).toMatch(/read 3 pages \(15 posts\).*cannot tell whether the post is live/);
    expect(c.reads()).toHaveLength(3);
    expect(c.reads().map((r) => c.size(r))).toEqual(['5', '5', '5']);

    // The reconciler takes the failure for "could not ask", not for "not there".
    const reconciled = await new Reconciler({ findAttempts: 1, sinceMarginMs: 0 }).reconcile(
      bounded,
      storedWithText('Sixteenth from the top'),
      since,
    );
    expect(reconciled).toMatchObject({ kind: 'unsettled' });

    // One page more reaches it; a text that is nowhere reads to the end of the list and is "not found".
    const roomier = adapterWith(w, c.channel, { findPageSize: 5, findMaxPages: 4 });
    expect(await roomier.findRecent({ text: 'Sixteenth from the top', since })).toMatchObject({
      platformPostId: c.posts()[0]!.id,
    });
    const before = c.reads().length;
    expect(await roomier.findRecent({ text: 'Never published', since })).toBeNull();
    expect(c.reads()).toHaveLength(before + 4);
    expect(
      await new Reconciler({ findAttempts: 1, sinceMarginMs: 0 }).reconcile(
        roomier,
        storedWithText('Never published'),
        since,
      ),
    ).toEqual({ kind: 'not-found' });
  });
});

describe('adapter options', () => {
  test('a page size the platform would refuse is refused when the adapter is built', () => {
    expect(() => adapterWith(w, 'x-test', { findPageSize: 4 })).toThrow(
      /X: findPageSize must be an integer from 5 to 100, got 4/,
    );
    expect(() => adapterWith(w, 'linkedin-test', { findPageSize: 101 })).toThrow(
      /LinkedIn: findPageSize must be an integer from 1 to 100/,
    );
    expect(() => adapterWith(w, 'facebook-test', { findMaxPages: 0 })).toThrow(
      /findMaxPages must be a positive integer/,
    );
  });
});
