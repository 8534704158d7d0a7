import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '../../src/net/fetch-error.ts';
import { isPrivateAddress } from '../../src/net/private-address.ts';
import { safeFetch } from '../../src/net/safe-fetch.ts';
import { FeedServer } from '../helpers/feed-server.ts';

const server = new FeedServer();
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});

async function fetchError(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    'not-an-ip',
  ])('%s is refused', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });
  it.each(['8.8.8.8', '172.32.0.1', '93.184.216.34', '2001:4860:4860::8888', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );
});

describe('safeFetch', () => {
  it('refuses loopback by literal address and by a name that resolves to it, before sending anything', async () => {
    server.routes.set('/private', { body: 'secret' });
    const before = server.seen.length;
    for (const host of ['127.0.0.1', 'localhost']) {
      const error = await fetchError(safeFetch(server.url('/private', host)));
      expect(error.kind).toBe('private-address');
      expect(error.message).toContain('ingest.allowPrivateNetworks');
    }
    expect(server.seen.length).toBe(before);
  });

  it('fetches from a private network when allowed, returning status, headers and body', async () => {
    server.routes.set('/hello', {
      headers: { 'content-type': 'text/plain; charset=utf-8', etag: '"v1"' },
      body: 'Здравей, Хасково',
    });
    const response = await safeFetch(server.url('/hello', 'localhost'), { allowPrivateNetworks: true });
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.etag).toBe('"v1"');
    expect(response.contentType).toBe('text/plain; charset=utf-8');
    expect(response.body.toString('utf8')).toBe('Здравей, Хасково');
  });

  it('sends If-None-Match / If-Modified-Since and reports a 304 as not modified', async () => {
    server.routes.set('/cond', {
      headers: { etag: '"abc"', 'last-modified': 'Thu, 09 Nov 2023 10:00:00 GMT' },
      body: 'feed',
    });
    const response = await safeFetch(server.url('/cond'), {
      allowPrivateNetworks: true,
      etag: '"abc"',
      lastModified: 'Thu, 09 Nov 2023 10:00:00 GMT',
    });
    const seen = server.seen.at(-1)!;
    expect(seen.headers['if-none-match']).toBe('"abc"');
    expect(seen.headers['if-modified-since']).toBe('Thu, 09 Nov 2023 10:00:00 GMT');
    expect(response.status).toBe(304);
    expect(response.notModified).toBe(true);
    expect(response.body.length).toBe(0);
  });

  it('gives up after the timeout when the server does not answer', async () => {
    server.routes.set('/hang', { handle: () => undefined });
    const started = Date.now();
    const error = await fetchError(safeFetch(server.url('/hang'), { allowPrivateNetworks: true, timeoutMs: 300 }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('300 ms');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('gives up after the timeout when the body trickles in forever', async () => {
    server.routes.set('/trickle', {
      handle: (res) => {
        res.writeHead(200, { 'content-type': 'application/xml' });
        const timer = setInterval(() => res.write('<x/>'), 50);
        res.on('close', () => clearInterval(timer));
      },
    });
    const error = await fetchError(safeFetch(server.url('/trickle'), { allowPrivateNetworks: true, timeoutMs: 300 }));
    expect(error.kind).toBe('timeout');
  });

  it('refuses a body whose declared length is over the cap without reading it', async () => {
    server.routes.set('/big', { headers: { 'content-length': '2048' }, body: Buffer.alloc(2048, 97) });
    const error = await fetchError(safeFetch(server.url('/big'), { allowPrivateNetworks: true, maxBytes: 1024 }));
    expect(error.kind).toBe('too-large');
    expect(error.message).toContain('2048 bytes');
  });

  it('cuts off a streamed body (no length given) once it passes the cap', async () => {
    let written = 0;
    server.routes.set('/endless', {
      handle: (res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const timer = setInterval(() => {
          written += 4096;
          res.write(Buffer.alloc(4096, 98));
        }, 1);
        res.on('close', () => clearInterval(timer));
      },
    });
    const error = await fetchError(
      safeFetch(server.url('/endless'), { allowPrivateNetworks: true, maxBytes: 64 * 1024, timeoutMs: 5000 }),
    );
    expect(error.kind).toBe('too-large');
    expect(written).toBeLessThan(10 * 1024 * 1024);
  });

  it('applies the cap to the decompressed size (a small gzip that expands hugely)', async () => {
    const bomb = gzipSync(Buffer.alloc(5 * 1024 * 1024, 0));
    expect(bomb.length).toBeLessThan(64 * 1024);
    server.routes.set('/bomb', { headers: { 'content-encoding': 'gzip' }, body: bomb });
    const error = await fetchError(
      safeFetch(server.url('/bomb'), { allowPrivateNetworks: true, maxBytes: 1024 * 1024 }),
    );
    expect(error.kind).toBe('too-large');
  });

  it('decompresses gzip bodies', async () => {
    server.routes.set('/gz', { headers: { 'content-encoding': 'gzip' }, body: gzipSync(Buffer.from('<rss/>')) });
    const response = await safeFetch(server.url('/gz'), { allowPrivateNetworks: true });
    expect(response.body.toString()).toBe('<rss/>');
  });

  it('follows redirects, checking each target, and stops after maxRedirects', async () => {
    server.routes.set('/old', { status: 301, headers: { location: '/hello' } });
    const response = await safeFetch(server.url('/old'), { allowPrivateNetworks: true });
    expect(response.status).toBe(200);
    expect(response.url).toBe(server.url('/hello'));

    server.routes.set('/loop', { status: 302, headers: { location: '/loop' } });
    const error = await fetchError(safeFetch(server.url('/loop'), { allowPrivateNetworks: true, maxRedirects: 3 }));
    expect(error.kind).toBe('too-many-redirects');

    server.routes.set('/to-file', { status: 302, headers: { location: 'file:///etc/passwd' } });
    expect((await fetchError(safeFetch(server.url('/to-file'), { allowPrivateNetworks: true }))).kind).toBe('bad-url');
  });

  it('returns HTTP errors as statuses, not exceptions', async () => {
    const response = await safeFetch(server.url('/nothing-here'), { allowPrivateNetworks: true });
    expect(response.status).toBe(404);
    expect(response.ok).toBe(false);
  });

  it.each(['ftp://example.org/feed.xml', 'file:///etc/passwd', 'not a url'])('refuses %s', async (url) => {
    expect((await fetchError(safeFetch(url))).kind).toBe('bad-url');
  });
});
