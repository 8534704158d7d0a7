import { createServer, type Server } from 'node:http';
import type { Platform } from '../src/config/config-schema.ts';
import { SANDBOX_PATHS } from '../src/config/sandbox-overlay.ts';
import { counted } from '../src/counted.ts';
import { close, escapeHtml, listen } from './sandbox-http.ts';
import type { SandboxServer } from './sandbox-server.ts';

const LABELS: Record<Platform, string> = { twitter: 'X', linkedin: 'LinkedIn', facebook: 'Facebook' };

/**
 * One port for the three sandboxes: `/x/…`, `/linkedin/…` and `/facebook/…` reach each platform's
 * sandbox as if it ran at that path (SANDBOX_PATHS), and `/` lists them. So one URL, which
 * `--sandbox <url>` takes, points the bot at all three, and the URL stays the same between runs.
 */
export class SandboxGateway {
  private server: Server | undefined;
  private baseUrl = '';

  constructor(private readonly sandboxes: Readonly<Record<Platform, SandboxServer>>) {}

  get url(): string {
    return this.baseUrl;
  }

  async start(host = '127.0.0.1', port = 0): Promise<string> {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://sandbox.local');
      const platform = (Object.keys(SANDBOX_PATHS) as Platform[]).find(
        (p) => url.pathname === SANDBOX_PATHS[p] || url.pathname.startsWith(`${SANDBOX_PATHS[p]}/`),
      );
      if (!platform) {
        res.writeHead(url.pathname === '/' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
        res.end(this.indexPage());
        return;
      }
      const rest = url.pathname.slice(SANDBOX_PATHS[platform].length);
      if (!rest) {
        // The page's links are relative to the platform's folder: /x → /x/.
        res.writeHead(301, { location: `${SANDBOX_PATHS[platform]}/${url.search}` }).end();
        return;
      }
      req.url = rest + url.search;
      void this.sandboxes[platform].serve(req, res);
    });
    this.baseUrl = await listen(server, host, port);
    this.server = server;
    for (const platform of Object.keys(SANDBOX_PATHS) as Platform[])
      this.sandboxes[platform].mountAt(this.baseUrl + SANDBOX_PATHS[platform]);
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await close(server);
  }

  private indexPage(): string {
    const items = (Object.keys(SANDBOX_PATHS) as Platform[])
      .map(
        (p) =>
          `<li><a href="${SANDBOX_PATHS[p]}/">${LABELS[p]}</a> — ${counted(this.sandboxes[p].posts().length, 'post', 'posts')}</li>`,
      )
      .join('');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>secon-bot sandboxes</title></head>
<body style="font-family:system-ui,sans-serif;margin:2rem"><h1>secon-bot sandboxes</h1><ul>${items}</ul>
<p>Point the bot here: <code>--sandbox ${escapeHtml(this.baseUrl)}</code> or <code>SECON_BOT_SANDBOX=${escapeHtml(this.baseUrl)}</code>.</p></body></html>`;
  }
}
