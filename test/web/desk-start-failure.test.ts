import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../web/auth/password-hash.ts';
import { runCli } from '../helpers/cli.ts';
import { worldConfigYaml } from '../helpers/config.ts';
import { uniquePrefix } from '../helpers/redis.ts';
import { SESSION_SECRET } from './desk-fixtures.ts';

let dir: string;
let configFile: string;
let hopsFile: string;
let busy: Server;
let busyPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'secon-desk-start-'));
  configFile = join(dir, 'secon-bot.yaml');
  const users = `web:\n  users:\n    - { name: maria, role: admin, passwordHash: "${await hashPassword('x')}" }\n`;
  writeFileSync(configFile, worldConfigYaml(uniquePrefix('desk-start'), users));
  hopsFile = join(dir, 'hops.yaml');
  writeFileSync(
    hopsFile,
    worldConfigYaml(uniquePrefix('desk-start'), users.replace('web:\n', 'web:\n  trustProxy: 1\n')),
  );
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => busy?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A desk that cannot start must end, so a process manager (systemd, Compose) sees the failure and
 * the person sees the prompt again: it had connected to Redis first and, on the error, kept that
 * connection (and so the process) open, printing the error and then waiting forever.
 */
describe('secon-bot web: a desk that cannot start ends', () => {
  it('a port already in use: says so and exits non-zero', async () => {
    const result = await runCli(['-c', configFile, 'web', '--port', String(busyPort)], {
      env: { SECON_WEB_SESSION_SECRET: SESSION_SECRET, REDIS_URL: process.env.TEST_REDIS_URL },
      timeoutMs: 15_000,
    });
    // Which server, which address, and the option that picks another (not Node's bare EADDRINUSE).
    expect(result.stderr).toContain(
      `secon-bot: the review desk cannot listen on 127.0.0.1:${busyPort}: the port is in use`,
    );
    expect(result.stderr).toContain('choose another port with --port or web.port');
    // -1: still running when the test killed it.
    expect(result.code).toBe(2);
  });

  it('web.trustProxy as a number of hops: names the fix and exits 2', async () => {
    const result = await runCli(['-c', hopsFile, 'web', '--port', '0'], {
      env: { SECON_WEB_SESSION_SECRET: SESSION_SECRET, REDIS_URL: process.env.TEST_REDIS_URL },
      timeoutMs: 15_000,
    });
    expect(result.stderr).toContain('hops.yaml: web.trustProxy: a number of proxy hops is not trusted');
    expect(result.code).toBe(2);
  });
});
