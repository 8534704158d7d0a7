import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../sandbox/index.ts';
import { createAdapter } from '../../src/platforms/adapter-registry.ts';
import { nextMidnightUtc } from '../../src/platforms/error-mapping.ts';
import { isTrustedUploadUrl } from '../../src/platforms/linkedin-adapter.ts';
import { PlatformError } from '../../src/platforms/platform-error.ts';
import { FIND_PAGE_STUCK_CODE } from '../../src/platforms/recent-search.ts';
import type { RenderedPost } from '../../src/posts/post.ts';
import { Reconciler } from '../../src/publishing/reconciler.ts';
import { escapeLittleText, linkedinHashtag } from '../../src/templates/linkedin-text.ts';
import { createRenderer } from '../../src/templates/post-renderer.ts';
import { DAY_MS } from '../../src/time-units.ts';
import { channelFor, shippedConfig } from '../helpers/config.ts';
import { haskovoItem } from '../helpers/haskovo.ts';
import { adapterWith, pngFile, useSandboxWorld } from '../helpers/sandbox-world.ts';

const world = useSandboxWorld();

const li = () => world().sandboxes.linkedin;
const adapter = () => world().adapter('linkedin-test');
const creates = () =>
  li()
    .requests()
    .filter((r) => r.method === 'POST' && r.path === '/rest/posts');
