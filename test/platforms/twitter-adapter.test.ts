import { createServer } from 'node:net';
import { describe, expect, test } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../sandbox/index.ts';
import { createAdapter } from '../../src/platforms/adapter-registry.ts';
import { PlatformError } from '../../src/platforms/platform-error.ts';
import { adapterWith, pngFile, useSandboxWorld } from '../helpers/sandbox-world.ts';

const world = useSandboxWorld();

const x = () => world().sandboxes.twitter;
const creates = () =>
  x()
    .requests()
    .filter((r) => r.method === 'POST' && r.path === '/2/tweets');

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe('X adapter: publishing', () => {
  test('POST /2/tweets with OAuth 1.0a, JSON body; returns the id and the public URL', async () => {
    const result = await world()
      .adapter('x-test')
      .publish({ postId: 'n1.x-test.en.news', text: 'SECON partners meet in Sofia', images: [] });
    const [request] = creates();
    expect(request!.headers.authorization).toMatch(
      /^OAuth oauth_consumer_key="sandbox-x-app-key",oauth_nonce="[^"]+",oauth_signature="[^"]+",oauth_signature_method="HMAC-SHA1"/,
    );
    expect(request!.headers.authorization).toContain(
      `oauth_token="${encodeURIComponent(SANDBOX_CREDENTIALS.twitter.accessToken!)}"`,
    );
    expect(request!.headers['content-type']).toMatch(/^application\/json/);
    expect(request!.json).toEqual({ text: 'SECON partners meet in Sofia' });
    expect(result.platformPostId).toMatch(/^\d{15,19}$/);
    expect(result.url).toBe(`https://x.com/SeconProject_eu/status/${result.platformPostId}`);
    expect(x().posts()[0]).toMatchObject({ id: result.platformPostId, text: 'SECON partners meet in Sofia' });
  });

  test('OAuth 2.0 user token goes as a Bearer header', async () => {
    await world().adapter('x-oauth2').publish({ postId: 'p', text: 'bearer post', images: [] });
    expect(creates()[0]!.headers.authorization).toBe(`Bearer ${SANDBOX_CREDENTIALS.twitter.bearerToken}`);
  });

  test('images: v2 chunked upload, alt text through /2/media/metadata, media ids on the post', async () => {
    const result = await world()
      .adapter('x-test')
      .publish({
        postId: 'p',
        text: 'Two photos',
        images: [
          { src: pngFile('a.png', 40, 30), alt: 'Partners around a table' },
          { src: pngFile('b.png'), alt: 'The city hall of Haskovo' },
        ],
      });
    const paths = x()
      .requests()
      .map((r) => `${r.method} ${r.path.replace(/\d{10,}/, ':id')}`);
    expect(paths).toEqual([
      'POST /2/media/upload/initialize',
      'POST /2/media/upload/:id/append',
      'POST /2/media/upload/:id/finalize',
      'POST /2/media/metadata',
      'POST /2/media/upload/initialize',
      'POST /2/media/upload/:id/append',
      'POST /2/media/upload/:id/finalize',
      'POST /2/media/metadata',
      'POST /2/tweets',
    ]);
    const init = x().requests()[0]!;
    expect(init.json).toMatchObject({ media_type: 'image/png', media_category: 'tweet_image' });
    expect(x().requests()[1]!.headers['content-type']).toMatch(/^multipart\/form-data/);
    const metadata = x().requests()[3]!;
    expect(metadata.json).toEqual({
      id: expect.stringMatching(/^\d+$/),
      metadata: { alt_text: { text: 'Partners around a table' } },
    });
    const post = x()
      .posts()
      .find((p) => p.id === result.platformPostId)!;
    expect(post.media.map((m) => m.altText)).toEqual(['Partners around a table', 'The city hall of Haskovo']);
    expect(x().mediaBytes(post.media[0]!.id)!.subarray(1, 4).toString()).toBe('PNG');
    expect(creates()[0]!.json).toEqual({ text: 'Two photos', media: { media_ids: post.media.map((m) => m.id) } });
  });

  test('alt text over 1,000 characters is cut to fit, never inside an emoji (no lone surrogate sent)', async () => {
    const alt = `${'a'.repeat(999)}😀 and more`;
    await world()
      .adapter('x-test')
      .publish({ postId: 'p', text: 'Long alt', images: [{ src: pngFile(), alt }] });
    expect(x().posts()[0]!.media[0]!.altText).toBe('a'.repeat(999));
  });

  test('more than 4 images is refused before anything is sent', async () => {
    const error = await failure(
      world()
        .adapter('x-test')
        .publish({
          postId: 'p',
          text: 'many',
          images: Array.from({ length: 5 }, () => ({ src: pngFile(), alt: 'x' })),
        }),
    );
    expect(error.kind).toBe('rejected');
    expect(x().requests()).toHaveLength(0);
  });
});

