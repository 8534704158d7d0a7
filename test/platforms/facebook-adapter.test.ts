import { describe, expect, test } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../sandbox/index.ts';
import { createAdapter } from '../../src/platforms/adapter-registry.ts';
import { PlatformError } from '../../src/platforms/platform-error.ts';
import { adapterWith, pngFile, useSandboxWorld } from '../helpers/sandbox-world.ts';

const world = useSandboxWorld();

const fb = () => world().sandboxes.facebook;
const adapter = () => world().adapter('facebook-test');
const PAGE = '100093083107402';
const TOKEN = SANDBOX_CREDENTIALS.facebook.pageToken!;

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

/** An injected Graph API error with the given code, on the given HTTP status. */
function graphError(
  code: number,
  status = 400,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  fb().failNext(1, {
    status,
    body: {
      error: {
        message: `(#${code}) sandbox error ${code}`,
        type: 'OAuthException',
        code,
        fbtrace_id: 'Atrace',
        ...extra,
      },
    },
    headers,
  });
}

describe('Facebook adapter: publishing', () => {
  test('POST /v26.0/{page}/feed with message, link and the page token as a form body', async () => {
    const result = await adapter().publish({
      postId: 'p',
      text: 'Partners meet in Sofia\nSee you there',
      link: 'https://www.interregeurope.eu/secon',
      images: [],
    });
    const [request] = fb().requests();
    expect(request).toMatchObject({ method: 'POST', path: `/v26.0/${PAGE}/feed` });
    expect(request!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(request!.bodyText))).toEqual({
      message: 'Partners meet in Sofia\nSee you there',
      link: 'https://www.interregeurope.eu/secon',
      access_token: TOKEN,
    });
    expect(result.platformPostId).toMatch(new RegExp(`^${PAGE}_\\d+$`));
    expect(result.url).toBe(`https://www.facebook.com/${result.platformPostId}`);
    expect(fb().posts()[0]).toMatchObject({
      id: result.platformPostId,
      text: 'Partners meet in Sofia\nSee you there',
      link: 'https://www.interregeurope.eu/secon',
    });
  });

  test('one image: /{page}/photos multipart with the bytes, alt text, and the message kept byte for byte', async () => {
    const text = 'Line one\nLine two';
    const result = await adapter().publish({
      postId: 'p',
      text,
      link: 'https://www.interregeurope.eu/secon',
      images: [{ src: pngFile('hall.png'), alt: 'The city hall' }],
    });
    const [request] = fb().requests();
    expect(request).toMatchObject({ method: 'POST', path: `/v26.0/${PAGE}/photos` });
    expect(request!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const [post] = fb().posts();
    expect(post!.text).toBe(`${text}\n\nhttps://www.interregeurope.eu/secon`);
    expect(post!.media[0]).toMatchObject({ altText: 'The city hall', mediaType: 'image/png' });
    expect(fb().mediaBytes(post!.media[0]!.id)!.subarray(1, 4).toString()).toBe('PNG');
    expect(result.platformPostId).toBe(post!.id);
    expect(await adapter().findRecent({ text, since: new Date(Date.now() - 5000) })).toMatchObject({
      platformPostId: post!.id,
    });
  });

  test('a photo answer without post_id (UNVERIFIED in Graph) → the page id and the photo id', async () => {
    fb().failNext(1, { status: 200, body: { id: '122100000000000777' } }, { method: 'POST', path: '/photos' });
    const result = await adapter().publish({ postId: 'p', text: 'Photo', images: [{ src: pngFile(), alt: 'hall' }] });
    expect(result).toEqual({
      platformPostId: `${PAGE}_122100000000000777`,
      url: `https://www.facebook.com/${PAGE}_122100000000000777`,
    });
  });

  test('several images: unpublished photos attached to one feed post', async () => {
    await adapter().publish({
      postId: 'p',
      text: 'Album',
      images: [
        { src: pngFile(), alt: 'first' },
        { src: pngFile(), alt: 'second' },
      ],
    });
    const paths = fb()
      .requests()
      .map((r) => r.path.replace(PAGE, '{page}'));
    expect(paths).toEqual(['/v26.0/{page}/photos', '/v26.0/{page}/photos', '/v26.0/{page}/feed']);
    const feed = new URLSearchParams(fb().requests()[2]!.bodyText);
    expect(JSON.parse(feed.get('attached_media[0]')!)).toHaveProperty('media_fbid');
    expect(fb().posts()).toHaveLength(1);
    expect(
      fb()
        .posts()[0]!
        .media.map((m) => m.altText),
    ).toEqual(['first', 'second']);
  });
});

