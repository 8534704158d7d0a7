import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../web/auth/password-hash.ts';
import { ANONYMOUS_SESSION_MS } from '../../web/auth/redis-session-store.ts';
import { loadNewsText } from '../../web/news-check.ts';
import { runCli } from '../helpers/cli.ts';
import {
  csrfOf,
  DeskClient,
  futureNews,
  PASSWORD,
  runCliWithInput,
  SESSION_SECRET,
  startTestDesk,
  type TestDesk,
} from './desk-fixtures.ts';

let desk: TestDesk;
/** A post waiting for approval (created by the test, not the desk). */
let waiting: string;
let waitingToo: string;

beforeAll(async () => {
  desk = await startTestDesk();
  const { items } = await loadNewsText(desk.config, 'riga.md', futureNews('riga-visit'));
  const [result] = await desk.app.intake.take(items, { requireApproval: true, actor: 'test' });
  const ids = result!.posts.filter((p) => p.state === 'awaiting-approval').map((p) => p.postId);
  [waiting, waitingToo] = ids as [string, string];
  expect(ids.length).toBeGreaterThan(2);
});

afterAll(async () => desk?.close());

/** Every page of the desk, one post's among them. */
function everyPage(): string[] {
  return ['/calendar', '/approvals', '/news', '/history', '/activity', '/report', '/health', `/posts/${waiting}`];
}

