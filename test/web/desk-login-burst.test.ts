import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, DeskClient, PASSWORD, startTestDesk, type TestDesk } from './desk-fixtures.ts';

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});
afterAll(async () => desk?.close());

/** `count` logins as `user` sent all at once from one page (one session, one CSRF token), by status. */
async function burst(user: string, passwords: string[]): Promise<Record<number, number>> {
  const client = new DeskClient(desk.server);
  const token = csrfOf((await client.get('/login')).body);
  const responses = await Promise.all(
    passwords.map((password) => client.post('/login', { user, password, next: '/calendar' }, { csrf: token })),
  );
  const byStatus: Record<number, number> = {};
  for (const { statusCode } of responses) byStatus[statusCode] = (byStatus[statusCode] ?? 0) + 1;
  return byStatus;
}

describe('review desk: login throttle under concurrent guesses', () => {
  it('thirty wrong passwords sent at once for one name: only five are tried, the rest refused (429)', async () => {
    const limit = desk.config.web.maxLoginFailures;
    const byStatus = await burst(
      'ed',
      Array.from({ length: 30 }, (_, i) => `guess ${i}`),
    );
    expect(byStatus).toEqual({ 401: limit, 429: 30 - limit });
  });

  it('a right password does not count against the address (an office logging in together is not locked)', async () => {
    const limit = desk.config.web.maxLoginFailures * 4;
    // The test before left this address over its limit.
    const counts = await desk.redis.keys(desk.app.keys.webLoginFailures('ip', '*'));
    if (counts.length) await desk.redis.del(...counts);
    // More right logins from one address than it may have wrong ones, each for its own name.
    const names = ['ada', 'aida', 'vic'];
    for (let round = 0; round < Math.ceil((limit + 1) / names.length); round++)
      for (const name of names) expect((await new DeskClient(desk.server).login(name)).statusCode).toBe(303);
    expect((await new DeskClient(desk.server).login('aida', PASSWORD)).statusCode).toBe(303);
  });

  it('a user name of half a megabyte costs Redis, the log and the page no more than a short one', async () => {
    const client = new DeskClient(desk.server);
    const response = await client.login('x'.repeat(500_000), 'guess');
    expect(response.statusCode).toBe(401);
    expect(response.body.length).toBeLessThan(20_000);
    const counts = await desk.redis.keys(desk.app.keys.webLoginFailures('user', '*'));
    expect(Math.max(...counts.map((key) => key.length))).toBeLessThan(200);
  });
});
