import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Platform } from '../src/config/config-schema.ts';
import { RateBudget, type RateBudgetOptions } from './rate-budget.ts';
import { close, json, listen, parseJsonBody, queryObject } from './sandbox-http.ts';
import { renderSandboxPage, type SandboxPageSettings } from './sandbox-page.ts';
import type {
  FaultMatch,
  RecordedRequest,
  SandboxFault,
  SandboxMedia,
  SandboxPost,
  SandboxRequest,
  SandboxResponse,
} from './sandbox-types.ts';

/** Largest request body a sandbox reads (uploads come in 1 MB chunks). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** How many requests are kept for inspection. */
const MAX_RECORDED = 500;

interface PendingFault {
  kind: 'fail' | 'cut';
  remaining: number;
  skip: number;
  match: FaultMatch;
  response?: SandboxFault;
}

/** Options every sandbox server takes. */
export interface SandboxServerOptions {
  /** Budget of counted (posting) requests. Default: 1000 per 15 minutes (LinkedIn: per UTC day). */
  rateLimit?: RateBudgetOptions;
  /**
   * The clock that dates stored posts (and X ids), so tests can place posts in the past without
   * sleeping. Request authentication and the rate budget keep the real time. Default: the real time.
   */
  now?: () => Date;
  /** How the page at `/` shows the posts. Default: the machine's zone, no account names. */
  page?: SandboxPageSettings;
}

export const DEFAULT_RATE_LIMIT: RateBudgetOptions = { limit: 1000, windowMs: 15 * 60_000 };

/**
 * One fake platform on loopback: stores posts, records requests, and injects faults. Subclasses
 * implement the platform's API in `handle`; this class adds what every sandbox shares:
 * - `failNext(n, fault)`: the next n matching requests get the given answer and are not handled
 *   (with `fault.landed`, they are handled first and the answer replaced: a 5xx after the post landed);
 * - `cutNext(n)`: the next n matching requests ARE handled (the post is stored) but the connection
 *   is destroyed before the answer — the "unknown outcome" a client cannot tell from a lost request;
 * - `latencyMs`: delay before every answer;
 * - an inspection API (`/_sandbox/…`) so other processes can list posts, reset and inject faults;
 * - an HTML page at `/` showing the posts as cards.
 */
export abstract class SandboxServer {
  abstract readonly platform: Platform;
  latencyMs = 0;
  /**
   * Refuse a post whose text is already on the account, as the platform does. False stands in for
   * a platform (or a case) where a repeat goes through: a second post then shows as two copies,
   * so a test can see it rather than have the refusal reconcile it away. Default true.
   */
  refuseDuplicates = true;
  protected readonly stored: SandboxPost[] = [];
  protected readonly mediaStore = new Map<string, { meta: SandboxMedia; bytes: Buffer }>();
  protected readonly budget: RateBudget;
  private readonly recorded: RecordedRequest[] = [];
  private faults: PendingFault[] = [];
  private server: Server | undefined;
  private baseUrl = '';
  private sequence = 0;

  private readonly initialRateLimit: RateBudgetOptions;
  private readonly clock: () => Date;
  protected readonly pageSettings: SandboxPageSettings;

  constructor(options: SandboxServerOptions = {}) {
    this.pageSettings = options.page ?? {};
    this.initialRateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
    this.clock = options.now ?? (() => new Date());
    this.budget = new RateBudget(this.initialRateLimit);
  }

  /** The platform's API: build the answer for one request (body already read). */
  protected abstract handle(request: SandboxRequest): Promise<SandboxResponse> | SandboxResponse;

  /** Content type of injected error bodies given as objects. */
  protected get errorContentType(): string {
    return 'application/json; charset=utf-8';
  }

  /** Where the server listens, e.g. http://127.0.0.1:4100 (set after start). */
  get url(): string {
    return this.baseUrl;
  }

  /** Every post stored, oldest first. */
  posts(): SandboxPost[] {
    return this.stored.map((post) => ({ ...post, media: post.media.map((m) => ({ ...m })) }));
  }

  /** Every API request received, oldest first (the last 500). */
  requests(): RecordedRequest[] {
    return [...this.recorded];
  }

  /** Bytes of a stored image. */
  mediaBytes(id: string): Buffer | undefined {
    return this.mediaStore.get(id)?.bytes;
  }