describe('X adapter: threads', () => {
  const thread = [
    '1/4 The SECON project starts',
    '2/4 Eight regions take part',
    '3/4 They share good practices',
    '4/4 Follow us for news',
  ];

  test('a 4-part thread whose third part fails once resumes at part 3 and never re-posts', async () => {
    const adapter = world().adapter('x-test');
    x().failNext(
      1,
      { status: 503, body: { title: 'Service Unavailable' } },
      { method: 'POST', path: '/2/tweets', skip: 2 },
    );
    const progress: Array<[number, string]> = [];
    const onPartPosted = async (index: number, id: string) => {
      progress.push([index, id]);
    };
    const error = await failure(
      adapter.publish({ postId: 'p', text: thread[0]!, thread, images: [] }, { onPartPosted }),
    );
    expect(error.kind).toBe('transient');
    expect(error.details.postedParts).toHaveLength(2);
    expect(progress.map(([i]) => i)).toEqual([0, 1]);

    const result = await adapter.publish(
      { postId: 'p', text: thread[0]!, thread, images: [] },
      { postedParts: error.details.postedParts, onPartPosted },
    );
    const posts = x().posts();
    expect(posts.map((p) => p.text)).toEqual(thread);
    expect(posts.map((p) => p.replyTo)).toEqual([undefined, posts[0]!.id, posts[1]!.id, posts[2]!.id]);
    expect(result.parts).toEqual(posts.map((p) => p.id));
    expect(result.platformPostId).toBe(posts[0]!.id);
    expect(progress.map(([i]) => i)).toEqual([0, 1, 2, 3]);
    // Exactly 5 create requests: 2 landed, 1 failed, then parts 3 and 4 only.
    expect(creates().map((r) => (r.json as { text: string }).text)).toEqual([
      thread[0],
      thread[1],
      thread[2],
      thread[2],
      thread[3],
    ]);
    expect(creates()[3]!.json).toMatchObject({ reply: { in_reply_to_tweet_id: posts[1]!.id } });
  });
});

