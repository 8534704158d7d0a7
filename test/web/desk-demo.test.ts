import { describe, expect, it } from 'vitest';
import { runDemo } from '../../dev/demo/demo-runner.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { deletePrefix, testRedis, testRedisUrl, uniquePrefix } from '../helpers/redis.ts';

describe('the demo serves the review desk', () => {
  it('prints its address and a demo password that logs in while the demo runs', async () => {
    const prefix = uniquePrefix('demodesk');
    const config = { ...loadConfig('secon-bot.yaml'), redis: { keyPrefix: prefix } };
    let visit: Promise<{ login: number; calendar: number; published: boolean }> | undefined;
    const result = await runDemo({
      config,
      redisUrl: testRedisUrl(),
      stepSeconds: 1,
      timeoutMs: 60_000,
      deskPort: 0,
      out: (line) => {
        const match = /^review desk (http:\/\/127\.0\.0\.1:\d+)\/\s+user "(\w+)", password "([\w-]+)"/.exec(line);
        if (match) visit = logIn(match[1]!, match[2]!, match[3]!);
      },
    });
    expect(result.unsettled).toEqual([]);
    expect(result.deskUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const seen = await visit!;
    expect(seen.login).toBe(303);
    expect(seen.calendar).toBe(200);
    expect(seen.published).toBe(true);
    // Stopped with the demo.
    await expect(fetch(`${result.deskUrl}/login`)).rejects.toThrow();
    const redis = testRedis();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  }, 90_000);
});

/**
 * Logs in as a browser would (token from the form, session cookie), then waits for a published post on the calendar.
 */
async function logIn(url: string, user: string, password: string) {
  const form = await fetch(`${url}/login`);
  const cookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const login = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: url },
    body: new URLSearchParams({ _csrf: token, user, password }).toString(),
  });
  const session = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  let calendar = 0;
  let published = false;
  for (let i = 0; i < 60 && !published; i++) {
    const page = await fetch(`${url}/calendar`, { headers: { cookie: session } });
    calendar = page.status;
    published = (await page.text()).includes('state-published');
    if (!published) await new Promise((r) => setTimeout(r, 500));
  }
  return { login: login.status, calendar, published };
}
