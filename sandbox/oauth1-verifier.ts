import { createHmac, timingSafeEqual } from 'node:crypto';

/** Keys a request must be signed with. */
export interface OAuth1Keys {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

/** Clock skew X tolerates between the signer and the server, in seconds. */
const MAX_SKEW_SECONDS = 300;

/** RFC 3986 percent-encoding as OAuth 1.0a requires. */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Parses `Authorization: OAuth k="v", …` into its (decoded) parameters. */
export function parseOAuthHeader(value: string): Record<string, string> | undefined {
  if (!/^OAuth\s/i.test(value)) return undefined;
  const params: Record<string, string> = {};
  for (const match of value.slice(6).matchAll(/([\w%.-]+)="([^"]*)"/g)) {
    params[decodeURIComponent(match[1]!)] = decodeURIComponent(match[2]!);
  }
  return params;
}

/**
 * Why an OAuth 1.0a signed request is not acceptable, or undefined when it is. The signature is
 * checked over `canonicalUrl` (the real API's URL: a client signs the URL it believes it calls,
 * before a plugin redirects it), the query parameters and any url-encoded body parameters.
 */
export function verifyOAuth1(input: {
  method: string;
  authorization: string;
  canonicalUrl: string;
  query: URLSearchParams;
  formBody?: URLSearchParams;
  keys: OAuth1Keys;
  nowSeconds?: number;
}): string | undefined {
  const oauth = parseOAuthHeader(input.authorization);
  if (!oauth) return 'not an OAuth header';
  if (oauth.oauth_consumer_key !== input.keys.consumerKey) return 'unknown consumer key';
  if (oauth.oauth_token !== input.keys.token) return 'unknown access token';
  if (oauth.oauth_signature_method !== 'HMAC-SHA1') return 'unsupported signature method';
  const timestamp = Number(oauth.oauth_timestamp);
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (!Number.isFinite(timestamp) || Math.abs(now - timestamp) > MAX_SKEW_SECONDS) return 'timestamp out of range';
  const pairs: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(oauth))
    if (key.startsWith('oauth_') && key !== 'oauth_signature') pairs.push([key, value]);
  for (const [key, value] of input.query) pairs.push([key, value]);
  for (const [key, value] of input.formBody ?? []) pairs.push([key, value]);
  const parameterString = pairs
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : 1) : ak < bk ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const base = `${input.method.toUpperCase()}&${encode(input.canonicalUrl)}&${encode(parameterString)}`;
  const key = `${encode(input.keys.consumerSecret)}&${encode(input.keys.tokenSecret)}`;
  const expected = Buffer.from(createHmac('sha1', key).update(base).digest('base64'));
  const given = Buffer.from(oauth.oauth_signature ?? '');
  return expected.length === given.length && timingSafeEqual(expected, given) ? undefined : 'invalid signature';
}