  /** Forgets posts, media, requests, faults and latency; restores the starting rate limit, fresh window. */
  reset(): void {
    this.stored.length = 0;
    this.mediaStore.clear();
    this.recorded.length = 0;
    this.faults = [];
    this.latencyMs = 0;
    this.refuseDuplicates = true;
    this.budget.configure(this.initialRateLimit);
  }

  /** The next `n` matching requests answer `fault` instead of being handled. */
  failNext(n: number, fault: SandboxFault, match: FaultMatch = {}): void {
    this.faults.push({ kind: 'fail', remaining: n, skip: match.skip ?? 0, match, response: fault });
  }

  /** The next `n` matching requests are handled, then the connection is destroyed before the answer. */
  cutNext(n: number, match: FaultMatch = {}): void {
    this.faults.push({ kind: 'cut', remaining: n, skip: match.skip ?? 0, match });
  }

  /** Changes the posting budget (starts a fresh window). */
  setRateLimit(options: RateBudgetOptions): void {
    this.budget.configure(options);
  }

  /** The posting budget in force. */
  get rateLimit(): RateBudgetOptions {
    return this.budget.settings;
  }

  async start(host = '127.0.0.1', port = 0): Promise<string> {
    const server = createServer((req, res) => void this.serve(req, res));
    this.baseUrl = await listen(server, host, port);
    this.server = server;
    return this.baseUrl;
  }

  /**
   * Serves this sandbox under another server's URL (the gateway of `secon-bot sandbox`, one port for
   * all three): `url` is where it now answers, e.g. http://127.0.0.1:4100/linkedin, used for the
   * URLs it hands out (LinkedIn upload URLs, Facebook paging links). The caller strips the path
   * prefix from each request before calling {@link serve}.
   */
  mountAt(url: string): void {
    this.baseUrl = url.replace(/\/$/, '');
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await close(server);
  }

  /** The sandbox's time for dating posts (see {@link SandboxServerOptions.now}). */
  protected now(): Date {
    return this.clock();
  }

  /** A new number for ids, unique within this server. */
  protected nextSequence(): number {
    this.sequence += 1;
    return this.sequence;
  }

  protected addPost(post: SandboxPost): SandboxPost {
    this.stored.push(post);
    return post;
  }

  protected addMedia(meta: SandboxMedia, bytes: Buffer): void {
    this.mediaStore.set(meta.id, { meta, bytes });
  }

