import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { SANDBOX_CREDENTIALS, SANDBOX_X_USER, type SandboxSet, startSandboxes } from '../../sandbox/index.ts';
import { TestClock } from '../helpers/sandbox-world.ts';

/** Raw HTTP: how the sandboxes page an account's posts back (what the adapters' findRecent reads). */
const clock = new TestClock();
let sb: SandboxSet;
beforeAll(async () => {
  sb = await startSandboxes({ now: clock.now });
});
afterAll(async () => {
  await sb.stop();
});
beforeEach(() => sb.reset());

const X_BEARER = `Bearer ${SANDBOX_CREDENTIALS.twitter.bearerToken}`;
const FB_TOKEN = SANDBOX_CREDENTIALS.facebook.pageToken!;
const PAGE = '100093083107402';
const ORG = 'urn:li:organization:1';
const liHeaders = {
  authorization: `Bearer ${SANDBOX_CREDENTIALS.linkedin.accessToken}`,
  'linkedin-version': '202611',
  'x-restli-protocol-version': '2.0.0',
};

/** Posts `n` texts a second apart; returns the time of the first. */
async function postMany(n: number, post: (text: string) => Promise<Response>, prefix = 'Item'): Promise<number> {
  const first = clock.at;
  for (let i = 1; i <= n; i++) {
    const res = await post(`${prefix} ${i}`);
    expect(res.ok).toBe(true);
    clock.advance(1000);
  }
  return first;
}