const AUTHOR = 'urn:li:organization:93265886';

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe('LinkedIn adapter: publishing', () => {
  test('POST /rest/posts through RestliClient with the version and Rest.li headers; URN and public URL back', async () => {
    const result = await adapter().publish({ postId: 'p', text: 'Partners meet in Sofia', images: [] });
    const [request] = creates();
    expect(request!.headers).toMatchObject({
      authorization: `Bearer ${SANDBOX_CREDENTIALS.linkedin.accessToken}`,
      'linkedin-version': '202611',
      'x-restli-protocol-version': '2.0.0',
      'x-restli-method': 'create',
      'content-type': 'application/json',
    });
    expect(request!.json).toEqual({
      author: AUTHOR,
      commentary: 'Partners meet in Sofia',
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    });
    expect(result.platformPostId).toMatch(/^urn:li:share:\d+$/);
    expect(result.url).toBe(`https://www.linkedin.com/feed/update/${result.platformPostId}`);
    expect(li().posts()[0]!.id).toBe(result.platformPostId);
  });

  test('a link goes as article content', async () => {
    await adapter().publish({
      postId: 'p',
      text: 'New study',
      link: 'https://www.interregeurope.eu/secon?utm_source=linkedin',
      images: [],
      article: {
        source: 'https://www.interregeurope.eu/secon',
        title: 'Social economy study',
        description: 'What eight regions learnt',
      },
    });
    expect((creates()[0]!.json as { content: unknown }).content).toEqual({
      article: {
        source: 'https://www.interregeurope.eu/secon?utm_source=linkedin',
        title: 'Social economy study',
        description: 'What eight regions learnt',
      },
    });
    expect(li().posts()[0]!.article).toMatchObject({ title: 'Social economy study' });
  });

  test('an image: initializeUpload, PUT the bytes, content.media with alt text', async () => {
    await adapter().publish({
      postId: 'p',
      text: 'Photo',
      images: [{ src: pngFile('m.png', 8, 8), alt: 'Mayor signs the charter' }],
    });
    const [init, put, create] = li().requests();
    expect(init).toMatchObject({
      method: 'POST',
      path: '/rest/images',
      query: { action: 'initializeUpload' },
      json: { initializeUploadRequest: { owner: AUTHOR } },
    });
    expect(init!.headers['linkedin-version']).toBe('202611');
    expect(put).toMatchObject({ method: 'PUT', path: expect.stringMatching(/^\/dms-uploads\//) });
    expect(put!.headers).toMatchObject({
      authorization: `Bearer ${SANDBOX_CREDENTIALS.linkedin.accessToken}`,
      'content-type': 'image/png',
    });
    const media = (create!.json as { content: { media: { id: string; altText: string } } }).content.media;
    expect(media).toEqual({ id: expect.stringMatching(/^urn:li:image:/), altText: 'Mayor signs the charter' });
    expect(li().mediaBytes(media.id)!.subarray(1, 4).toString()).toBe('PNG');
    expect(li().posts()[0]!.media[0]!.altText).toBe('Mayor signs the charter');
  });

  test('alt text over 4,086 characters is cut to fit, never inside an emoji (no lone surrogate sent)', async () => {
    const alt = `${'a'.repeat(4085)}😀 and more`;
    await adapter().publish({ postId: 'p', text: 'Long alt', images: [{ src: pngFile(), alt }] });
    expect((creates()[0]!.json as { content: { media: { altText: string } } }).content.media.altText).toBe(
      'a'.repeat(4085),
    );
  });

  test('several images: content.multiImage with alt texts', async () => {
    await adapter().publish({
      postId: 'p',
      text: 'Photos',
      images: [
        { src: pngFile(), alt: 'one' },
        { src: pngFile(), alt: 'two' },
      ],
    });
    const content = (creates()[0]!.json as { content: { multiImage: { images: Array<{ altText: string }> } } }).content;
    expect(content.multiImage.images.map((i) => i.altText)).toEqual(['one', 'two']);
    expect(li().posts()[0]!.media).toHaveLength(2);
  });
});

describe('LinkedIn adapter: the access token goes only to LinkedIn or the configured base', () => {
  let foreign: Server;
  const received: IncomingHttpHeaders[] = [];
  beforeAll(async () => {
    foreign = createServer((request, response) => {
      received.push(request.headers);
      request.resume().on('end', () => response.writeHead(201).end());
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => foreign.close(resolve));
  });

  test('an upload URL the sandbox (the configured base) issued gets the Bearer token', async () => {
    await adapter().publish({ postId: 'p', text: 'Photo', images: [{ src: pngFile(), alt: 'Partners' }] });
    const put = li()
      .requests()
      .find((r) => r.method === 'PUT')!;
    expect(new URL(world().config.platforms.linkedin.baseUrl!).origin).toBe(world().sandboxes.urls.linkedin);
    expect(put.headers.authorization).toBe(`Bearer ${SANDBOX_CREDENTIALS.linkedin.accessToken}`);
    expect(li().posts()).toHaveLength(1);
  });

  test('a foreign upload URL is refused (rejected) before the token or the image is sent, and nothing is posted', async () => {
    const { port } = foreign.address() as AddressInfo;
    const uploadUrl = `http://127.0.0.1:${port}/dms-uploads/steal?sig=abc`;
    received.length = 0;
    // A tampered initializeUpload answer (as a misbehaving proxy would give it).
    li().failNext(
      1,
      {
        status: 200,
        body: { value: { uploadUrl, image: 'urn:li:image:D4E10AQ00000001', uploadUrlExpiresAt: Date.now() + 60_000 } },
      },
      { method: 'POST', path: '/rest/images' },
    );
    const error = await failure(
      adapter().publish({ postId: 'p', text: 'Photo', images: [{ src: pngFile(), alt: 'Partners' }] }),
    );
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain(`http://127.0.0.1:${port}`);
    expect(error.message).not.toContain('sig=abc');
    expect(error.message).not.toContain(SANDBOX_CREDENTIALS.linkedin.accessToken!);
    expect(received).toEqual([]);
    expect(creates()).toHaveLength(0);
    expect(li().posts()).toHaveLength(0);
  });

  test('which upload URLs may carry the token', () => {
    const base = 'http://127.0.0.1:4100';
    expect(isTrustedUploadUrl('https://www.linkedin.com/dms-uploads/sp/v2/D4E?ca=x', base)).toBe(true);
    expect(isTrustedUploadUrl('https://api.linkedin.com/mediaUpload/C5/feedshare-uploadedImage/0', undefined)).toBe(
      true,
    );
    expect(isTrustedUploadUrl('https://LinkedIn.com/x', undefined)).toBe(true);
    expect(isTrustedUploadUrl('http://127.0.0.1:4100/dms-uploads/t', base)).toBe(true);
    expect(isTrustedUploadUrl('http://127.0.0.1:4101/dms-uploads/t', base)).toBe(false);
    expect(isTrustedUploadUrl('http://www.linkedin.com/dms-uploads/t', base)).toBe(false);
    expect(isTrustedUploadUrl('https://linkedin.com.example.org/x', base)).toBe(false);
    expect(isTrustedUploadUrl('https://evillinkedin.com/x', base)).toBe(false);
    expect(isTrustedUploadUrl('https://user:pw@www.linkedin.com/x', base)).toBe(false);
    expect(isTrustedUploadUrl('not a url', base)).toBe(false);
  });
});

describe('LinkedIn finder on a server that ignores `start` (the same page again and again)', () => {
  let server: Server;
  const starts: string[] = [];
  beforeAll(async () => {
    const now = Date.now();
    const elements = Array.from({ length: 50 }, (_, i) => ({
      id: `urn:li:share:${7000 + i}`,
      commentary: `Another partner post ${i}`,
      createdAt: now - i * 1000,
    }));
    server = createServer((request, response) => {
      starts.push(new URL(request.url!, 'http://x').searchParams.get('start') ?? '');
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ elements }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  test('stops at the second page, which repeats the first: cannot tell (not "not found"), 2 requests instead of 20', async () => {
    const { port } = server.address() as AddressInfo;
    const config = world().config;
    const stuck = {
      ...config,
      platforms: {
        ...config.platforms,
        linkedin: { ...config.platforms.linkedin, baseUrl: `http://127.0.0.1:${port}` },
      },
    };
    const linkedin = createAdapter(stuck.channels.find((c) => c.id === 'linkedin-test')!, stuck, world().env);
    starts.length = 0;
    const error = await failure(
      linkedin.findRecent({ text: 'The post we look for', since: new Date(Date.now() - 3_600_000) }),
    );
    expect(error).toMatchObject({ kind: 'unknown-outcome', details: { code: FIND_PAGE_STUCK_CODE } });
    expect(starts).toEqual(['0', '50']);
    // Through the reconciler (three asks): unsettled after 6 requests, where it took 60 before.
    starts.length = 0;
    const result = await new Reconciler({ findRetryDelayMs: 1 }).reconcile(
      linkedin,
      {
        post: { rendered: { text: 'The post we look for', images: [] } } as never,
        postedParts: [],
      },
      new Date(Date.now() - 60_000),
    );
    expect(result.kind).toBe('unsettled');
    expect(starts).toHaveLength(6);
  });
});

describe('LinkedIn little text: the silent cut', () => {
  const plain = 'SECON (Social Economy) meets in Sofia #SECON';

  test('an unescaped commentary (LinkedIn would cut it and still answer 201) is refused before anything is sent', async () => {
    const error = await failure(
      adapter().publish({ postId: 'p', text: plain, images: [{ src: pngFile(), alt: 'Partners' }] }),
    );
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('"(" at character 7');
    expect(error.message).toContain('SECON (Social');
    // Not even the image went out: nothing is published half.
    expect(li().requests()).toHaveLength(0);
    expect(li().posts()).toHaveLength(0);
  });

  test('the escaped commentary the templates produce is stored whole', async () => {
    const escaped = `${escapeLittleText('SECON (Social Economy) meets in Sofia')} ${linkedinHashtag('SECON')}`;
    await adapter().publish({ postId: 'p', text: escaped, images: [] });
    const [post] = li().posts();
    expect(post!.cutAt).toBeUndefined();
    expect(post!.text).toBe(escaped);
  });
});

describe('LinkedIn adapter: every row of the error table', () => {
  test('401 invalid token → auth (serviceErrorCode 65600)', async () => {
    const channel = world().config.channels.find((c) => c.id === 'linkedin-test')!;
    const bad = createAdapter(channel, world().config, { ...world().env, T_LINKEDIN_TOKEN: 'expired-token-value' });
    const error = await failure(bad.publish({ postId: 'p', text: 'hi', images: [] }));
    expect(error).toMatchObject({ kind: 'auth', details: { status: 401, code: 65600 } });
    expect(error.message).toContain('Invalid access token');
    expect(error.message).not.toContain('expired-token-value');
  });

  test('401 revoked token (65601) → auth', async () => {
    li().failNext(1, {
      status: 401,
      body: {
        status: 401,
        serviceErrorCode: 65601,
        code: 'REVOKED_ACCESS_TOKEN',
        message: 'The token used in the request has been revoked by the user',
      },
    });
    expect((await failure(adapter().publish({ postId: 'p', text: 'hi', images: [] }))).kind).toBe('auth');
  });

  test('422 DUPLICATE_POST → duplicate', async () => {
    await adapter().publish({ postId: 'p', text: 'only once', images: [] });
    const error = await failure(adapter().publish({ postId: 'p', text: 'only once', images: [] }));
    expect(error.kind).toBe('duplicate');
    expect(error.message).toContain(`Content is a duplicate of ${li().posts()[0]!.id}`);
  });

  test('422 other (too long) and 400 → rejected', async () => {
    const long = await failure(adapter().publish({ postId: 'p', text: 'x'.repeat(3001), images: [] }));
    expect(long).toMatchObject({ kind: 'rejected', details: { status: 422 } });
    li().failNext(1, { status: 400, body: { status: 400, message: 'Invalid value for field author' } });
    expect((await failure(adapter().publish({ postId: 'p', text: 'hi', images: [] }))).kind).toBe('rejected');
  });

  test('426 NONEXISTENT_VERSION (a retired LinkedIn-Version setting) → rejected', async () => {
    const config = {
      ...world().config,
      platforms: { ...world().config.platforms, linkedin: { ...world().config.platforms.linkedin, version: '202401' } },
    };
    const old = createAdapter(config.channels.find((c) => c.id === 'linkedin-test')!, config, world().env);
    const error = await failure(old.publish({ postId: 'p', text: 'hi', images: [] }));
    expect(error).toMatchObject({ kind: 'rejected', details: { status: 426, code: 'NONEXISTENT_VERSION' } });
    expect(li().requests()[0]!.headers['linkedin-version']).toBe('202401');
  });

  test('429 daily throttle → rate-limited until midnight UTC; without "day" a short backoff', async () => {
    // A day's budget, as LinkedIn's: its window starts at midnight UTC, so the two calls share it
    // unless the test runs across midnight (a minute's window rolled over between them once a minute).
    li().setRateLimit({ limit: 1, windowMs: DAY_MS });
    const before = nextMidnightUtc(new Date());
    await adapter().publish({ postId: 'p', text: 'one', images: [] });
    const daily = await failure(adapter().publish({ postId: 'p', text: 'two', images: [] }));
    expect(daily.kind).toBe('rate-limited');
    expect([before, nextMidnightUtc(new Date())]).toContainEqual(daily.details.retryAt);
    li().failNext(1, { status: 429, body: { status: 429, message: 'Too many requests' } });
    li().setRateLimit({ limit: 100, windowMs: 60_000 });
    const short = await failure(adapter().publish({ postId: 'p', text: 'three', images: [] }));
    expect(short.kind).toBe('rate-limited');
    expect(short.details.retryAt!.getTime() - Date.now()).toBeGreaterThan(30_000);
    expect(short.details.retryAt!.getTime() - Date.now()).toBeLessThan(120_000);
  });

  test('5xx → transient', async () => {
    li().failNext(1, { status: 504, body: 'Gateway Timeout' });
    expect((await failure(adapter().publish({ postId: 'p', text: 'hi', images: [] }))).kind).toBe('transient');
  });

  test('201 with the URN plain or percent-encoded in x-restli-id → that URN; without it → unknown-outcome', async () => {
    const create = { method: 'POST', path: '/rest/posts' };
    li().failNext(1, { status: 201, headers: { 'x-restli-id': 'urn:li:share:7390000000000000042' } }, create);
    expect((await adapter().publish({ postId: 'p', text: 'plain', images: [] })).platformPostId).toBe(
      'urn:li:share:7390000000000000042',
    );
    li().failNext(1, { status: 201, headers: { 'x-restli-id': 'urn%3Ali%3AugcPost%3A7390000000000000043' } }, create);
    expect((await adapter().publish({ postId: 'p', text: 'encoded', images: [] })).platformPostId).toBe(
      'urn:li:ugcPost:7390000000000000043',
    );
    li().failNext(1, { status: 201 }, create);
    const error = await failure(adapter().publish({ postId: 'p', text: 'no id', images: [] }));
    expect(error).toMatchObject({ kind: 'unknown-outcome', details: { status: 201 } });
  });

  test("a 503 after the post was stored → transient (the contract's kind), and findRecent finds the post", async () => {
    const since = new Date(Date.now() - 1000);
    li().failNext(
      1,
      { status: 503, body: { status: 503, message: 'Service Unavailable' }, landed: true },
      { method: 'POST', path: '/rest/posts' },
    );
    const error = await failure(adapter().publish({ postId: 'p', text: 'Stored before the error', images: [] }));
    expect(error).toMatchObject({ kind: 'transient', details: { status: 503 } });
    expect(await adapter().findRecent({ text: 'Stored before the error', since })).toMatchObject({
      platformPostId: li().posts()[0]!.id,
    });
  });

  test('a create that times out (no answer in time) → unknown-outcome, and the post is there', async () => {
    const slow = adapterWith(world(), 'linkedin-test', { timeoutMs: 300 });
    li().latencyMs = 1500;
    const error = await failure(slow.publish({ postId: 'p', text: 'slow answer', images: [] }));
    expect(error.kind).toBe('unknown-outcome');
    li().latencyMs = 0;
    expect(
      li()
        .posts()
        .map((p) => p.text),
    ).toEqual(['slow answer']);
  });

  test('connection cut after the request was sent → unknown-outcome; findRecent finds it by the author finder', async () => {
    li().cutNext(1, { method: 'POST', path: '/rest/posts' });
    const since = new Date(Date.now() - 1000);
    const text = escapeLittleText('Cut (but stored)');
    const error = await failure(adapter().publish({ postId: 'p', text, images: [] }));
    expect(error.kind).toBe('unknown-outcome');
    const found = await adapter().findRecent({ text, since });
    expect(found).toMatchObject({ platformPostId: li().posts()[0]!.id, text });
    const finder = li().requests().at(-1)!;
    expect(finder).toMatchObject({ method: 'GET', path: '/rest/posts', query: { q: 'author', author: AUTHOR } });
    expect(finder.headers['x-restli-method']).toBe('finder');
    expect(await adapter().findRecent({ text: 'another text', since })).toBeNull();
    // A post the log records for another post is passed over, whatever its text.
    expect(await adapter().findRecent({ text, since, skip: new Set([found!.platformPostId]) })).toBeNull();
  });
});

test('checkCredentials reads GET /rest/organizations/{id}', async () => {
  expect(await adapter().checkCredentials()).toEqual({
    ok: true,
    identity: `Sandbox organisation 93265886 (${AUTHOR})`,
  });
  expect(li().requests().at(-1)).toMatchObject({ method: 'GET', path: '/rest/organizations/93265886' });
});

describe('LinkedIn: a rendered post with an image and a link', () => {
  // Rendered by the shipped templates: the item has an image and a tracked link full of reserved
  // characters (utm_source, parentheses), so the link can only travel in the commentary.
  const config = shippedConfig();
  const renderer = createRenderer({ config });
  const channel = channelFor(config, 'linkedin');
  const now = new Date('2023-11-10T09:00:00+02:00');
  const url = 'https://www.interregeurope.eu/secon/news/social_economy_(2023)';
  const tracked = `${url}?utm_source=linkedin&utm_medium=social&utm_campaign=haskovo-workshop-2023`;
  const inText =
    'https://www.interregeurope.eu/secon/news/social%5Feconomy%5F%282023%29?utm%5Fsource=linkedin&utm%5Fmedium=social&utm%5Fcampaign=haskovo-workshop-2023';
  /** The German announcement of the item with its image, rendered in the test that uses it. */
  const renderGerman = () =>
    renderer.render({
      item: haskovoItem({ url, images: [{ src: pngFile('h.png'), alt: 'Partners in Haskovo' }] }),
      channel,
      language: 'de',
      kind: 'announcement',
      now,
    });
  const outgoing = (rendered: RenderedPost) => ({
    postId: 'p',
    text: rendered.text,
    link: rendered.link,
    article: rendered.article,
    images: rendered.images,
  });

  test('the stored commentary is not cut and still holds the full URL; the image goes as content.media', async () => {
    const rendered = renderGerman();
    await adapter().publish(outgoing(rendered));
    const sent = creates()[0]!.json as { commentary: string; content: Record<string, unknown> };
    expect(sent.commentary).toBe(rendered.text);
    expect(Object.keys(sent.content)).toEqual(['media']);
    const [stored] = li().posts();
    expect(stored!.cutAt).toBeUndefined();
    expect(stored!.text).toBe(rendered.text);
    expect(stored!.text).toContain(`Mehr dazu: ${inText}\n\n`);
    expect(stored!.media).toHaveLength(1);
    // Percent-encoded, the link reads as the tracked one (same page, same UTM parameters).
    expect([...new URL(inText).searchParams]).toEqual([...new URL(tracked).searchParams]);
    expect(decodeURIComponent(new URL(inText).pathname)).toBe(decodeURIComponent(new URL(tracked).pathname));
  });

  test('the check can fail: the same line with the raw link would be cut inside the URL, so it is refused', async () => {
    const rendered = renderGerman();
    const error = await failure(
      adapter().publish({ ...outgoing(rendered), text: rendered.text.replace(inText, tracked) }),
    );
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain(`"_" at character ${rendered.text.indexOf(inText) + url.indexOf('_') + 1}`);
    expect(li().requests()).toHaveLength(0);
  });

  test('without images nothing changes: the article carries the link, the commentary has no URL', async () => {
    const rendered = renderer.render({
      item: haskovoItem({ url, images: [] }),
      channel,
      language: 'de',
      kind: 'announcement',
      now,
    });
    await adapter().publish(outgoing(rendered));
    const sent = creates()[0]!.json as { commentary: string; content: { article: { source: string } } };
    expect(sent.content).toEqual({
      article: {
        source: tracked,
        title: 'Interregionaler Workshop in Haskovo',
        description: expect.stringContaining('SECON-Partner'),
      },
    });
    expect(sent.commentary).not.toMatch(/https?:|%5F|Mehr dazu/u);
    const [stored] = li().posts();
    expect(stored!.cutAt).toBeUndefined();
    expect(stored!.text).toBe(rendered.text);
    expect(stored!.article?.source).toBe(tracked);
  });
});
