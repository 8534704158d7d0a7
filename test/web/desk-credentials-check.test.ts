import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxSet, sandboxConfig, sandboxEnv, startSandboxes } from '../../sandbox/index.ts';
import { uniquePrefix } from '../helpers/redis.ts';
import { DeskClient, deskConfig, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/**
 * "Check credentials now" on the Health page checks the credentials the desk was started with: the
 * demo's and `--sandbox`'s are given to the app, not put in process.env. Before, every channel
 * failed the check ("SECON_X_APP_KEY … not set") while the worker published with them.
 */
let sandboxes: SandboxSet;
let desk: TestDesk;

beforeAll(async () => {
  sandboxes = await startSandboxes();
  const config = sandboxConfig(await deskConfig(uniquePrefix('desk-check')), sandboxes.urls);
  desk = await startTestDesk({ config, env: sandboxEnv(config) });
});
afterAll(async () => {
  await desk?.close();
  await sandboxes?.stop();
});

describe('review desk: Check credentials now', () => {
  it('checks with the credentials the desk was given, not process.env', async () => {
    for (const name of Object.keys(sandboxEnv(desk.config))) expect(process.env[name], name).toBeUndefined();
    const client = new DeskClient(desk.server);
    await client.login('ada');
    const checked = await client.post('/health/check', {}, { from: '/health' });
    expect(checked.statusCode).toBe(303);
    const stored = JSON.parse((await desk.redis.get(desk.app.keys.webCredentialChecks))!) as {
      checks: Record<string, { ok: boolean; detail: string }>;
    };
    const enabled = desk.config.channels.filter((c) => c.enabled).map((c) => c.id);
    expect(Object.keys(stored.checks).sort()).toEqual([...enabled].sort());
    for (const [channel, check] of Object.entries(stored.checks))
      expect(check.ok, `${channel}: ${check.detail}`).toBe(true);
    expect((await client.get('/health')).body).toContain('Every channel passed the credentials check.');
  });
});
