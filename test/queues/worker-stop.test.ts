import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPresence } from '../../src/publishing/worker-presence.ts';
import type { WorkerRuntimeOptions } from '../../worker/worker-runtime.ts';
import { startPrivateWorker } from '../helpers/private-redis.ts';

/**
 * A worker asked to stop after its Redis went away must still stop. BullMQ closes a blocking
 * connection with QUIT, which waits for an answer that never comes; before the close timeout the
 * stop never ended (the `worker` command was still running a minute after SIGTERM).
 */
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A worker on a private Redis (the test may kill it), with short timeouts, and its log lines. */
const startWorker = (options: Partial<WorkerRuntimeOptions> = {}) => startPrivateWorker(cleanups, 'stop', options);

describe('the worker in the worker roll', () => {
  it('is running from its start, beats while it runs, and has stopped (not gone silent) after stop', async () => {
    const { runtime, server } = await startWorker({ presenceBeatMs: 100 });
    const presence = runtime.app.presence;
    const first = await presence.roll(new Date());
    expect(first.running).toEqual([
      expect.objectContaining({ id: `worker:${hostname()}:${process.pid}`, pid: process.pid, host: hostname() }),
    ]);
    // Its beats move its last sighting on.
    await new Promise((resolve) => setTimeout(resolve, 350));
    const beaten = (await presence.roll(new Date())).running[0]!;
    expect(Date.parse(beaten.seenAt)).toBeGreaterThan(Date.parse(first.running[0]!.seenAt));

    expect(await runtime.stop()).toBe(true);
    const reader = new Redis(server.url);
    cleanups.push(() => reader.disconnect());
    const roll = await new WorkerPresence(reader, runtime.app.keys).roll(new Date());
    expect(roll.running).toEqual([]);
    expect(roll.lastGone).toMatchObject({ pid: process.pid, silent: false, stoppedAt: expect.any(String) });
  });
});

describe('stopping the worker', () => {
  it('closes everything when Redis answers', async () => {
    const { runtime, lines } = await startWorker();
    expect(await runtime.stop()).toBe(true);
    expect(lines.map((l) => l.msg)).toContain('worker stopped');
  });

  it('ends within its timeouts when Redis stops answering, saying it dropped the connections', async () => {
    const { runtime, server, lines } = await startWorker();
    // Frozen, not killed: the connections stay open and nothing answers, as when Redis's host
    // hangs or the network drops its packets. (A killed server is the other case below: the
    // client sees the connection close.)
    const pid = server.pid as number;
    process.kill(pid, 'SIGSTOP');
    cleanups.push(() => process.kill(pid, 'SIGCONT'));
    const outcome = await Promise.race([
      runtime.stop(),
      new Promise<'still stopping'>((resolve) => setTimeout(() => resolve('still stopping'), 10_000)),
    ]);
    // Ended (not "still stopping" after 10 s, far beyond both timeouts), and not cleanly.
    expect(outcome).toBe(false);
    expect(lines.some((l) => /connections were dropped unclosed/.test(l.msg))).toBe(true);
  });

  it('ends when Redis is gone', async () => {
    const { runtime, server } = await startWorker();
    await server.kill();
    const outcome = await Promise.race([
      runtime.stop(),
      new Promise<'still stopping'>((resolve) => setTimeout(() => resolve('still stopping'), 10_000)),
    ]);
    // Either way is right. Once the client has seen the connection close, a QUIT ends at once
    // with nothing left open (true); before that, the close times out and drops them (false).
    expect(outcome).not.toBe('still stopping');
  });
});
