import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { LogTail } from '../../web/live/log-tail.ts';
import { startPrivateRedisWorld } from '../helpers/private-redis.ts';
import { DeskClient, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/**
 * The desk must stop when told to, with live pages open in browsers and with its Redis gone: before,
 * `secon-bot web` went on running after SIGTERM (a service manager then kills it).
 */
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `promise`'s outcome, or 'still waiting' after `ms` (far beyond what any of these should take). */
function within<T>(promise: Promise<T>, ms = 8000): Promise<T | 'still waiting'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still waiting'>((resolve) => (timer = setTimeout(() => resolve('still waiting'), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Opens the live feed (/events) as `who`'s page does (a logged-in client's cookie, or the headers
 * given), over a real connection, and waits until it is open; `ended` resolves when the desk ends it.
 */
async function openLiveFeed(
  desk: TestDesk,
  who: DeskClient | Record<string, string>,
): Promise<{ ended: Promise<'ended'> }> {
  const base = await desk.server.listen({ host: '127.0.0.1', port: 0 });
  const headers =
    who instanceof DeskClient ? { cookie: [...who.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : who;
  const events = await fetch(`${base}/events`, { headers });
  expect(events.status).toBe(200);
  const reader = events.body!.getReader();
  await reader.read(); // the stream is open ("retry: …")
  // In an object: an async function would wait for a promise it returns, i.e. for the stream's end.
  const ended = (async () => {
    while (!(await reader.read()).done);
    return 'ended' as const;
  })();
  return { ended };
}

describe('stopping the review desk', () => {
  it('closes with a live page open: the event stream is ended, not waited for', async () => {
    const desk = await startTestDesk();
    let closed = false;
    cleanups.push(() => (closed ? desk.app.close() : desk.close()));
    const client = new DeskClient(desk.server);
    await client.login('ada');
    const { ended: drained } = await openLiveFeed(desk, client);
    expect(await within(desk.server.close().then(() => 'closed' as const))).toBe('closed');
    closed = true;
    expect(await within(drained)).toBe('ended');
  });

  it('stops following the log when Redis is gone, though the read in flight is never answered', async () => {
    const { server } = await startPrivateRedisWorld(cleanups, { label: 'tail' });
    const redis = new Redis(server.url, { maxRetriesPerRequest: null });
    redis.on('error', () => undefined);
    cleanups.push(() => redis.disconnect());
    const tail = new LogTail(redis, 'tail-test:stream', { blockMs: 5000, resolve: async () => [] });
    tail.subscribe(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200)); // XREAD BLOCK in flight
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await within(tail.stop().then(() => 'stopped' as const))).toBe('stopped');
  });
});

describe('the live feed and its session', () => {
  it('a live page stops being told what is published once its session is logged out in another tab', async () => {
    const desk = await startTestDesk({ server: { eventHeartbeatMs: 100 } });
    cleanups.push(() => desk.close());
    const client = new DeskClient(desk.server);
    await client.login('ada');
    const { ended: drained } = await openLiveFeed(desk, client);
    // Still open across several heartbeats while the session is.
    expect(await within(drained, 500)).toBe('still waiting');
    expect((await client.post('/logout', {})).statusCode).toBe(303);
    expect(await within(drained, 3000)).toBe('ended');
  });

  it("a person named by the trusted proxy's header (no session of the desk's) keeps the live page across heartbeats", async () => {
    const desk = await startTestDesk({
      web: { proxyAuth: { header: 'X-Remote-User', trustedAddresses: ['127.0.0.1', '::1'] } },
      server: { eventHeartbeatMs: 100 },
    });
    cleanups.push(() => desk.close());
    const { ended: drained } = await openLiveFeed(desk, { 'x-remote-user': 'ada' });
    expect(await within(drained, 600)).toBe('still waiting');
  });
});
