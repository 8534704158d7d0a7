import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scrubSecrets } from '../src/config/secrets.ts';
import { withTimeout } from '../src/net/with-timeout.ts';
import { failingChecks, type HealthStatus } from './health-status.ts';

export type { CheckResult, HealthStatus } from './health-status.ts';

/** Content-Type of the Prometheus text exposition format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * Default interface: loopback only. /healthz and /metrics carry no secrets, but queue depths and
 * failure counts are nobody else's business; a container binds 0.0.0.0 on purpose (`worker.host`,
 * `worker --host`) and publishes the port on the host's loopback.
 */
export const DEFAULT_HEALTH_HOST = '127.0.0.1';

/** Default time /healthz waits for all checks before answering 503. */
export const DEFAULT_HEALTH_TIMEOUT_MS = 5_000;

/** Options of {@link HealthServer}. */
export interface HealthServerOptions {
  /** Port to listen on; 0 picks a free one (start() returns it). */
  port: number;
  /** Interface to bind. Default: {@link DEFAULT_HEALTH_HOST}. */
  host?: string;
  /** Runs the checks for GET /healthz (see runHealthChecks). */
  checks: () => Promise<HealthStatus>;
  /** The text for GET /metrics (e.g. MetricsRegistry.metrics). */
  metrics: () => Promise<string>;
  /** Content-Type of /metrics. Default: {@link PROMETHEUS_CONTENT_TYPE}. */
  metricsContentType?: string;
  /** How long /healthz waits for `checks`. Default: {@link DEFAULT_HEALTH_TIMEOUT_MS}. */
  timeoutMs?: number;
}

/**
 * The worker's small HTTP endpoint:
 * - `GET /healthz` → 200 `{"status":"ok","checks":{…}}` when every check passes, else 503
 *   `{"status":"failing","failing":[names],"checks":{…}}` (also when the checks throw or hang);
 * - `GET /metrics` → the Prometheus text format (500 when collecting fails).
 * HEAD works like GET without a body; other methods get 405, other paths 404.
 */
export class HealthServer {
  private server: Server | undefined;

  constructor(private readonly options: HealthServerOptions) {}

  /** Starts listening; resolves with the port actually bound. */
  async start(): Promise<number> {
    if (this.server) return (this.server.address() as AddressInfo).port;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent)
          send(res, req, 500, 'text/plain; charset=utf-8', `internal error: ${scrubSecrets(String(error))}\n`);
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? DEFAULT_HEALTH_HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  /** The address and port bound while listening (undefined before start and after stop). */
  get address(): AddressInfo | undefined {
    return (this.server?.address() as AddressInfo | null) ?? undefined;
  }

  /** Stops listening and closes open connections (keep-alive scrapers included). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/healthz' && path !== '/metrics') {
      send(res, req, 404, 'text/plain; charset=utf-8', 'not found: try /healthz or /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      send(res, req, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
      return;
    }
    if (path === '/healthz') await this.health(req, res);
    else await this.metrics(req, res);
  }

  private async health(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Record<string, unknown>;
    let code: number;
    try {
      const status = await withTimeout(this.options.checks(), this.options.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS);
      const failing = failingChecks(status);
      code = failing.length ? 503 : 200;
      body = failing.length
        ? { status: 'failing', failing, checks: status.checks }
        : { status: 'ok', checks: status.checks };
    } catch (error) {
      code = 503;
      body = { status: 'failing', error: scrubSecrets(error instanceof Error ? error.message : String(error)) };
    }
    send(res, req, code, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`);
  }

  private async metrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text: string;
    try {
      text = await this.options.metrics();
    } catch (error) {
      send(
        res,
        req,
        500,
        'text/plain; charset=utf-8',
        `cannot collect metrics: ${scrubSecrets(error instanceof Error ? error.message : String(error))}\n`,
      );
      return;
    }
    send(res, req, 200, this.options.metricsContentType ?? PROMETHEUS_CONTENT_TYPE, text);
  }
}

function send(res: ServerResponse, req: IncomingMessage, code: number, contentType: string, body: string): void {
  res.statusCode = code;
  res.setHeader('content-type', contentType);
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' ? undefined : body);
}