const xPost = (text: string) =>
  fetch(`${sb.urls.twitter}/2/tweets`, {
    method: 'POST',
    headers: { authorization: X_BEARER, 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
const xTimeline = (params: Record<string, string>) =>
  fetch(`${sb.urls.twitter}/2/users/${SANDBOX_X_USER.id}/tweets?${new URLSearchParams(params)}`, {
    headers: { authorization: X_BEARER },
  });

interface XPage {
  data?: Array<{ id: string; text: string; created_at?: string }>;
  meta: { result_count: number; next_token?: string; newest_id?: string; oldest_id?: string };
}

describe('X sandbox: GET /2/users/:id/tweets', () => {
  test('pages newest first with max_results and pagination_token; next_token only while posts remain', async () => {
    await postMany(12, xPost);
    const seen: string[] = [];
    const sizes: number[] = [];
    let token: string | undefined;
    do {
      const res = await xTimeline({
        max_results: '5',
        'tweet.fields': 'created_at',
        ...(token ? { pagination_token: token } : {}),
      });
      expect(res.status).toBe(200);
      const page = (await res.json()) as XPage;
      sizes.push(page.meta.result_count);
      expect(page.meta.newest_id).toBe(page.data![0]!.id);
      expect(page.meta.oldest_id).toBe(page.data!.at(-1)!.id);
      seen.push(...page.data!.map((t) => t.text));
      token = page.meta.next_token;
    } while (token);
    expect(sizes).toEqual([5, 5, 2]);
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => `Item ${12 - i}`));
  });

  test('start_time keeps posts at or after it; the last page has no next_token', async () => {
    const first = await postMany(8, xPost);
    // 5 s after the first post, at whole seconds (rounded down): items 6 to 8.
    const start = new Date(Math.floor((first + 5000) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    const res = await xTimeline({ max_results: '5', start_time: start, 'tweet.fields': 'created_at' });
    const page = (await res.json()) as XPage;
    expect(page.data!.map((t) => t.text)).toEqual(['Item 8', 'Item 7', 'Item 6']);
    expect(page.data!.every((t) => Date.parse(t.created_at!) >= Date.parse(start))).toBe(true);
    expect(page.meta.next_token).toBeUndefined();
    const none = (await (await xTimeline({ start_time: new Date(clock.at + 60_000).toISOString() })).json()) as XPage;
    expect(none).toEqual({ meta: { result_count: 0 } });
  });

  test('refuses max_results outside 5–100, a foreign pagination_token and a start_time that is no date-time', async () => {
    for (const [params, name] of [
      [{ max_results: '4' }, 'max_results'],
      [{ max_results: '101' }, 'max_results'],
      [{ pagination_token: 'not-ours' }, 'pagination_token'],
      [{ start_time: 'yesterday' }, 'start_time'],
    ] as const) {
      const res = await xTimeline(params);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { title: string; errors: Array<{ parameters: Record<string, unknown> }> };
      expect(body.title).toBe('Invalid Request');
      expect(Object.keys(body.errors[0]!.parameters)).toEqual([name]);
    }
  });
});

interface LiPage {
  elements: Array<{ id: string; commentary: string; createdAt: number }>;
  paging: { start: number; count: number; total: number; links: Array<{ rel: string; href: string }> };
}

describe('LinkedIn sandbox: GET /rest/posts?q=author', () => {
  const liPost = (commentary: string) =>
    fetch(`${sb.urls.linkedin}/rest/posts`, {
      method: 'POST',
      headers: { ...liHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({
        author: ORG,
        commentary,
        visibility: 'PUBLIC',
        distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
        lifecycleState: 'PUBLISHED',
      }),
    });
  const find = (params: Record<string, string>) =>
    fetch(`${sb.urls.linkedin}/rest/posts?${new URLSearchParams({ q: 'author', author: ORG, ...params })}`, {
      headers: liHeaders,
    });

  test('start/count pages newest first with paging.total and a next link while posts remain', async () => {
    await postMany(7, liPost);
    const first = (await (await find({ start: '0', count: '3', sortBy: 'CREATED' })).json()) as LiPage;
    expect(first.elements.map((e) => e.commentary)).toEqual(['Item 7', 'Item 6', 'Item 5']);
    expect(first.paging).toMatchObject({ start: 0, count: 3, total: 7 });
    expect(first.paging.links.map((l) => l.rel)).toEqual(['next']);
    expect(new URL(first.paging.links[0]!.href, 'http://x').searchParams.get('start')).toBe('3');
    const last = (await (await find({ start: '6', count: '3' })).json()) as LiPage;
    expect(last.elements.map((e) => e.commentary)).toEqual(['Item 1']);
    expect(last.paging.links.map((l) => l.rel)).toEqual(['prev']);
    expect(last.elements[0]!.createdAt).toBeLessThan(first.elements[0]!.createdAt);
    const beyond = (await (await find({ start: '7', count: '3' })).json()) as LiPage;
    expect(beyond.elements).toEqual([]);
  });

  test('refuses a count outside 1–100, a negative start and an unknown sortBy', async () => {
    for (const params of [{ count: '0' }, { count: '101' }, { start: '-1' }, { sortBy: 'POPULAR' }] as Array<
      Record<string, string>
    >) {
      const res = await find(params);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(/Invalid value/);
    }
  });
});

interface FbPage {
  data: Array<{ id: string; message?: string; created_time?: string }>;
  paging: { cursors?: { before: string; after: string }; next?: string };
}

describe('Facebook sandbox: GET /{page}/feed', () => {
  const fbPost = (message: string) =>
    fetch(`${sb.urls.facebook}/v26.0/${PAGE}/feed`, {
      method: 'POST',
      body: new URLSearchParams({ message, access_token: FB_TOKEN }),
    });

  test('limit and since, newest first; paging.next (every parameter kept) until the last page', async () => {
    const first = await postMany(4, fbPost, 'Old');
    clock.advance(3_600_000);
    const since = Math.floor(clock.at / 1000);
    await postMany(7, fbPost, 'New');
    expect(first).toBeLessThan(since * 1000);
    let url: string | undefined =
      `${sb.urls.facebook}/v26.0/${PAGE}/feed?` +
      `${new URLSearchParams({ fields: 'id,message,created_time', since: String(since), limit: '3', access_token: FB_TOKEN })}`;
    const seen: string[] = [];
    const sizes: number[] = [];
    while (url) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      const page = (await res.json()) as FbPage;
      sizes.push(page.data.length);
      seen.push(...page.data.map((p) => p.message!));
      expect(page.data.every((p) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/.test(p.created_time!))).toBe(true);
      if (page.paging.next) {
        const next = new URL(page.paging.next);
        expect(Object.fromEntries(next.searchParams)).toMatchObject({
          since: String(since),
          limit: '3',
          fields: 'id,message,created_time',
          after: page.paging.cursors!.after,
        });
      }
      url = page.paging.next;
    }
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(['New 7', 'New 6', 'New 5', 'New 4', 'New 3', 'New 2', 'New 1']);
  });

  test('refuses a cursor it did not give and a limit that is no positive integer', async () => {
    await postMany(2, fbPost);
    for (const params of [{ after: 'bm90LWEtcG9zdA==' }, { limit: '0' }, { limit: 'ten' }] as Array<
      Record<string, string>
    >) {
      const res = await fetch(
        `${sb.urls.facebook}/v26.0/${PAGE}/feed?${new URLSearchParams({ ...params, access_token: FB_TOKEN })}`,
      );
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: number } }).error.code).toBe(100);
    }
  });
});
