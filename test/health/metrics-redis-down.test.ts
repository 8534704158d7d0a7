import { afterEach, describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../worker/metrics-registry.ts';
import { startPrivateWorker } from '../helpers/private-redis.ts';
import { waitFor } from '../helpers/world.ts';

/**
 * /metrics while Redis is gone must still answer, within the /healthz budget: a scrape that times
 * out makes the outage invisible exactly when it matters (seen: no answer after 60 s, while
 * /healthz said 503 within 2 s). It says `secon_bot_redis_up 0` and leaves out what needs Redis.
 */
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startWorker() {
  const { runtime, server } = await startPrivateWorker(cleanups, 'metrics', { port: 0 });
  return { server, url: `http://127.0.0.1:${runtime.port}/metrics` };
}

/** GET /metrics, its status, body and how long it took (the fetch gives up after 10 s). */
async function scrape(url: string): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.text(), ms: Date.now() - started };
}

/** The sample lines of a metric (not its HELP / TYPE comments). */
const samples = (body: string, name: string) => body.split('\n').filter((l) => l.startsWith(name));

describe('/metrics while Redis is down', () => {
  it('answers with redis_up 1 and the queue depth while Redis answers', async () => {
    const { url } = await startWorker();
    const { status, body } = await scrape(url);
    expect(status).toBe(200);
    expect(samples(body, METRIC_NAMES.redisUp)).toEqual([`${METRIC_NAMES.redisUp} 1`]);
    expect(samples(body, METRIC_NAMES.queueDepth).length).toBeGreaterThan(0);
  });

  it('answers within the budget, redis_up 0 and no queue depth, when Redis is frozen', async () => {
    const { server, url } = await startWorker();
    const pid = server.pid as number;
    process.kill(pid, 'SIGSTOP');
    cleanups.push(() => process.kill(pid, 'SIGCONT'));
    const { status, body, ms } = await scrape(url);
    expect(ms).toBeLessThan(4_000);
    expect(status).toBe(200);
    expect(samples(body, METRIC_NAMES.redisUp)).toEqual([`${METRIC_NAMES.redisUp} 0`]);
    // Left out, not reported as 0 (a lie); what the process knows by itself is still there.
    expect(samples(body, METRIC_NAMES.queueDepth)).toEqual([]);
    expect(body).toContain(`# TYPE ${METRIC_NAMES.publishes} counter`);
    expect(body).toContain('secon_bot_process_resident_memory_bytes');
  });

  it('answers within the budget when Redis is killed, and says so again once it is back', async () => {
    const { server, url } = await startWorker();
    await server.kill();
    const down = await scrape(url);
    expect(down.ms).toBeLessThan(4_000);
    expect(samples(down.body, METRIC_NAMES.redisUp)).toEqual([`${METRIC_NAMES.redisUp} 0`]);
    expect(samples(down.body, METRIC_NAMES.queueDepth)).toEqual([]);
    await server.start();
    await waitFor(
      async () => samples((await scrape(url)).body, METRIC_NAMES.redisUp)[0] === `${METRIC_NAMES.redisUp} 1`,
      10_000,
      'redis_up 1 after the restart',
    );
    expect(samples((await scrape(url)).body, METRIC_NAMES.queueDepth).length).toBeGreaterThan(0);
  });
});
