import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { FetchError } from './fetch-error.ts';
import { isPrivateAddress } from './private-address.ts';

/** Defaults of {@link SafeFetchOptions}. */
export const SAFE_FETCH_DEFAULTS = {
  timeoutMs: 10_000,
  maxBytes: 1_048_576,
  maxRedirects: 5,
  userAgent: 'secon-bot (+https://www.interregeurope.eu/secon)',
} as const;

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Options of {@link safeFetch}. */
export interface SafeFetchOptions {
  /** Abort when the whole exchange (DNS, connect, headers, body, redirects) takes longer. Default 10 000 ms. */
  timeoutMs?: number;
  /** Abort as soon as the (decompressed) body grows past this many bytes. Default 1 MiB. */
  maxBytes?: number;
  /** Allow loopback, private and link-local addresses (tests, intranets). Default false. */
  allowPrivateNetworks?: boolean;
  /** Sent as If-None-Match: a 304 answer then means "unchanged". Default none. */
  etag?: string;
  /** Sent as If-Modified-Since. Default none. */
  lastModified?: string;
  /** Extra request headers. Default none. */
  headers?: Record<string, string>;
  /** Redirects to follow; each target is checked like the first URL. Default 5. */
  maxRedirects?: number;
  /** Cancels the fetch from outside. Default none. */
  signal?: AbortSignal;
}

/** What came back. Any HTTP status is returned; only transport problems throw a {@link FetchError}. */
export interface SafeFetchResponse {
  /** The URL finally answered (after redirects). */
  url: string;
  status: number;
  /** 2xx. */
  ok: boolean;
  /** 304: the conditional headers matched, `body` is empty. */
  notModified: boolean;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  etag?: string;
  lastModified?: string;
  contentType?: string;
  body: Buffer;
}

/**
 * GET a user-supplied http(s) URL without letting it hurt the bot: a total timeout, a size cap
 * enforced while streaming (so a huge or endless body is cut off, not buffered), and no way to
 * reach loopback, private or link-local addresses unless allowed. The address check runs inside
 * the socket's DNS lookup, on the very address it then connects to, so a name that resolves to a
 * public address once and a private one the next time (DNS rebinding) cannot get through.
 */
export async function safeFetch(url: string, options: SafeFetchOptions = {}): Promise<SafeFetchResponse> {
  const timeoutMs = options.timeoutMs ?? SAFE_FETCH_DEFAULTS.timeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new FetchError('timeout', url, `no complete answer within ${timeoutMs} ms`)),
    timeoutMs,
  );
  const onOuterAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  try {
    let current = url;
    for (let hop = 0; ; hop++) {
      const response = await fetchOnce(current, options, controller.signal);
      const location = response.headers.location;
      if (!REDIRECT_STATUSES.has(response.status) || !location) return response;
      if (hop >= (options.maxRedirects ?? SAFE_FETCH_DEFAULTS.maxRedirects)) {
        throw new FetchError(
          'too-many-redirects',
          url,
          `more than ${options.maxRedirects ?? SAFE_FETCH_DEFAULTS.maxRedirects} redirects`,
        );
      }
      current = new URL(location, current).href;
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/** Parses and checks the URL: only http and https, and a literal IP must be public unless allowed. */
export function checkUrl(url: string, allowPrivateNetworks = false): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FetchError('bad-url', url, 'expected an absolute http(s) URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FetchError('bad-url', url, `expected an http(s) URL, got "${parsed.protocol}"`);
  }
  // A literal address skips DNS (and so the lookup hook below): check it here.
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivateNetworks && isIP(host) && isPrivateAddress(host)) {
    throw new FetchError(
      'private-address',
      url,
      `refused: ${host} is on a loopback/private/link-local network (set ingest.allowPrivateNetworks to allow)`,
    );
  }
  return parsed;
}

/** A DNS lookup for the socket that refuses private addresses (see safeFetch on rebinding). */
function guardedLookup(url: string, allowPrivateNetworks: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const usable = allowPrivateNetworks ? addresses : addresses.filter((a) => !isPrivateAddress(a.address));
      if (!usable.length) {
        const shown = addresses.map((a) => a.address).join(', ');
        const refused = new FetchError(
          'private-address',
          url,
          `refused: ${hostname} resolves to ${shown}, a loopback/private/link-local network (set ` +
            `ingest.allowPrivateNetworks to allow)`,
        );
        return callback(refused as NodeJS.ErrnoException, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}

function fetchOnce(url: string, options: SafeFetchOptions, signal: AbortSignal): Promise<SafeFetchResponse> {
  const allowPrivate = options.allowPrivateNetworks ?? false;
  const parsed = checkUrl(url, allowPrivate);
  const maxBytes = options.maxBytes ?? SAFE_FETCH_DEFAULTS.maxBytes;
  const headers: Record<string, string> = {
    'user-agent': SAFE_FETCH_DEFAULTS.userAgent,
    'accept-encoding': 'gzip, deflate, br',
    ...options.headers,
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  const requestOptions: RequestOptions = { method: 'GET', headers, signal, lookup: guardedLookup(url, allowPrivate) };
  const send = parsed.protocol === 'https:' ? httpsRequest : httpRequest;

  return new Promise<SafeFetchResponse>((resolve, reject) => {
    const fail = (error: unknown) => reject(asFetchError(error, url, signal));
    const req = send(parsed, requestOptions, (res) => {
      const status = res.statusCode ?? 0;
      const flat = flattenHeaders(res);
      const declared = Number(flat['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        res.destroy();
        return reject(tooLarge(url, maxBytes, declared));
      }
      if (REDIRECT_STATUSES.has(status) || status === 304 || status === 204) res.resume();
      readBody(decoded(res, flat['content-encoding']), maxBytes, url).then(
        (body) =>
          resolve({
            url,
            status,
            ok: status >= 200 && status < 300,
            notModified: status === 304,
            headers: flat,
            etag: flat.etag,
            lastModified: flat['last-modified'],
            contentType: flat['content-type'],
            body,
          }),
        fail,
      );
    });
    req.on('error', fail);
    req.end();
  });
}

/** Decompresses so the size cap applies to what is actually produced (a small gzip can expand hugely). */
function decoded(res: IncomingMessage, encoding: string | undefined): Readable {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return pipeline(res, createGunzip(), ignore);
    case 'deflate':
      return pipeline(res, createInflate(), ignore);
    case 'br':
      return pipeline(res, createBrotliDecompress(), ignore);
    default:
      return res;
  }
}

/** pipeline() needs a callback; errors surface on the returned stream, where readBody() listens. */
function ignore(): void {}

function readBody(stream: Readable, maxBytes: number, url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stream.destroy(tooLarge(url, maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks, size)));
    stream.on('error', reject);
    // A response cut off mid-body (socket closed, abort) closes without "end".
    stream.on('close', () => {
      if (!stream.readableEnded)
        reject(new FetchError('network', url, 'the connection closed before the whole body arrived'));
    });
  });
}

function tooLarge(url: string, maxBytes: number, declared?: number): FetchError {
  const what = declared === undefined ? 'the body grew past' : `the body is ${declared} bytes, over`;
  return new FetchError('too-large', url, `${what} the size cap of ${maxBytes} bytes (ingest.maxBytes)`);
}

function flattenHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function asFetchError(error: unknown, url: string, signal: AbortSignal): FetchError {
  if (error instanceof FetchError) return error;
  if (signal.aborted && signal.reason instanceof FetchError) return signal.reason;
  if (signal.aborted) return new FetchError('network', url, 'the fetch was cancelled');
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  return new FetchError('network', url, code ? `${code}: ${message}` : message);
}
