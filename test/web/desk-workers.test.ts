import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESENCE_TIMEOUT_MS } from '../../src/publishing/worker-presence.ts';
import { hashPassword } from '../../web/auth/password-hash.ts';
import { loadNewsText } from '../../web/news-check.ts';
import { runCli } from '../helpers/cli.ts';
import { worldConfigYaml } from '../helpers/config.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { DeskClient, futureNews, SESSION_SECRET, startTestDesk, type TestDesk } from './desk-fixtures.ts';

const NOW = new Date('2026-12-07T08:00:00Z');
let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk({ server: { now: () => NOW } });
});
afterAll(async () => desk?.close());

const worker = {
  id: 'worker:app-1:4242',
  host: 'app-1',
  pid: 4242,
  version: '0.2.0',
  startedAt: '2026-12-07T07:00:00Z',
};

/** The Workers section of the Health page. */
async function workersSection(client: DeskClient): Promise<string> {
  const page = (await client.get('/health')).body;
  return /<section aria-labelledby="h-workers">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
}

/**
 * Posts go out only while a worker runs. The desk showed the plan, the queues and the channels as
 * "running" with no worker at all, and a person waited for posts that never came.
 */
describe('review desk: Health says whether a worker is running', () => {
  it('none ever: says nothing is published until one starts, first on the page, to every role', async () => {
    const vic = new DeskClient(desk.server);
    await vic.login('vic');
    const page = (await vic.get('/health')).body;
    expect(page.indexOf('h-workers')).toBeLessThan(page.indexOf('h-channels'));
    const section = await workersSection(vic);
    expect(section).toContain('role="alert"');
    expect(section).toContain(
      'No worker is running: nothing is published, and posts fall behind, until one starts (ask whoever runs the bot to start its worker).',
    );
    expect(section).toContain('No worker has run on this Redis and key prefix yet.');
  });

  it('one beating: where it runs, since when and when it was last heard', async () => {
    await desk.app.presence.beat(worker, new Date(NOW.getTime() - 5_000));
    const ada = new DeskClient(desk.server);
    await ada.login('ada');
    const section = await workersSection(ada);
    expect(section).not.toContain('role="alert"');
    expect(section).toContain('1 worker running.');
    expect(section).toContain(
      'app-1, pid 4242 (secon-bot 0.2.0): started Mon, 7 Dec 2026, 09:00 EET, last heard 5 s ago',
    );
  });

  it('one not heard from for longer than the timeout: not running, and said to have ended without stopping', async () => {
    await desk.app.presence.beat(worker, new Date(NOW.getTime() - PRESENCE_TIMEOUT_MS - 1_000));
    const ada = new DeskClient(desk.server);
    await ada.login('ada');
    const section = await workersSection(ada);
    expect(section).toContain('role="alert"');
    expect(section).toMatch(
      /The last one, app-1, pid 4242 \(secon-bot 0\.2\.0\), was last heard at Mon, 7 Dec 2026, 09:59 EET and did not stop in good order/,
    );
  });

  it('Calendar and Approvals say that nothing goes out while no worker runs, and say nothing while one does', async () => {
    const { items } = await loadNewsText(desk.config, 'idle.md', futureNews('idle-desk'));
    await desk.app.intake.take(items, { actor: 'test', requireApproval: true });
    const ed = new DeskClient(desk.server);
    await ed.login('ed');
    const notice = 'No worker is running:</strong> nothing below is published until one starts.';
    // The last beat is older than the timeout (the test above): no worker runs.
    for (const page of ['/calendar', '/approvals']) expect((await ed.get(page)).body, page).toContain(notice);
    await desk.app.presence.beat(worker, NOW);
    for (const page of ['/calendar', '/approvals']) expect((await ed.get(page)).body, page).not.toContain(notice);
  });
});

describe('secon-bot web: started on a project no worker serves', () => {
  it('says so at start, on stderr, next to the address of the desk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secon-desk-workers-'));
    const prefix = uniquePrefix('desk-alone');
    try {
      const configFile = join(dir, 'secon-bot.yaml');
      const users = `web:\n  users:\n    - { name: maria, role: admin, passwordHash: "${await hashPassword('x')}" }\n`;
      writeFileSync(configFile, worldConfigYaml(prefix, users));
      // Ended by the test (SIGKILL) once it has had time to start.
      const result = await runCli(['-c', configFile, 'web', '--port', '0'], {
        env: { SECON_WEB_SESSION_SECRET: SESSION_SECRET, REDIS_URL: process.env.TEST_REDIS_URL },
        timeoutMs: 6_000,
      });
      expect(result.stdout).toMatch(/^review desk at http:\/\/127\.0\.0\.1:\d+\//m);
      expect(result.stderr).toContain(
        'secon-bot: No worker is running: nothing is published, and posts fall behind, until one starts ' +
          '(`secon-bot worker`). No worker has run on this Redis and key prefix yet.',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await deletePrefix(desk.redis, prefix);
    }
  });
});
