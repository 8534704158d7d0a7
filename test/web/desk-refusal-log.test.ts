import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, DeskClient, startTestDesk, type TestDesk } from './desk-fixtures.ts';

const log = capturingLogger();
let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk({ server: { logger: log.logger } });
});
afterAll(async () => desk?.close());

/**
 * A refused state-changing request is what an administrator looks for after "did someone try to
 * publish from outside?": it is in the log with the user whose session sent it.
 */
describe('review desk: refusals are in the log with the user', () => {
  it('a form from another origin', async () => {
    const client = new DeskClient(desk.server);
    await client.login('ada');
    const response = await client.post(
      '/health/check',
      {},
      { from: '/health', headers: { origin: 'https://evil.example' } },
    );
    expect(response.statusCode).toBe(403);
    expect(log.lines()).toContainEqual(
      expect.objectContaining({ user: 'ada', url: '/health/check', origin: 'https://evil.example', level: 40 }),
    );
  });

  it('a missing or wrong CSRF token', async () => {
    const client = new DeskClient(desk.server);
    await client.login('aida');
    expect((await client.post('/health/check', {}, { csrf: 'not-the-token' })).statusCode).toBe(403);
    expect(log.lines()).toContainEqual(
      expect.objectContaining({ user: 'aida', url: '/health/check', level: 40, msg: expect.stringMatching(/CSRF/) }),
    );
  });
});

describe('review desk: which proxy it trusts', () => {
  it('web.trustProxy: true warns at start that a client can choose its own address for the login limit', async () => {
    const own = capturingLogger();
    const trusting = await startTestDesk({ web: { trustProxy: true }, server: { logger: own.logger } });
    try {
      expect(own.lines()).toContainEqual(
        expect.objectContaining({
          level: 40,
          msg: expect.stringMatching(/web\.trustProxy: true.*X-Forwarded-For.*proxy's address/),
        }),
      );
    } finally {
      await trusting.close();
    }
    const addresses = capturingLogger();
    const named = await startTestDesk({ web: { trustProxy: ['127.0.0.1'] }, server: { logger: addresses.logger } });
    await named.close();
    expect(addresses.lines().filter((line) => String(line.msg).includes('trustProxy'))).toEqual([]);
  });

  it("behind a proxy named by its address: Secure cookies over HTTPS, the client's address from the proxy's entry", async () => {
    const behind = await startTestDesk({ web: { trustProxy: ['127.0.0.1'], maxLoginFailures: 1 } });
    try {
      // nginx appends the real client to what the client sent; only the last entry is the proxy's word.
      const client = new DeskClient(behind.server, {
        'x-forwarded-proto': 'https',
        'x-forwarded-for': '203.0.113.7, 198.51.100.1',
      });
      const page = await client.get('/login');
      expect([page.headers['set-cookie']].flat().join('\n')).toMatch(/; Secure/);
      expect((await client.post('/login', { user: 'nobody', password: 'x' }, { from: '/login' })).statusCode).toBe(401);
      const counts = await behind.redis.keys(behind.app.keys.webLoginFailures('ip', '*'));
      expect(counts.map((key) => key.split(':').at(-1))).toEqual(['198.51.100.1']);
    } finally {
      await behind.close();
    }
  });
});
