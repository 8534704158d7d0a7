import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  SANDBOX_CREDENTIALS,
  SANDBOX_X_USER,
  type SandboxSet,
  sandboxEnv,
  startSandboxes,
} from '../../sandbox/index.ts';
import type { XUrlEntity } from '../../sandbox/x-shown-text.ts';
import { XSpecValidator } from '../../sandbox/x-spec-validator.ts';
import { firstUnescapedReserved } from '../../src/platforms/little-text.ts';
import { escapeLittleText, linkedinHashtag, linkedinMention } from '../../src/templates/linkedin-text.ts';
import { adapterConfig } from '../helpers/config.ts';
import { png } from '../helpers/sandbox-world.ts';

/** Raw HTTP against the sandboxes: what they accept and refuse, independent of our adapters. */
let sb: SandboxSet;
beforeAll(async () => {
  sb = await startSandboxes();
});
afterAll(async () => {
  await sb.stop();
});
beforeEach(() => sb.reset());

const LI_TOKEN = `Bearer ${SANDBOX_CREDENTIALS.linkedin.accessToken}`;
const X_BEARER = `Bearer ${SANDBOX_CREDENTIALS.twitter.bearerToken}`;
const FB_TOKEN = SANDBOX_CREDENTIALS.facebook.pageToken!;
const liHeaders = {
  authorization: LI_TOKEN,
  'linkedin-version': '202611',
  'x-restli-protocol-version': '2.0.0',
  'content-type': 'application/json',
};
const liPost = (commentary: string) => ({
  author: 'urn:li:organization:1',
  commentary,
  visibility: 'PUBLIC',
  distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
  lifecycleState: 'PUBLISHED',
});

