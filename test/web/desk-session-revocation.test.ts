import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config-schema.ts';
import { hashPassword } from '../../web/auth/password-hash.ts';
import { csrfOf, DeskClient, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/**
 * An administrator removes a user, lowers a role or changes a password in `secon-bot.yaml` and
 * restarts the desk. Sessions live in Redis across restarts, so each request must take the user as
 * the configuration has them now, not as they were at login.
 */
let desk: TestDesk;

beforeAll(async () => {
  desk = await startTestDesk();
});
afterAll(async () => desk?.close());

/** The desk restarted on the same Redis with `users` changed; the client's cookies carried over. */
async function restartedWith(
  client: DeskClient,
  users: (list: Config['web']['users']) => Config['web']['users'],
): Promise<{ restarted: TestDesk; browser: DeskClient }> {
  const config = { ...desk.config, web: { ...desk.config.web, users: users(desk.config.web.users) } };
  const restarted = await startTestDesk({ config, keepKeys: true });
  const browser = new DeskClient(restarted.server);
  for (const [name, value] of client.cookies) browser.cookies.set(name, value);
  return { restarted, browser };
}

describe('review desk: a session follows the configuration', () => {
  it("a removed user's live session stops working (sent to the login page)", async () => {
    const client = new DeskClient(desk.server);
    await client.login('ada');
    const { restarted, browser } = await restartedWith(client, (users) => users.filter((u) => u.name !== 'ada'));
    try {
      const page = await browser.get('/calendar');
      expect(page.statusCode).toBe(303);
      expect(page.headers.location).toBe('/login?next=%2Fcalendar');
    } finally {
      await restarted.close();
    }
  });

  it('a lowered role takes effect on the live session (an approver made viewer cannot approve)', async () => {
    const client = new DeskClient(desk.server);
    await client.login('aida');
    const { restarted, browser } = await restartedWith(client, (users) =>
      users.map((u) => (u.name === 'aida' ? { ...u, role: 'viewer' as const } : u)),
    );
    try {
      const page = await browser.get('/calendar');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<span class="role">(viewer)</span>');
      const refused = await browser.post('/approvals/approve', { postId: ['any'] }, { from: '/approvals' });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('you are viewer');
    } finally {
      await restarted.close();
    }
  });

  it('a changed password ends the sessions logged in with the old one', async () => {
    const client = new DeskClient(desk.server);
    await client.login('ed');
    const newHash = await hashPassword('a new password after a leak');
    const { restarted, browser } = await restartedWith(client, (users) =>
      users.map((u) => (u.name === 'ed' ? { ...u, passwordHash: newHash } : u)),
    );
    try {
      expect((await browser.get('/calendar')).statusCode).toBe(303);
      // Logging in again with the new password works as before.
      const again = await browser.login('ed', 'a new password after a leak');
      expect(again.statusCode).toBe(303);
      expect((await browser.get('/calendar')).statusCode).toBe(200);
    } finally {
      await restarted.close();
    }
  });

  it('an unchanged user keeps their session across the restart', async () => {
    const client = new DeskClient(desk.server);
    await client.login('vic');
    const { restarted, browser } = await restartedWith(client, (users) => users);
    try {
      expect((await browser.get('/calendar')).statusCode).toBe(200);
    } finally {
      await restarted.close();
    }
  });

  it('a form sent after the session ended says to log in again (not "Form expired"), and changes nothing', async () => {
    const client = new DeskClient(desk.server);
    await client.login('aida');
    const token = csrfOf((await client.get('/approvals')).body);
    // The session runs out (web.sessionHours) while the page stays open.
    const sid = decodeURIComponent(client.cookies.get('secon_desk')!).split('.')[0]!;
    await desk.redis.del(desk.app.keys.webSession(sid));
    const response = await client.post('/approvals/approve', { postId: ['any'] }, { csrf: token });
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('Your session has ended');
    expect(response.body).toContain('href="/login"');
    expect(response.body).not.toContain('CSRF');
  });
});