describe('Facebook adapter: every row of the error table, by error.code', () => {
  const publish = () => adapter().publish({ postId: 'p', text: `post ${Math.random()}`, images: [] });

  test('190 invalid token → auth (the token never shows)', async () => {
    const channel = world().config.channels.find((c) => c.id === 'facebook-test')!;
    const bad = createAdapter(channel, world().config, { ...world().env, T_FACEBOOK_TOKEN: 'not-the-page-token' });
    const error = await failure(bad.publish({ postId: 'p', text: 'hi', images: [] }));
    expect(error).toMatchObject({ kind: 'auth', details: { code: 190, status: 400 } });
    expect(error.message).not.toContain('not-the-page-token');
    graphError(190, 400, { error_subcode: 463 });
    expect((await failure(publish())).kind).toBe('auth');
  });

  test.each([1, 2])('code %i → transient', async (code) => {
    graphError(code, 500);
    expect((await failure(publish())).kind).toBe('transient');
  });

  test('code 4 arrives as HTTP 403 and is rate-limited, not rejected', async () => {
    graphError(4, 403);
    const error = await failure(publish());
    expect(error).toMatchObject({ kind: 'rate-limited', details: { status: 403, code: 4 } });
    expect(error.details.retryAt!.getTime()).toBeGreaterThan(Date.now());
  });

  test.each([17, 32, 613, 80001])('code %i → rate-limited until estimated_time_to_regain_access', async (code) => {
    graphError(
      code,
      400,
      {},
      {
        'x-business-use-case-usage': JSON.stringify({
          [PAGE]: [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 7 }],
        }),
      },
    );
    const error = await failure(publish());
    expect(error.kind).toBe('rate-limited');
    expect(Math.abs(error.details.retryAt!.getTime() - (Date.now() + 7 * 60_000))).toBeLessThan(5_000);
  });

  test('throttles without a usage estimate hold 30 s, then twice as long each time in a row, up to 10 min; an answer resets it', async () => {
    const fresh = world().adapter('facebook-test');
    const holds: number[] = [];
    for (let i = 0; i < 7; i++) {
      graphError(4, 403);
      const before = Date.now();
      const error = await failure(fresh.publish({ postId: 'p', text: `post ${i}`, images: [] }));
      expect(error.kind).toBe('rate-limited');
      holds.push(Math.round((error.details.retryAt!.getTime() - before) / 1000));
    }
    // Seconds, within the second the request took.
    expect(holds.map((s) => Math.round(s / 30) * 30)).toEqual([30, 60, 120, 240, 480, 600, 600]);
    // A success starts it again at 30 s.
    await fresh.publish({ postId: 'p', text: 'goes through', images: [] });
    graphError(4, 403);
    const again = await failure(fresh.publish({ postId: 'p', text: 'after', images: [] }));
    expect(Math.round((again.details.retryAt!.getTime() - Date.now()) / 1000)).toBeLessThanOrEqual(30);
  });

  test('the sandbox budget (code 32) → rate-limited', async () => {
    fb().setRateLimit({ limit: 1, windowMs: 60_000 });
    await publish();
    expect(await failure(publish())).toMatchObject({ kind: 'rate-limited', details: { code: 32 } });
  });

  test('341 application limit → rate-limited, later (an hour)', async () => {
    graphError(341);
    const error = await failure(publish());
    expect(error.kind).toBe('rate-limited');
    expect(error.details.retryAt!.getTime() - Date.now()).toBeGreaterThan(50 * 60_000);
  });

  test('368 policy block → rejected (never retried automatically)', async () => {
    graphError(368);
    expect((await failure(publish())).kind).toBe('rejected');
  });

  test('506 duplicate → duplicate', async () => {
    await adapter().publish({ postId: 'p', text: 'same', images: [] });
    const error = await failure(adapter().publish({ postId: 'p', text: 'same', images: [] }));
    expect(error).toMatchObject({ kind: 'duplicate', details: { code: 506 } });
    expect(error.message).toContain('Duplicate status message');
  });

  test('100 invalid parameter (message too long) → rejected', async () => {
    const error = await failure(adapter().publish({ postId: 'p', text: 'x'.repeat(63_207), images: [] }));
    expect(error).toMatchObject({ kind: 'rejected', details: { code: 100 } });
  });

  test.each([10, 200, 299])('permission code %i → rejected', async (code) => {
    graphError(code, 403);
    expect((await failure(publish())).kind).toBe('rejected');
  });

  test.each([
    ['a feed post', '/feed', []],
    ['a one-photo post', '/photos', [{ src: pngFile(), alt: 'hall' }]],
  ])('%s answered 200 without an id → unknown-outcome, never a post without an id', async (_, path, images) => {
    fb().failNext(1, { status: 200, body: { success: true } }, { method: 'POST', path });
    const error = await failure(adapter().publish({ postId: 'p', text: 'no id back', images }));
    expect(error.kind).toBe('unknown-outcome');
    expect(error.message).toContain('reconcile');
  });

  test('a success answer that is not JSON → unknown-outcome for a create', async () => {
    fb().failNext(1, { status: 200, body: '<html>ok</html>' }, { method: 'POST', path: '/feed' });
    expect((await failure(publish())).kind).toBe('unknown-outcome');
  });

  test("a 500 after the post was stored → transient (the contract's kind), and findRecent finds the post", async () => {
    const since = new Date(Date.now() - 1000);
    fb().failNext(
      1,
      {
        status: 500,
        body: { error: { message: 'An unexpected error has occurred.', type: 'OAuthException', code: 2 } },
        landed: true,
      },
      { method: 'POST', path: '/feed' },
    );
    const error = await failure(adapter().publish({ postId: 'p', text: 'Stored before the error', images: [] }));
    expect(error).toMatchObject({ kind: 'transient', details: { status: 500 } });
    expect(await adapter().findRecent({ text: 'Stored before the error', since })).toMatchObject({
      platformPostId: fb().posts()[0]!.id,
    });
  });

  test('a create that times out (no answer in time) → unknown-outcome, and the post is there', async () => {
    const slow = adapterWith(world(), 'facebook-test', { timeoutMs: 300 });
    fb().latencyMs = 1500;
    const error = await failure(slow.publish({ postId: 'p', text: 'slow answer', images: [] }));
    expect(error.kind).toBe('unknown-outcome');
    fb().latencyMs = 0;
    expect(
      fb()
        .posts()
        .map((p) => p.text),
    ).toEqual(['slow answer']);
  });

  test('connection cut after the request was sent → unknown-outcome; findRecent finds it in the page feed', async () => {
    fb().cutNext(1, { method: 'POST', path: '/feed' });
    const since = new Date(Date.now() - 1000);
    const error = await failure(adapter().publish({ postId: 'p', text: 'Cut but stored', images: [] }));
    expect(error.kind).toBe('unknown-outcome');
    const found = await adapter().findRecent({ text: 'Cut but stored', since });
    expect(found).toMatchObject({ platformPostId: fb().posts()[0]!.id });
    const read = fb().requests().at(-1)!;
    expect(read).toMatchObject({
      method: 'GET',
      path: `/v26.0/${PAGE}/feed`,
      query: { fields: 'id,message,created_time', access_token: TOKEN },
    });
    expect(Number(read.query.since)).toBe(Math.floor(since.getTime() / 1000));
    expect(await adapter().findRecent({ text: 'Cut but', since })).toBeNull();
    // A post the log records for another post is passed over, whatever its text.
    expect(
      await adapter().findRecent({ text: 'Cut but stored', since, skip: new Set([found!.platformPostId]) }),
    ).toBeNull();
  });
});

test('checkCredentials reads GET /{page}?fields=id,name', async () => {
  expect(await adapter().checkCredentials()).toEqual({ ok: true, identity: `Sandbox page ${PAGE} (${PAGE})` });
  expect(fb().requests().at(-1)).toMatchObject({ method: 'GET', path: `/v26.0/${PAGE}`, query: { fields: 'id,name' } });
});