  /** Answers one HTTP request: the platform's API, the inspection API, or the page of posts. */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      res.writeHead(413).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const request: SandboxRequest = {
      method: req.method ?? 'GET',
      url,
      path: url.pathname,
      headers: req.headers,
      body,
    };
    if (url.pathname === '/' || url.pathname.startsWith('/_sandbox')) {
      this.write(res, await this.inspect(request));
      return;
    }
    const fault = this.takeFault(request);
    let response: SandboxResponse;
    try {
      // A `landed` fault: the request is carried out (its answer dropped), then the fault is answered.
      if (fault?.kind === 'fail' && fault.response!.landed) await this.handle(request);
      response = fault?.kind === 'fail' ? this.faultResponse(fault.response!) : await this.handle(request);
    } catch (error) {
      response = json(500, { error: (error as Error).message });
    }
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    this.record(request, fault?.kind === 'cut' ? 0 : response.status);
    if (fault?.kind === 'cut') {
      // The work is done (the post is stored) but the client never hears back.
      req.socket.destroy();
      return;
    }
    this.write(res, response);
  }

  private faultResponse(fault: SandboxFault): SandboxResponse {
    const isText = typeof fault.body === 'string' || fault.body === undefined;
    return {
      status: fault.status,
      headers: {
        ...(isText ? { 'content-type': 'text/html; charset=utf-8' } : { 'content-type': this.errorContentType }),
        ...fault.headers,
      },
      body: isText ? ((fault.body as string | undefined) ?? '') : JSON.stringify(fault.body),
    };
  }

  private takeFault(request: SandboxRequest): PendingFault | undefined {
    for (const fault of this.faults) {
      if (fault.remaining <= 0 || !matches(fault.match, request)) continue;
      if (fault.skip > 0) {
        fault.skip -= 1;
        continue;
      }
      fault.remaining -= 1;
      this.faults = this.faults.filter((f) => f.remaining > 0);
      return fault;
    }
    return undefined;
  }

  private record(request: SandboxRequest, status: number): void {
    const contentType = String(request.headers['content-type'] ?? '');
    const isText =
      !contentType.startsWith('multipart/') &&
      !contentType.startsWith('application/octet-stream') &&
      !contentType.startsWith('image/');
    const bodyText = isText
      ? request.body.toString('utf8')
      : `(${request.body.length} bytes ${contentType.split(';')[0]})`;
    const parsed = contentType.includes('json') ? parseJsonBody(request.body).value : undefined;
    this.recorded.push({
      method: request.method,
      path: request.path,
      query: queryObject(request.url),
      headers: request.headers,
      bodyText,
      json: parsed,
      status,
      at: new Date().toISOString(),
    });
    if (this.recorded.length > MAX_RECORDED) this.recorded.shift();
  }

  private write(res: ServerResponse, response: SandboxResponse): void {
    res.writeHead(response.status, response.headers ?? {});
    res.end(response.body ?? '');
  }

  /** The inspection API and the HTML page (no auth: loopback only, never a real platform). */
  private async inspect(request: SandboxRequest): Promise<SandboxResponse> {
    const { method, path } = request;
    if (path === '/' && method === 'GET') {
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: renderSandboxPage(this.platform, this.stored, this.pageSettings),
      };
    }
    if (path === '/_sandbox/posts' && method === 'GET')
      return json(200, { platform: this.platform, posts: this.posts() });
    if (path === '/_sandbox/requests' && method === 'GET') return json(200, { requests: this.requests() });
    if (path === '/_sandbox/reset' && method === 'POST') {
      this.reset();
      return json(200, { ok: true });
    }
    if (path.startsWith('/_sandbox/media/') && method === 'GET') {
      const media = this.mediaStore.get(decodeURIComponent(path.slice('/_sandbox/media/'.length)));
      return media
        ? {
            status: 200,
            headers: { 'content-type': media.meta.mediaType ?? 'application/octet-stream' },
            body: media.bytes,
          }
        : json(404, { error: 'no such media' });
    }
    if (path === '/_sandbox/faults' && method === 'POST') return this.inspectFaults(request.body);
    return json(404, { error: `unknown sandbox path ${method} ${path}` });
  }

  /**
   * POST /_sandbox/faults with one of:
   * `{"fail":{"count":1,"status":503,"body":{…},"headers":{…},"landed":false},"match":{"method":"POST","path":"/2/tweets","skip":0}}`,
   * `{"cut":{"count":1},"match":{…}}`, `{"latencyMs":200}`, `{"rateLimit":{"limit":5,"windowMs":60000}}`.
   */
  private inspectFaults(body: Buffer): SandboxResponse {
    const parsed = parseJsonBody(body);
    const value = parsed.value as
      | {
          fail?: { count?: number } & SandboxFault;
          cut?: { count?: number };
          match?: FaultMatch;
          latencyMs?: number;
          rateLimit?: RateBudgetOptions;
        }
      | undefined;
    if (!value || typeof value !== 'object')
      return json(400, { error: 'expected a JSON object with fail, cut, latencyMs or rateLimit' });
    const match = value.match ?? {};
    if (value.fail) {
      if (typeof value.fail.status !== 'number')
        return json(400, { error: 'fail.status: expected an HTTP status number' });
      this.failNext(
        value.fail.count ?? 1,
        { status: value.fail.status, body: value.fail.body, headers: value.fail.headers, landed: value.fail.landed },
        match,
      );
    }
    if (value.cut) this.cutNext(value.cut.count ?? 1, match);
    if (typeof value.latencyMs === 'number') this.latencyMs = value.latencyMs;
    if (value.rateLimit) this.setRateLimit(value.rateLimit);
    return json(200, { ok: true });
  }
}

function matches(match: FaultMatch, request: SandboxRequest): boolean {
  if (match.method && match.method.toUpperCase() !== request.method) return false;
  if (match.path instanceof RegExp) return match.path.test(request.path);
  if (typeof match.path === 'string') return request.path.includes(match.path);
  return true;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