/** A small PNG through the v2 chunked upload (initialize, one append, finalize); every answer's JSON. */
async function xUploadPng(): Promise<{
  mediaId: string;
  answers: Record<'initialize' | 'append' | 'finalize', unknown>;
}> {
  const bytes = png(4, 3);
  const step = async (path: string, body?: string | FormData, contentType?: string) => {
    const res = await fetch(`${sb.urls.twitter}/2/media/upload/${path}`, {
      method: 'POST',
      headers: { authorization: X_BEARER, ...(contentType ? { 'content-type': contentType } : {}) },
      body,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { data: { id: string } };
  };
  const initialize = await step(
    'initialize',
    JSON.stringify({ media_type: 'image/png', total_bytes: bytes.length, media_category: 'tweet_image' }),
    'application/json',
  );
  const mediaId = initialize.data.id;
  const chunk = new FormData();
  chunk.set('segment_index', '0');
  chunk.set('media', new Blob([bytes], { type: 'image/png' }), 'a.png');
  const append = await step(`${mediaId}/append`, chunk);
  const finalize = await step(`${mediaId}/finalize`);
  return { mediaId, answers: { initialize, append, finalize } };
}

async function xPost(body: unknown, auth = X_BEARER, base = sb.urls.twitter) {
  return fetch(`${base}/2/tweets`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('X sandbox', () => {
  test('refuses missing or wrong auth with 401 problem+json', async () => {
    for (const auth of ['', 'Bearer nope', 'OAuth oauth_consumer_key="sandbox-x-app-key", oauth_signature="bad"']) {
      const res = await xPost({ text: 'hi' }, auth);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ title: 'Unauthorized', status: 401 });
    }
    expect(sb.twitter.posts()).toHaveLength(0);
  });

  test('validates bodies against the OpenAPI document (ids are numeric strings)', async () => {
    const res = await xPost({ text: 'reply', reply: { in_reply_to_tweet_id: 'abc' } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { title: string; errors: Array<{ message: string }> };
    expect(body.title).toBe('Invalid Request');
    expect(body.errors[0]!.message).toContain('reply.in_reply_to_tweet_id');
    const unknown = await xPost({ text: 'x', colour: 'red' });
    expect(unknown.status).toBe(400);
  });

  test('weighs text with twitter-text: 140 CJK characters fit, 141 do not', async () => {
    expect((await xPost({ text: '社'.repeat(140) })).status).toBe(201);
    const tooLong = await xPost({ text: '会'.repeat(141) });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(await tooLong.json())).toContain('weighted length 282');
  });

  test('answers duplicates with 403 and the detail text, sends rate-limit headers, 429 past the budget', async () => {
    sb.twitter.setRateLimit({ limit: 3, windowMs: 60_000 });
    const first = await xPost({ text: 'same words' });
    expect(first.status).toBe(201);
    expect(first.headers.get('x-rate-limit-limit')).toBe('3');
    expect(first.headers.get('x-rate-limit-remaining')).toBe('2');
    const reset = Number(first.headers.get('x-rate-limit-reset'));
    expect(reset * 1000).toBeGreaterThan(Date.now());
    const again = await xPost({ text: 'same words' });
    expect(again.status).toBe(403);
    expect(await again.json()).toMatchObject({
      detail: 'You are not allowed to create a Tweet with duplicate content.',
      type: 'about:blank',
    });
    await xPost({ text: 'third' });
    const limited = await xPost({ text: 'fourth' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(await limited.json()).toMatchObject({ title: 'Too Many Requests' });
    expect(sb.twitter.posts().map((p) => p.text)).toEqual(['same words', 'third']);
  });

  test('a 24-hour user limit: its headers on every create; once spent, 429 although the 15-minute window has room', async () => {
    sb.twitter.setUserDayLimit(2);
    const first = await xPost({ text: 'one' });
    expect(first.headers.get('x-user-limit-24hour-limit')).toBe('2');
    expect(first.headers.get('x-user-limit-24hour-remaining')).toBe('1');
    const reset = Number(first.headers.get('x-user-limit-24hour-reset'));
    expect(reset * 1000 - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect((await xPost({ text: 'two' })).status).toBe(201);
    const third = await xPost({ text: 'three' });
    expect(third.status).toBe(429);
    expect(third.headers.get('content-type')).toContain('application/problem+json');
    expect(await third.json()).toMatchObject({ title: 'Too Many Requests', status: 429 });
    expect(third.headers.get('x-user-limit-24hour-remaining')).toBe('0');
    expect(Number(third.headers.get('x-user-limit-24hour-reset'))).toBe(reset);
    expect(Number(third.headers.get('x-rate-limit-remaining'))).toBeGreaterThan(0);
    expect(sb.twitter.posts().map((p) => p.text)).toEqual(['one', 'two']);
  });

  test('the default day is 10,000 posts; a sandbox started with a higher posting budget gets a day that allows it', async () => {
    const dayLimit = async (base: string) =>
      (await xPost({ text: `day ${Math.random()}` }, X_BEARER, base)).headers.get('x-user-limit-24hour-limit');
    expect(await dayLimit(sb.urls.twitter)).toBe('10000');
    // Benchmarks and crash tests post tens of thousands through one sandbox: X's default day would
    // stop them with 429s they never asked for.
    const busy = await startSandboxes({ rateLimit: { limit: 100_000, windowMs: 60_000 } });
    try {
      expect(Number(await dayLimit(busy.urls.twitter))).toBe(100_000 * 24 * 60);
    } finally {
      await busy.stop();
    }
  });

  test('answers the media upload, alt text and create as the OpenAPI document describes them', async () => {
    const validator = XSpecValidator.instance();
    const { mediaId, answers } = await xUploadPng();
    expect(validator.validate('InitializeMediaUploadResponse', answers.initialize)).toEqual([]);
    expect(validator.validate('AppendMediaUploadResponse', answers.append)).toEqual([]);
    expect(validator.validate('FinalizeMediaUploadResponse', answers.finalize)).toEqual([]);
    const status = await fetch(`${sb.urls.twitter}/2/media/upload?command=STATUS&media_id=${mediaId}`, {
      headers: { authorization: X_BEARER },
    });
    expect(validator.validate('GetMediaUploadStatusResponse', await status.json())).toEqual([]);
    const metadata = await fetch(`${sb.urls.twitter}/2/media/metadata`, {
      method: 'POST',
      headers: { authorization: X_BEARER, 'content-type': 'application/json' },
      body: JSON.stringify({ id: mediaId, metadata: { alt_text: { text: 'Partners around a table' } } }),
    });
    expect(metadata.status).toBe(200);
    expect(validator.validate('CreateMediaMetadataResponse', await metadata.json())).toEqual([]);
    const created = await xPost({ text: 'with a photo', media: { media_ids: [mediaId] } });
    expect(validator.validate('CreatePostsResponse', await created.json())).toEqual([]);
    expect(sb.twitter.posts()[0]!.media[0]!.altText).toBe('Partners around a table');
  });

  test("stores the text as sent; answers with X's form: t.co links, escaped &, a trailing media link; entities and attachments on request", async () => {
    const { mediaId } = await xUploadPng();

    const sent = 'Read https://www.interregeurope.eu/secon & share 🌍 interregeurope.eu/secon/news';
    const created = await xPost({ text: sent, media: { media_ids: [mediaId] } });
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { id: string; text: string } };
    const tco = 'https://t\\.co/[A-Za-z0-9]{10}';
    expect(data.text).toMatch(new RegExp(`^Read ${tco} &amp; share 🌍 ${tco} ${tco}$`));
    expect(sb.twitter.posts()[0]!.text).toBe(sent);

    const timeline = async (fields: string) => {
      const res = await fetch(`${sb.urls.twitter}/2/users/${SANDBOX_X_USER.id}/tweets?tweet.fields=${fields}`, {
        headers: { authorization: X_BEARER },
      });
      return ((await res.json()) as { data: Array<Record<string, unknown>> }).data[0]!;
    };
    const plain = await timeline('created_at');
    expect(plain.text).toBe(data.text);
    expect(plain).not.toHaveProperty('entities');
    expect(plain).not.toHaveProperty('attachments');

    const full = await timeline('created_at,entities,attachments');
    expect(XSpecValidator.instance().validate('Post', full)).toEqual([]);
    const urls = (full.entities as { urls: XUrlEntity[] }).urls;
    expect(urls.map(({ expanded_url, display_url, media_key }) => ({ expanded_url, display_url, media_key }))).toEqual([
      {
        expanded_url: 'https://www.interregeurope.eu/secon',
        display_url: 'interregeurope.eu/secon',
        media_key: undefined,
      },
      {
        expanded_url: 'http://interregeurope.eu/secon/news',
        display_url: 'interregeurope.eu/secon/ne…',
        media_key: undefined,
      },
      {
        expanded_url: `https://x.com/${SANDBOX_X_USER.username}/status/${data.id}/photo/1`,
        display_url: expect.stringMatching(/^pic\.x\.com\/[A-Za-z0-9]{10}$/),
        media_key: `3_${mediaId}`,
      },
    ]);
    // start/end count code points of the returned text (the 🌍 before the second link is one).
    const points = [...data.text];
    for (const u of urls) expect(points.slice(u.start, u.end).join('')).toBe(u.url);
    expect(full.attachments).toEqual({ media_keys: [`3_${mediaId}`] });
  });
});

describe('LinkedIn sandbox', () => {
  const create = (body: unknown, headers: Record<string, string> = liHeaders) =>
    fetch(`${sb.urls.linkedin}/rest/posts`, { method: 'POST', headers, body: JSON.stringify(body) });

  test('requires the token, LinkedIn-Version (426 when not active) and X-RestLi-Protocol-Version', async () => {
    expect((await create(liPost('a'), { ...liHeaders, authorization: 'Bearer wrong' })).status).toBe(401);
    const { 'linkedin-version': _v, ...noVersion } = liHeaders;
    expect((await create(liPost('a'), noVersion)).status).toBe(400);
    const old = await create(liPost('a'), { ...liHeaders, 'linkedin-version': '202301' });
    expect(old.status).toBe(426);
    expect(await old.json()).toMatchObject({ code: 'NONEXISTENT_VERSION' });
    const { 'x-restli-protocol-version': _p, ...noProtocol } = liHeaders;
    expect((await create(liPost('a'), noProtocol)).status).toBe(400);
    expect(sb.linkedin.posts()).toHaveLength(0);
  });

  test('answers 201 with the URN in x-restli-id, 422 DUPLICATE_POST for the same text, 422 past 3000 characters', async () => {
    const res = await create(liPost('Hello'));
    expect(res.status).toBe(201);
    expect(decodeURIComponent(res.headers.get('x-restli-id')!)).toMatch(/^urn:li:share:\d+$/);
    const dup = await create(liPost('Hello'));
    expect(dup.status).toBe(422);
    expect(await dup.json()).toMatchObject({ errorDetails: { inputErrors: [{ code: 'DUPLICATE_POST' }] } });
    expect((await create(liPost('x'.repeat(3001)))).status).toBe(422);
  });

  test('a post has one content: media, multiImage or article, never two (422)', async () => {
    const init = await fetch(`${sb.urls.linkedin}/rest/images?action=initializeUpload`, {
      method: 'POST',
      headers: liHeaders,
      body: JSON.stringify({ initializeUploadRequest: { owner: 'urn:li:organization:1' } }),
    });
    const { value } = (await init.json()) as { value: { uploadUrl: string; image: string } };
    const put = await fetch(value.uploadUrl, {
      method: 'PUT',
      headers: { authorization: LI_TOKEN, 'content-type': 'image/png' },
      body: png(2, 2),
    });
    expect(put.status).toBe(201);
    const media = { id: value.image, altText: 'Partners' };
    const article = { source: 'https://www.interregeurope.eu/secon', title: 'SECON' };
    const both = await create({ ...liPost('Two contents'), content: { media, article } });
    expect(both.status).toBe(422);
    expect(await both.json()).toMatchObject({ message: expect.stringContaining('/content') });
    expect((await create({ ...liPost('One content'), content: { media } })).status).toBe(201);
    expect(sb.linkedin.posts().map((p) => p.text)).toEqual(['One content']);
  });

  test('cuts an unescaped commentary at the first reserved character and still answers 201', async () => {
    const res = await create(liPost('Partners meet (Sofia) #SECON'));
    expect(res.status).toBe(201);
    const [post] = sb.linkedin.posts();
    expect(post).toMatchObject({ text: 'Partners meet ', cutAt: 14, receivedText: 'Partners meet (Sofia) #SECON' });
  });

  test('little text: escapes, mentions and hashtags are legitimate', () => {
    const plain = 'A_B (C) [d] <e> #f *g* ~h~ |i| {j} @k \\l';
    expect(firstUnescapedReserved(plain)).toBe(1);
    expect(firstUnescapedReserved(escapeLittleText(plain))).toBe(-1);
    const rich =
      `${escapeLittleText('Thanks')} ${linkedinMention('SECON (EU)', 'urn:li:organization:93265886')} ` +
      `${linkedinHashtag('Social_Economy')}`;
    expect(firstUnescapedReserved(rich)).toBe(-1);
    expect(firstUnescapedReserved('ends with \\')).toBe(10);
  });
});

describe('Facebook sandbox', () => {
  const base = () => `${sb.urls.facebook}/v26.0/100093083107402`;

  test('accepts parameters as query string, form body or JSON', async () => {
    const q = await fetch(`${base()}/feed?message=one&access_token=${FB_TOKEN}`, { method: 'POST' });
    const f = await fetch(`${base()}/feed`, {
      method: 'POST',
      body: new URLSearchParams({ message: 'two', access_token: FB_TOKEN }),
    });
    const j = await fetch(`${base()}/feed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'three', access_token: FB_TOKEN }),
    });
    for (const res of [q, f, j]) {
      expect(res.status).toBe(200);
      expect(((await res.json()) as { id: string }).id).toMatch(/^100093083107402_\d+$/);
    }
    expect(sb.facebook.posts().map((p) => p.text)).toEqual(['one', 'two', 'three']);
  });

  test('errors carry error.code: 190 bad token, 100 too long, 506 duplicate, 12 unknown version; usage headers on every answer', async () => {
    const post = async (params: Record<string, string>, url = `${base()}/feed`) => {
      const res = await fetch(url, {
        method: 'POST',
        body: new URLSearchParams({ access_token: FB_TOKEN, ...params }),
      });
      return { status: res.status, headers: res.headers, body: (await res.json()) as { error?: { code: number } } };
    };
    expect((await post({ message: 'x', access_token: 'bad' })).body.error?.code).toBe(190);
    expect((await post({ message: 'x'.repeat(63_207) })).body.error?.code).toBe(100);
    const ok = await post({ message: 'once' });
    expect(JSON.parse(ok.headers.get('x-page-usage')!)).toHaveProperty('call_count');
    expect(ok.headers.get('x-app-usage')).toBeTruthy();
    expect(JSON.parse(ok.headers.get('x-business-use-case-usage')!)).toBeTypeOf('object');
    expect((await post({ message: 'once' })).body.error?.code).toBe(506);
    expect((await post({ message: 'v' }, `${sb.urls.facebook}/v2.0/100093083107402/feed`)).body.error?.code).toBe(12);
  });

  test('past the budget: code 32 as HTTP 400 with an estimated time to regain access', async () => {
    sb.facebook.setRateLimit({ limit: 1, windowMs: 120_000 });
    await fetch(`${base()}/feed`, {
      method: 'POST',
      body: new URLSearchParams({ message: 'a', access_token: FB_TOKEN }),
    });
    const res = await fetch(`${base()}/feed`, {
      method: 'POST',
      body: new URLSearchParams({ message: 'b', access_token: FB_TOKEN }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 32 } });
    const usage = JSON.parse(res.headers.get('x-business-use-case-usage')!) as Record<
      string,
      Array<{ estimated_time_to_regain_access: number }>
    >;
    expect(Object.values(usage)[0]![0]!.estimated_time_to_regain_access).toBeGreaterThanOrEqual(1);
  });
});

describe('inspection API and page', () => {
  test('lists posts, injects faults and cuts, resets, over HTTP (for other processes)', async () => {
    const faults = (body: unknown) =>
      fetch(`${sb.urls.twitter}/_sandbox/faults`, { method: 'POST', body: JSON.stringify(body) });
    expect(
      (await faults({ fail: { count: 1, status: 503, body: 'upstream down' }, match: { path: '/2/tweets' } })).status,
    ).toBe(200);
    const failed = await xPost({ text: 'first try' });
    expect(failed.status).toBe(503);
    expect(await failed.text()).toBe('upstream down');
    await faults({ cut: { count: 1 }, match: { method: 'POST', path: '/2/tweets' } });
    await expect(xPost({ text: 'cut but stored' })).rejects.toThrow();
    const listed = (await (await fetch(`${sb.urls.twitter}/_sandbox/posts`)).json()) as {
      posts: Array<{ text: string }>;
    };
    expect(listed.posts.map((p) => p.text)).toEqual(['cut but stored']);
    const page = await (await fetch(`${sb.urls.twitter}/`)).text();
    expect(page).toContain('cut but stored');
    expect(page).toContain('class="post-card pc-twitter"');
    await fetch(`${sb.urls.twitter}/_sandbox/reset`, { method: 'POST' });
    expect(sb.twitter.posts()).toHaveLength(0);
  });

  test('a fault with landed: true carries the request out first (the post is stored), then answers the fault', async () => {
    const faults = (body: unknown) =>
      fetch(`${sb.urls.twitter}/_sandbox/faults`, { method: 'POST', body: JSON.stringify(body) });
    await faults({
      fail: { count: 1, status: 503, body: { title: 'Service Unavailable' }, landed: true },
      match: { method: 'POST', path: '/2/tweets' },
    });
    const answer = await xPost({ text: 'stored, then 503' });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(sb.twitter.posts().map((p) => p.text)).toEqual(['stored, then 503']);
    expect(sb.twitter.requests().at(-1)).toMatchObject({ path: '/2/tweets', status: 503 });
  });

  test('latency is applied before the answer', async () => {
    sb.linkedin.latencyMs = 120;
    const start = Date.now();
    await fetch(`${sb.urls.linkedin}/rest/organizations/1`, { headers: liHeaders });
    expect(Date.now() - start).toBeGreaterThanOrEqual(110);
  });

  test('sandboxEnv gives every configured credential variable a value the sandboxes accept', () => {
    const env = sandboxEnv(adapterConfig());
    expect(env).toMatchObject({
      T_X_APP_KEY: SANDBOX_CREDENTIALS.twitter.appKey,
      T_X_BEARER: SANDBOX_CREDENTIALS.twitter.bearerToken,
      T_LINKEDIN_TOKEN: SANDBOX_CREDENTIALS.linkedin.accessToken,
      T_FACEBOOK_TOKEN: FB_TOKEN,
    });
  });
});
