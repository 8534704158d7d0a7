import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server saw. */
export interface SeenRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

/** A route's answer; `handle` may write anything (slow bodies, hangs). */
export interface Route {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  handle?: (res: ServerResponse, req: SeenRequest) => void;
}

/**
 * A real HTTP server on 127.0.0.1 for fetch and feed tests. Routes can be changed between requests
 * (a feed gaining an item). A route with `etag` / `last-modified` headers answers conditional GETs
 * with 304 when they match, the way a web server does.
 */
export class FeedServer {
  readonly routes = new Map<string, Route>();
  readonly seen: SeenRequest[] = [];
  private server: Server | undefined;
  private readonly open = new Set<import('node:net').Socket>();

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const seen: SeenRequest = { path: req.url ?? '/', headers: req.headers };
      this.seen.push(seen);
      const route = this.routes.get(seen.path);
      if (!route) {
        res.writeHead(404).end('not found');
        return;
      }
      if (route.handle) return route.handle(res, seen);
      const headers = route.headers ?? {};
      const etag = headers.etag;
      const lastModified = headers['last-modified'];
      if (
        (etag && req.headers['if-none-match'] === etag) ||
        (!etag && lastModified && req.headers['if-modified-since'] === lastModified)
      ) {
        res.writeHead(304, headers).end();
        return;
      }
      res.writeHead(route.status ?? 200, headers).end(route.body ?? '');
    });
    this.server.on('connection', (socket) => {
      this.open.add(socket);
      socket.on('close', () => this.open.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  url(path: string, host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/** An RSS 2.0 document from a list of items (HTML descriptions in CDATA, like real feeds). */
export function rssFeed(
  items: Array<{ guid: string; title: string; html: string; date: string; link?: string }>,
): string {
  const entries = items
    .map(
      (i) => `    <item>
      <title>${i.title}</title>
      <link>${i.link ?? `https://www.interregeurope.eu/secon#${i.guid}`}</link>
      <guid isPermaLink="false">${i.guid}</guid>
      <pubDate>${i.date}</pubDate>
      <description><![CDATA[${i.html}]]></description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Partner news</title>
    <link>https://www.interregeurope.eu/secon</link>
    <description>Test feed</description>
${entries}
  </channel>
</rss>
`;
}

/** An Atom document from a list of entries. */
export function atomFeed(entries: Array<{ id: string; title: string; html: string; updated: string }>): string {
  const body = entries
    .map(
      (e) => `  <entry>
    <title>${e.title}</title>
    <id>${e.id}</id>
    <link rel="alternate" href="https://www.interregeurope.eu/secon"/>
    <updated>${e.updated}</updated>
    <content type="html">${e.html.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Partner news (Atom)</title>
  <id>urn:test:atom</id>
  <updated>2024-01-01T00:00:00Z</updated>
${body}
</feed>
`;
}
