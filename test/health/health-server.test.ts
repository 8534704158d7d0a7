import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthServer } from '../../worker/health-server.ts';
import { redisPingCheck, runHealthChecks } from '../../worker/health-status.ts';
import { METRIC_NAMES, MetricsRegistry } from '../../worker/metrics-registry.ts';
import { testRedis } from '../helpers/redis.ts';

const servers: HealthServer[] = [];
const clients: Redis[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
  for (const client of clients.splice(0)) client.disconnect();
});

async function serve(options: Partial<ConstructorParameters<typeof HealthServer>[0]>): Promise<string> {
  const server = new HealthServer({
    port: 0,
    host: '127.0.0.1',
    checks: async () => ({ checks: {} }),
    metrics: async () => '',
    ...options,
  });
  servers.push(server);
  const port = await server.start();
  return `http://127.0.0.1:${port}`;
}

describe('HealthServer /healthz', () => {
  it('answers 200 ok when Redis answers and the workers run', async () => {
    const redis = testRedis();
    clients.push(redis);
    const base = await serve({
      checks: () => runHealthChecks({ redis: redisPingCheck(redis), workers: async () => true }),
    });
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ status: 'ok', checks: { redis: { ok: true }, workers: { ok: true } } });
  });

  it('answers 503 naming the failing check when Redis is unreachable', async () => {
    // Port 1 on loopback: nothing listens there; no retries, so the ping fails at once.
    const down = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    down.on('error', () => {});
    clients.push(down);
    const base = await serve({
      checks: () => runHealthChecks({ redis: redisPingCheck(down), workers: async () => true }, 1_000),
    });
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as any;
    expect(body.status).toBe('failing');
    expect(body.failing).toEqual(['redis']);
    expect(body.checks.workers).toEqual({ ok: true });
    expect(body.checks.redis.ok).toBe(false);
    expect(body.checks.redis.detail).toMatch(/ECONNREFUSED|Connection is closed|no answer/);
  });

  it('fails a check that hangs once its timeout passes', async () => {
    const base = await serve({ checks: () => runHealthChecks({ workers: () => new Promise(() => {}) }, 150) });
    const started = Date.now();
    const response = await fetch(`${base}/healthz`);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'failing',
      failing: ['workers'],
      checks: { workers: { ok: false, detail: 'no answer within 150 ms' } },
    });
  });

  it('answers 503 when the checks themselves throw or hang', async () => {
    const throwing = await serve({
      checks: async () => {
        throw new Error('worker registry gone');
      },
    });
    const response = await fetch(`${throwing}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'failing', error: 'worker registry gone' });
    const hanging = await serve({ checks: () => new Promise(() => {}), timeoutMs: 100 });
    expect((await fetch(`${hanging}/healthz`)).status).toBe(503);
  });

  it('answers HEAD without a body, 405 to other methods and 404 elsewhere', async () => {
    const base = await serve({ checks: async () => ({ checks: { redis: { ok: true } } }) });
    const head = await fetch(`${base}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await fetch(`${base}/healthz`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(`${base}/status`)).status).toBe(404);
    expect((await fetch(`${base}/healthz?verbose=1`)).status).toBe(200);
  });

  it('listens on loopback only unless given a host', async () => {
    const server = new HealthServer({ port: 0, checks: async () => ({ checks: {} }), metrics: async () => '' });
    servers.push(server);
    await server.start();
    expect(server.address?.address).toBe('127.0.0.1');
  });

  it('stops listening on stop()', async () => {
    const base = await serve({});
    await servers[0]!.stop();
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});

describe('HealthServer /metrics with MetricsRegistry', () => {
  it('serves publishes, failures, lateness and queue depth in the Prometheus text format', async () => {
    const depths = [
      { platform: 'twitter' as const, state: 'delayed', count: 12 },
      { platform: 'linkedin' as const, state: 'waiting', count: 3 },
    ];
    const registry = new MetricsRegistry({ processMetrics: false, queueDepth: async () => depths });
    registry.recordPublish('twitter', 0.4);
    registry.recordPublish('twitter', 75);
    registry.recordPublish('facebook', -0.02);
    registry.recordFailure('linkedin', 'rate-limited');
    const base = await serve({ metrics: () => registry.metrics(), metricsContentType: registry.contentType });

    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const lines = text.split('\n');
    expect(lines).toContain(`# TYPE ${METRIC_NAMES.publishes} counter`);
    expect(lines).toContain(`${METRIC_NAMES.publishes}{platform="twitter"} 2`);
    expect(lines).toContain(`${METRIC_NAMES.publishes}{platform="facebook"} 1`);
    expect(lines).toContain(`# TYPE ${METRIC_NAMES.failures} counter`);
    expect(lines).toContain(`${METRIC_NAMES.failures}{platform="linkedin",reason="rate-limited"} 1`);
    expect(lines).toContain(`# TYPE ${METRIC_NAMES.lateness} histogram`);
    expect(lines).toContain(`${METRIC_NAMES.lateness}_bucket{le="0.5",platform="twitter"} 1`);
    expect(lines).toContain(`${METRIC_NAMES.lateness}_bucket{le="60",platform="twitter"} 1`);
    expect(lines).toContain(`${METRIC_NAMES.lateness}_bucket{le="300",platform="twitter"} 2`);
    expect(lines).toContain(`${METRIC_NAMES.lateness}_sum{platform="twitter"} 75.4`);
    expect(lines).toContain(`${METRIC_NAMES.lateness}_sum{platform="facebook"} 0`);
    expect(lines).toContain(`# TYPE ${METRIC_NAMES.queueDepth} gauge`);
    expect(lines).toContain(`${METRIC_NAMES.queueDepth}{platform="twitter",state="delayed"} 12`);
    expect(lines).toContain(`${METRIC_NAMES.queueDepth}{platform="linkedin",state="waiting"} 3`);
    expect(lines.some((l) => l.startsWith(`# HELP ${METRIC_NAMES.queueDepth} `))).toBe(true);

    // Depth is read at each scrape: a drained queue shows its new count, a vanished state goes.
    depths.splice(0, depths.length, { platform: 'twitter', state: 'delayed', count: 0 });
    const again = (await (await fetch(`${base}/metrics`)).text()).split('\n');
    expect(again).toContain(`${METRIC_NAMES.queueDepth}{platform="twitter",state="delayed"} 0`);
    expect(again.some((l) => l.includes('state="waiting"'))).toBe(false);
  });

  it('escapes label values', async () => {
    const registry = new MetricsRegistry({ processMetrics: false });
    registry.recordFailure('facebook', 'rejected "spam"\\filter\nline');
    const text = await registry.metrics();
    expect(text).toContain(
      `${METRIC_NAMES.failures}{platform="facebook",reason="rejected \\"spam\\"\\\\filter\\nline"} 1`,
    );
  });

  it('includes process metrics unless turned off, and keeps registries apart', async () => {
    const withProcess = new MetricsRegistry();
    const other = new MetricsRegistry({ processMetrics: false });
    withProcess.recordPublish('twitter', 1);
    expect(await withProcess.metrics()).toContain('secon_bot_process_resident_memory_bytes');
    const otherText = await other.metrics();
    expect(otherText).not.toContain('secon_bot_process_resident_memory_bytes');
    expect(otherText).not.toContain(`${METRIC_NAMES.publishes}{platform="twitter"}`);
  });

  it('answers 500 when collecting fails', async () => {
    const base = await serve({
      metrics: async () => {
        throw new Error('queue unreachable');
      },
    });
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('cannot collect metrics: queue unreachable\n');
  });
});
