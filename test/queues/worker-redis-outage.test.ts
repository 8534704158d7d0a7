import { afterEach, describe, expect, it } from 'vitest';
import { RedisOutageLog } from '../../src/redis/redis-outage-log.ts';
import { captureLogger } from '../helpers/fleet.ts';
import { startPrivateWorker } from '../helpers/private-redis.ts';
import { waitFor } from '../helpers/world.ts';

/**
 * A Redis outage in the worker's log: the first connection error of each connection with its
 * cause, and one line when Redis is back. Before, every reconnect of every connection logged a
 * line, the workers' with a stack trace (~100 lines in 10 s, ~550 in 80 s).
 */
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const OUTAGE_MS = 6_000;

describe('the worker log during a Redis outage', () => {
  it('says once per connection that Redis is unreachable and why, and once that it is back', async () => {
    const { server, lines } = await startPrivateWorker(cleanups, 'outage');
    const before = lines.length;
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    // One line per connection at most while it lasts (the old log: ~60 here).
    expect(lines.length - before).toBeLessThanOrEqual(6);
    await server.start();
    const back = await waitFor(
      () => lines.slice(before).find((l) => /^Redis reachable again after \d+ s/.test(l.msg)),
      10_000,
      'the "reachable again" line',
    );
    const outage = lines.slice(before);
    const down = outage.filter((l) => /Redis unreachable/.test(l.msg));
    // One per connection: the worker's own, the queues', the three BullMQ workers'.
    expect(down.length).toBeGreaterThan(0);
    expect(down.length).toBeLessThanOrEqual(6);
    // Each names its cause: refused on reconnect, or reset when the kill cut a read in flight (a
    // BullMQ worker's blocking read sees that first: seen once in CI on Node 24).
    for (const line of down) expect(line.msg).toMatch(/\((?:connect ECONNREFUSED|read ECONNRESET)\b/);
    expect(new Set(down.map((l) => l.source)).size).toBe(down.length);
    expect(outage.filter((l) => l.level >= 50)).toEqual([]); // no error lines, no stack traces
    expect(outage.length).toBeLessThanOrEqual(down.length + 2);
    expect(back.downSeconds).toBeGreaterThanOrEqual(OUTAGE_MS / 1000 - 1);
    expect(back.repeats).toBeGreaterThan(0);
  }, 30_000);
});

describe('RedisOutageLog', () => {
  it('passes errors that are not about the connection through, untouched', () => {
    const { logger, lines } = captureLogger('info');
    const outage = new RedisOutageLog(logger);
    const others: Error[] = [];
    const listener = outage.listener('redis connection', (error) => others.push(error));
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    listener(refused);
    listener(refused);
    const script = new Error('ERR Error running script: user_script:1: oops');
    listener(script);
    expect(others).toEqual([script]);
    expect(lines.map((l) => l.msg)).toEqual([
      'redis connection: Redis unreachable (connect ECONNREFUSED 127.0.0.1:6379); reconnecting, repeats are counted until it is back',
    ]);
  });
});