describe('X adapter: every row of the error table', () => {
  test("400 Invalid Request (text too long) → rejected with X's message", async () => {
    const error = await failure(
      world()
        .adapter('x-test')
        .publish({ postId: 'p', text: 'a'.repeat(281), images: [] }),
    );
    expect(error.kind).toBe('rejected');
    expect(error.details.status).toBe(400);
    expect(error.message).toContain('weighted length 281');
  });

  test('401 wrong credentials → auth, and the secret never appears in the message', async () => {
    const channel = world().config.channels.find((c) => c.id === 'x-test')!;
    const adapter = createAdapter(channel, world().config, {
      ...world().env,
      T_X_ACCESS_SECRET: 'a-wrong-access-secret',
    });
    const error = await failure(adapter.publish({ postId: 'p', text: 'hello', images: [] }));
    expect(error.kind).toBe('auth');
    expect(error.details.status).toBe(401);
    expect(error.message).not.toContain('a-wrong-access-secret');
    expect(await adapter.checkCredentials()).toMatchObject({ ok: false, kind: 'auth' });
  });

  test('403 duplicate content → duplicate', async () => {
    const adapter = world().adapter('x-test');
    await adapter.publish({ postId: 'p', text: 'only once', images: [] });
    const error = await failure(adapter.publish({ postId: 'p', text: 'only once', images: [] }));
    expect(error.kind).toBe('duplicate');
    expect(error.message).toContain('duplicate content');
  });

  test('403 client-forbidden → rejected', async () => {
    x().failNext(1, {
      status: 403,
      body: {
        title: 'Forbidden',
        type: 'https://api.twitter.com/2/problems/client-forbidden',
        detail: 'This app is not attached to a project',
      },
    });
    const error = await failure(world().adapter('x-test').publish({ postId: 'p', text: 'hi', images: [] }));
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('not attached to a project');
  });

  test('429 past the budget → rate-limited until x-rate-limit-reset', async () => {
    x().setRateLimit({ limit: 1, windowMs: 90_000 });
    const adapter = world().adapter('x-test');
    await adapter.publish({ postId: 'p', text: 'first', images: [] });
    const error = await failure(adapter.publish({ postId: 'p', text: 'second', images: [] }));
    expect(error.kind).toBe('rate-limited');
    expect(creates().map((r) => r.status)).toEqual([201, 429]);
    const expected = Math.ceil((Date.now() + 90_000) / 1000) * 1000;
    expect(Math.abs(error.details.retryAt!.getTime() - expected)).toBeLessThan(5_000);
  });

  test("429 at the sandbox's 24-hour user limit → rate-limited until the 24-hour reset, not the 15-minute one", async () => {
    x().setUserDayLimit(1);
    const adapter = world().adapter('x-test');
    await adapter.publish({ postId: 'p', text: 'first', images: [] });
    const error = await failure(adapter.publish({ postId: 'p', text: 'second', images: [] }));
    expect(error).toMatchObject({ kind: 'rate-limited', details: { status: 429 } });
    expect(error.details.retryAt!.getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
  });

  test('429 older form (errors code 88) and exhausted 24-hour user limit → rate-limited until the later reset', async () => {
    const reset24 = Math.floor(Date.now() / 1000) + 6 * 3600;
    x().failNext(1, {
      status: 429,
      body: { errors: [{ code: 88, message: 'Rate limit exceeded' }] },
      headers: {
        'x-rate-limit-limit': '100',
        'x-rate-limit-remaining': '5',
        'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 60),
        'x-user-limit-24hour-remaining': '0',
        'x-user-limit-24hour-reset': String(reset24),
      },
    });
    const error = await failure(world().adapter('x-test').publish({ postId: 'p', text: 'hi', images: [] }));
    expect(error.kind).toBe('rate-limited');
    expect(error.details.retryAt!.getTime()).toBe(reset24 * 1000);
  });

  test('media processing that fails → rejected, naming X’s reason, and no post is created', async () => {
    // finalize says processing is under way (the upload is carried out), STATUS then says it failed.
    x().failNext(
      1,
      { status: 200, body: { data: { processing_info: { state: 'pending', check_after_secs: 1 } } }, landed: true },
      { method: 'POST', path: '/finalize' },
    );
    x().failNext(
      1,
      {
        status: 200,
        body: {
          data: {
            processing_info: {
              state: 'failed',
              error: { code: 1, name: 'InvalidMedia', message: 'Invalid or Unsupported media' },
            },
          },
        },
      },
      { method: 'GET', path: '/2/media/upload' },
    );
    const error = await failure(
      world()
        .adapter('x-test')
        .publish({ postId: 'p', text: 'with a picture', images: [{ src: pngFile(), alt: 'Partners' }] }),
    );
    // Processing the same image again fails the same way: a retry would only upload it again.
    expect(error.kind).toBe('rejected');
    expect(error.message).toBe('X could not process an image: Invalid or Unsupported media');
    expect(creates()).toEqual([]);
  });

  test('5xx with a body that is not JSON → transient', async () => {
    x().failNext(1, { status: 502, body: '<html>Bad gateway</html>' });
    const error = await failure(world().adapter('x-test').publish({ postId: 'p', text: 'hi', images: [] }));
    expect(error.kind).toBe('transient');
    expect(error.details.status).toBe(502);
  });

  test('connection cut after the request was sent → unknown-outcome; findRecent finds the post', async () => {
    x().cutNext(1, { method: 'POST', path: '/2/tweets' });
    const adapter = world().adapter('x-test');
    const since = new Date(Date.now() - 1000);
    const text = 'Cut off https://www.interregeurope.eu/secon & Co';
    const error = await failure(adapter.publish({ postId: 'p', text, images: [] }));
    expect(error.kind).toBe('unknown-outcome');
    const found = await adapter.findRecent({ text, since });
    expect(found).toMatchObject({
      platformPostId: x().posts()[0]!.id,
      url: `https://x.com/SeconProject_eu/status/${x().posts()[0]!.id}`,
    });
    expect(found!.createdAt).toBeTruthy();
    expect(await adapter.findRecent({ text: 'Cut off https://www.interregeurope.eu/secon & Co.', since })).toBeNull();
    expect(await adapter.findRecent({ text, since: new Date(Date.now() + 60_000) })).toBeNull();
  });

  test.each([
    ['a body that is not JSON', 'Created'],
    ['JSON with errors and no data', { errors: [{ title: 'Internal Error', detail: 'try again' }] }],
    ['JSON without the id', { data: { text: 'hi' } }],
  ])(
    '201 with %s → unknown-outcome (it landed, but which post is it?), never a post without an id',
    async (_, body) => {
      x().failNext(1, { status: 201, body }, { method: 'POST', path: '/2/tweets' });
      const error = await failure(world().adapter('x-test').publish({ postId: 'p', text: 'hi', images: [] }));
      expect(error.kind).toBe('unknown-outcome');
      expect(error.message).toContain('reconcile');
    },
  );

  test('a thread part answered 201 without an id → unknown-outcome naming the parts before it', async () => {
    const thread = ['1/2 first part', '2/2 second part'];
    x().failNext(1, { status: 201, body: { data: {} } }, { method: 'POST', path: '/2/tweets', skip: 1 });
    const error = await failure(
      world().adapter('x-test').publish({ postId: 'p', text: thread[0]!, thread, images: [] }),
    );
    expect(error.kind).toBe('unknown-outcome');
    expect(error.details.postedParts).toEqual([x().posts()[0]!.id]);
  });

  test("a 503 after the post was stored → transient (the contract's kind), and findRecent finds the post", async () => {
    const since = new Date(Date.now() - 1000);
    x().failNext(
      1,
      { status: 503, body: { title: 'Service Unavailable', status: 503 }, landed: true },
      { method: 'POST', path: '/2/tweets' },
    );
    const error = await failure(
      world().adapter('x-test').publish({ postId: 'p', text: 'Stored before the error', images: [] }),
    );
    expect(error).toMatchObject({ kind: 'transient', details: { status: 503 } });
    expect(await world().adapter('x-test').findRecent({ text: 'Stored before the error', since })).toMatchObject({
      platformPostId: x().posts()[0]!.id,
    });
  });

  test('a create that times out (no answer in time) → unknown-outcome, and the post is there', async () => {
    const adapter = adapterWith(world(), 'x-test', { timeoutMs: 300 });
    x().latencyMs = 1500;
    const error = await failure(adapter.publish({ postId: 'p', text: 'slow answer', images: [] }));
    expect(error.kind).toBe('unknown-outcome');
    x().latencyMs = 0;
    expect(
      x()
        .posts()
        .map((p) => p.text),
    ).toEqual(['slow answer']);
  });

  test('nothing listening (request never sent) → transient, not unknown-outcome', async () => {
    const port = await freePort();
    const config = {
      ...world().config,
      platforms: {
        ...world().config.platforms,
        twitter: { ...world().config.platforms.twitter, baseUrl: `http://127.0.0.1:${port}` },
      },
    };
    const adapter = createAdapter(config.channels[0]!, config, world().env);
    const error = await failure(adapter.publish({ postId: 'p', text: 'hi', images: [] }));
    expect(error.kind).toBe('transient');
    expect(error.details.code).toBe('ECONNREFUSED');
  });
});

describe('X adapter: reconciliation reads the text the way X returns it', () => {
  const LINK = 'https://www.interregeurope.eu/secon/news/haskovo-workshop';
  const text = `Workshop in Haskovo: partners meet social enterprises ${LINK} #SocialEconomy`;

  test('a post with a URL and an image (t.co links, a media link) is found; the same words with another link, or other words, are not', async () => {
    const adapter = world().adapter('x-test');
    const since = new Date(Date.now() - 1000);
    const result = await adapter.publish({
      postId: 'p',
      text,
      images: [{ src: pngFile(), alt: 'Partners around a table' }],
    });
    const found = await adapter.findRecent({ text, since });
    expect(found).toMatchObject({ platformPostId: result.platformPostId, url: result.url });
    // The timeline was asked for what expanding the t.co links takes, and X's text really differs from ours.
    const read = x()
      .requests()
      .filter((r) => r.method === 'GET' && /\/tweets$/.test(r.path))
      .at(-1)!;
    expect(read.query['tweet.fields']!.split(',')).toEqual(expect.arrayContaining(['entities', 'attachments']));
    expect(found!.text).not.toBe(text);
    expect(found!.text).toMatch(/ https:\/\/t\.co\/\w+$/);
    // NFC and whitespace at the ends do not matter …
    expect(await adapter.findRecent({ text: `  ${text.normalize('NFD')}\n`, since })).toMatchObject({
      platformPostId: result.platformPostId,
    });
    // … the link and the words do.
    expect(await adapter.findRecent({ text: text.replace('haskovo-workshop', 'sofia-workshop'), since })).toBeNull();
    expect(await adapter.findRecent({ text: text.replace('Workshop', 'Seminar'), since })).toBeNull();
    // A post the log records for another post is passed over, whatever its text.
    expect(await adapter.findRecent({ text, since, skip: new Set([result.platformPostId]) })).toBeNull();
  });

  test('a post of several links and escaped characters is found by its own text only', async () => {
    const adapter = world().adapter('x-test');
    const since = new Date(Date.now() - 1000);
    const mine = 'Q&A <live> at interregeurope.eu/secon and https://example.org/a?b=1&c=2';
    const result = await adapter.publish({ postId: 'p', text: mine, images: [] });
    await adapter.publish({ postId: 'q', text: mine.replace('b=1', 'b=2'), images: [] });
    expect(await adapter.findRecent({ text: mine, since })).toMatchObject({ platformPostId: result.platformPostId });
    expect(await adapter.findRecent({ text: mine.replace('b=1', 'b=3'), since })).toBeNull();
  });
});

test('checkCredentials reads GET /2/users/me', async () => {
  expect(await world().adapter('x-test').checkCredentials()).toEqual({ ok: true, identity: '@secon_sandbox' });
  expect(x().requests().at(-1)).toMatchObject({ method: 'GET', path: '/2/users/me' });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