describe('review desk: login required', () => {
  it('every page sends an anonymous person to the login; static files and the login page are public', async () => {
    const client = new DeskClient(desk.server);
    for (const path of everyPage()) {
      const response = await client.get(path);
      expect(response.statusCode, path).toBe(303);
      expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    expect((await client.get('/history/export.csv')).statusCode).toBe(303);
    expect((await client.get('/login')).statusCode).toBe(200);
    expect((await client.get('/static/desk.css')).statusCode).toBe(200);
    expect((await client.get('/static/post-card.css')).statusCode).toBe(200);
  });

  it('an anonymous state-changing request is refused and changes nothing', async () => {
    const client = new DeskClient(desk.server);
    const token = csrfOf((await client.get('/login')).body);
    const response = await client.post(`/posts/${waiting}/approve`, {}, { csrf: token });
    expect(response.statusCode).toBe(401);
    expect((await desk.app.publishingLog.get(waiting))?.state).toBe('awaiting-approval');
  });

  it('a wrong password is refused with one message for unknown names and wrong passwords', async () => {
    const client = new DeskClient(desk.server);
    const wrong = await client.login('ed', 'not the password');
    const unknown = await client.login('nobody', PASSWORD);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toContain('Wrong user name or password.');
    expect(unknown.body).toContain('Wrong user name or password.');
  });
});

describe('review desk: session cookie', () => {
  it('HttpOnly, SameSite=Lax, not Secure over plain HTTP; the session lives in Redis under the prefix', async () => {
    const client = new DeskClient(desk.server);
    const response = await client.login('vic');
    expect(response.statusCode).toBe(303);
    const cookie = [response.headers['set-cookie']].flat().find((c) => c?.startsWith('secon_desk='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const keys = await desk.redis.keys(desk.app.keys.webSession('*'));
    expect(keys.length).toBeGreaterThan(0);
    const stored = await Promise.all(keys.map((k) => desk.redis.get(k)));
    expect(stored.join('\n')).toContain('"name":"vic"');
    expect(stored.join('\n')).not.toContain(PASSWORD);
  });

  it('an anonymous session (the login form) lives minutes in Redis; a logged-in one the full session length', async () => {
    const sessionKey = (client: DeskClient) =>
      desk.app.keys.webSession(decodeURIComponent(client.cookies.get('secon_desk')!).split('.')[0]!);
    const client = new DeskClient(desk.server);
    expect((await client.get('/login')).statusCode).toBe(200);
    const anonymousTtl = await desk.redis.pttl(sessionKey(client));
    expect(anonymousTtl).toBeGreaterThan(0);
    expect(anonymousTtl).toBeLessThanOrEqual(ANONYMOUS_SESSION_MS);
    await client.login('vic');
    const fullTtl = await desk.redis.pttl(sessionKey(client));
    expect(fullTtl).toBeGreaterThan(desk.config.web.sessionHours * 3_600_000 - 60_000);
  });

  it('Secure behind a trusted proxy that says HTTPS', async () => {
    const behind = await startTestDesk({ web: { trustProxy: true } });
    try {
      const client = new DeskClient(behind.server, {
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'desk.example',
      });
      const response = await client.post(
        '/login',
        { user: 'vic', password: PASSWORD },
        { from: '/login', headers: { origin: 'https://desk.example' } },
      );
      expect(response.statusCode).toBe(303);
      const cookie = [response.headers['set-cookie']].flat().find((c) => c?.startsWith('secon_desk='))!;
      expect(cookie).toMatch(/; Secure/);
    } finally {
      await behind.close();
    }
  });

  it('logging out ends the session in Redis too', async () => {
    const client = new DeskClient(desk.server);
    await client.login('vic');
    const before = new Set(await desk.redis.keys(desk.app.keys.webSession('*')));
    const sid = decodeURIComponent(client.cookies.get('secon_desk')!).split('.')[0]!;
    expect([...before].some((k) => k.endsWith(sid))).toBe(true);
    const loggedOut = await client.post('/logout', {});
    expect(loggedOut.statusCode).toBe(303);
    expect(await desk.redis.exists(desk.app.keys.webSession(sid))).toBe(0);
    // The browser is told to drop the cookie too (empty, expired, same path).
    const cleared = [loggedOut.headers['set-cookie']].flat().find((c) => c?.startsWith('secon_desk='));
    expect(cleared).toMatch(/^secon_desk=;/);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(cleared).toMatch(/Path=\//);
    expect((await client.get('/calendar')).statusCode).toBe(303);
  });

  it('Log out on a page left open past the session\'s end logs out, not "Form expired"; a logged-in logout still needs its token', async () => {
    const client = new DeskClient(desk.server);
    await client.login('vic');
    const token = csrfOf((await client.get('/calendar')).body);
    // A logged-in person's logout without the token is refused: a forged form cannot log them out.
    expect((await client.post('/logout', {}, { csrf: null })).statusCode).toBe(403);
    // The session ends (sessionHours passed) while the page stays open; then Log out is clicked.
    const sid = decodeURIComponent(client.cookies.get('secon_desk')!).split('.')[0]!;
    await desk.redis.del(desk.app.keys.webSession(sid));
    const late = await client.post('/logout', {}, { csrf: token });
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe('/login');
  });
});

describe('review desk: CSRF and origin', () => {
  it('a state-changing request without the CSRF token is refused (403) and changes nothing', async () => {
    const client = new DeskClient(desk.server);
    await client.login('ada');
    const response = await client.post(`/posts/${waiting}/approve`, {}, { csrf: null });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('CSRF');
    expect((await desk.app.publishingLog.get(waiting))?.state).toBe('awaiting-approval');
  });

  it("another session's token is refused", async () => {
    const other = new DeskClient(desk.server);
    await other.login('aida');
    const token = csrfOf((await other.get('/calendar')).body);
    const client = new DeskClient(desk.server);
    await client.login('ada');
    expect((await client.post(`/posts/${waiting}/approve`, {}, { csrf: token })).statusCode).toBe(403);
    expect((await desk.app.publishingLog.get(waiting))?.state).toBe('awaiting-approval');
  });

  it('a form sent from another origin is refused even with a valid token', async () => {
    const client = new DeskClient(desk.server);
    await client.login('ada');
    const response = await client.post(
      `/posts/${waiting}/approve`,
      {},
      { headers: { origin: 'https://evil.example' } },
    );
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('https://evil.example');
    expect((await desk.app.publishingLog.get(waiting))?.state).toBe('awaiting-approval');
  });
});

describe('review desk: roles', () => {
  it('a viewer sees no approve button and is refused with 403', async () => {
    const client = new DeskClient(desk.server);
    await client.login('vic');
    const page = await client.get(`/posts/${waiting}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/approve"');
    expect((await client.get('/approvals')).body).not.toContain('Approve selected');
    const response = await client.post(`/posts/${waiting}/approve`, {}, { from: `/posts/${waiting}` });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('approver role');
    const bulk = await client.post('/approvals/approve', { postId: [waiting] }, { from: '/approvals' });
    expect(bulk.statusCode).toBe(403);
    expect((await desk.app.publishingLog.get(waiting))?.state).toBe('awaiting-approval');
  });

  it('an editor may cancel but not approve; an approver approves, and the log names the user', async () => {
    const editor = new DeskClient(desk.server);
    await editor.login('ed');
    expect((await editor.post(`/posts/${waiting}/approve`, {})).statusCode).toBe(403);
    const approver = new DeskClient(desk.server);
    await approver.login('aida');
    const response = await approver.post(`/posts/${waiting}/approve`, {});
    expect(response.statusCode).toBe(303);
    const record = await desk.app.publishingLog.get(waiting);
    expect(record?.state).toBe('scheduled');
    expect(record?.actor).toBe('web:aida');
    const cancelled = await editor.post(`/posts/${waitingToo}/cancel`, {});
    expect(cancelled.statusCode).toBe(303);
    expect(await desk.app.publishingLog.get(waitingToo)).toMatchObject({ state: 'cancelled', actor: 'web:ed' });
    // The flash on the next page says what happened.
    expect((await editor.get(`/posts/${waitingToo}`)).body).toContain('Cancelled:');
  });

  it("an editor's edit of an approved post sends it back for approval; an approver's edit does not", async () => {
    const { items } = await loadNewsText(desk.config, 'riga2.md', futureNews('riga-edit'));
    const [result] = await desk.app.intake.take(items, { requireApproval: true, actor: 'test' });
    // X needs no approval in the shipped configuration: only the post's history shows one.
    const postId = result!.posts.find((p) => p.channel === 'x-secon' && p.state === 'awaiting-approval')!.postId;
    const approver = new DeskClient(desk.server);
    await approver.login('aida');
    expect((await approver.post(`/posts/${postId}/approve`, {})).statusCode).toBe(303);
    expect((await approver.post(`/posts/${postId}/edit`, { text: 'Reworded by aida' })).statusCode).toBe(303);
    expect((await desk.app.publishingLog.get(postId))?.state).toBe('scheduled');
    const editor = new DeskClient(desk.server);
    await editor.login('ed');
    expect((await editor.post(`/posts/${postId}/edit`, { text: 'Changed by ed' })).statusCode).toBe(303);
    const record = await desk.app.publishingLog.get(postId);
    expect(record).toMatchObject({ state: 'awaiting-approval', actor: 'web:ed', text: 'Changed by ed' });
    expect(record?.note).toMatch(/waits for approval again/);
    expect((await editor.get(`/posts/${postId}`)).body).toContain('it waits for approval again');
  });

  /** Checks `news` as `user` on the news page and schedules it; the results page. */
  async function scheduleAs(user: string, id: string, form: Record<string, string> = {}): Promise<string> {
    const client = new DeskClient(desk.server);
    await client.login(user);
    const checked = await client.post('/news/check', { text: futureNews(id), format: '.md' }, { from: '/news' });
    expect(checked.statusCode).toBe(200);
    const draft = /name="draft" value="([^"]+)"/.exec(checked.body)?.[1];
    expect(draft, 'the check offers to schedule').toBeDefined();
    const scheduled = await client.post('/news/schedule', { draft: draft!, ...form }, { csrf: csrfOf(checked.body) });
    expect(scheduled.statusCode).toBe(200);
    return scheduled.body;
  }

  /** The distinct "What happened" cells of a results page. */
  function whatHappened(body: string): string[] {
    return [...new Set([...body.matchAll(/<tr>(?:<td>.*?<\/td>){3}<td>(.*?)<\/td><\/tr>/g)].map((m) => m[1]!))];
  }

  async function statesOf(newsId: string): Promise<string[]> {
    return [...new Set((await desk.app.publishingLog.query({ newsId: [newsId] })).map((r) => r.state))];
  }

  it("an editor's news waits for approval (nothing goes out unapproved); the results page says so", async () => {
    const body = await scheduleAs('ed', 'editor-news');
    expect(await statesOf('editor-news')).toEqual(['awaiting-approval']);
    expect(body).toMatch(/(1 post waits|\d+ posts wait) for approval/);
    // Each post's line says what became of it, as `schedule` says it (not "created").
    expect(whatHappened(body)).toEqual(['waiting for approval']);
    const record = (await desk.app.publishingLog.query({ newsId: ['editor-news'] }))[0];
    expect(record?.actor).toBe('web:ed');
  });

  it("an approver's news is scheduled as before, or held for approval when ticked", async () => {
    const body = await scheduleAs('aida', 'approver-news');
    // LinkedIn and the others need no approval in the shipped configuration.
    expect(await statesOf('approver-news')).toEqual(['scheduled']);
    expect(body).not.toContain('wait for approval');
    expect(whatHappened(body)).toEqual(['queued']);
    await scheduleAs('aida', 'approver-held-news', { hold: 'on' });
    expect(await statesOf('approver-held-news')).toEqual(['awaiting-approval']);
  });

  it('only an admin runs the credentials check and pauses channels', async () => {
    const approver = new DeskClient(desk.server);
    await approver.login('aida');
    expect((await approver.post('/health/check', {}, { from: '/health' })).statusCode).toBe(403);
    expect((await approver.post('/channels/x-secon/pause', { reason: 'x' }, { from: '/health' })).statusCode).toBe(403);
    expect(await desk.app.channels.get('x-secon')).toBeNull();
  });
});

describe('review desk: login throttle', () => {
  it('five wrong passwords lock the name (429, Retry-After) even for the right one, across desk processes', async () => {
    const client = new DeskClient(desk.server);
    for (let i = 0; i < 5; i++) expect((await client.login('ed', `guess ${i}`)).statusCode).toBe(401);
    const locked = await client.login('ed');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(60);
    expect(locked.body).toContain('Too many wrong passwords');
    // A second desk process on the same Redis holds the same count.
    const second = await startTestDesk({ config: desk.config, keepKeys: true });
    try {
      expect((await new DeskClient(second.server).login('ed')).statusCode).toBe(429);
    } finally {
      await second.close();
    }
    // Another user from another address is not affected.
    const elsewhere = new DeskClient(desk.server, { 'x-forwarded-for': '10.0.0.9' });
    expect((await elsewhere.login('aida')).statusCode).toBe(303);
  });
});

describe('review desk: files', () => {
  it("serves the news folder's images to logged-in people only, and nothing else from the disk", async () => {
    const anonymous = new DeskClient(desk.server);
    expect((await anonymous.get('/news-images/images/haskovo-workshop.png')).statusCode).toBe(303);
    const client = new DeskClient(desk.server);
    await client.login('vic');
    const image = await client.get('/news-images/images/haskovo-workshop.png');
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    for (const path of [
      '/news-images/README.md',
      '/news-images/../secon-bot.yaml',
      '/news-images/%2e%2e/secon-bot.yaml',
    ])
      expect((await client.get(path)).statusCode, path).toBeGreaterThanOrEqual(400);
  });
});

describe('review desk: what a page may contain', () => {
  it('security headers: CSP without inline scripts or styles, no framing, no sniffing, no caching', async () => {
    const client = new DeskClient(desk.server);
    await client.login('ada');
    const response = await client.get('/calendar');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('same-origin');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('no page carries inline script, inline styles, secrets or password hashes', async () => {
    const client = new DeskClient(desk.server);
    await client.login('ada');
    const hashes = desk.config.web.users.map((u) => u.passwordHash!);
    for (const path of everyPage()) {
      const { body, statusCode } = await client.get(path);
      expect(statusCode, path).toBe(200);
      expect(body, path).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(body, path).not.toMatch(/\sstyle=|\son[a-z]+=/i);
      expect(body, path).not.toContain(SESSION_SECRET);
      for (const hash of hashes) expect(body, path).not.toContain(hash);
    }
  });
});

describe('secon-bot web (CLI)', () => {
  it('hash-password reads the password from standard input (never argv) and prints a hash that verifies', async () => {
    const result = await runCliWithInput(['web', 'hash-password'], `${PASSWORD}\n`);
    expect(result.code).toBe(0);
    const hash = result.stdout.trim();
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    const short = await runCliWithInput(['web', 'hash-password'], 'short\n');
    expect(short.code).toBe(2);
  });

  it('refuses a --port browsers will not open (a Fetch "bad port"), exit 2 (web.port: load-config.test.ts)', async () => {
    const flag = await runCli(['web', '--port', '6000'], { env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--port 6000: browsers and fetch() refuse to connect to port 6000');
  });

  it('refuses to start without a session secret, naming the variable (exit 2)', async () => {
    const result = await runCli(['web', '--port', '0'], {
      env: { SECON_WEB_SESSION_SECRET: '', REDIS_URL: 'redis://127.0.0.1:1' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SECON_WEB_SESSION_SECRET is not set');
  });
});
