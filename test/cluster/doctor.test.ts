import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { readRedisServerInfo } from '../../src/redis/redis-server-info.ts';
import { runCli } from '../helpers/cli.ts';
import { testRedisClient, testRedisUrl } from '../helpers/redis.ts';
import { type SandboxWorld, startSandboxWorld } from '../helpers/sandbox-world.ts';

/** `secon-bot doctor` on the Redis Cluster: a real child process, REDIS_URL listing the three nodes. */
let w: SandboxWorld;
let configFile: string;
beforeAll(async () => {
  w = await startSandboxWorld();
  configFile = join(mkdtempSync(join(tmpdir(), 'secon-doctor-cluster-')), 'secon-bot.yaml');
  writeFileSync(configFile, stringify(w.config));
});
afterAll(async () => {
  await w.sandboxes.stop();
});

test('doctor passes on the cluster and names the master that holds the project', async () => {
  const result = await runCli(['--config', configFile, 'doctor', '--json'], {
    env: { REDIS_URL: testRedisUrl(), ...w.env },
  });
  expect(result.code).toBe(0);
  const report = JSON.parse(result.stdout) as {
    ok: boolean;
    checks: Array<{
      name: string;
      ok: boolean;
      detail: string;
      data?: { cluster?: { masters: number; node: string } };
    }>;
  };
  expect(report.ok).toBe(true);
  const redis = report.checks.find((c) => c.name === 'redis')!;
  expect(redis.detail).toMatch(/a Redis Cluster of 3 masters \(the project's keys on 127\.0\.0\.1:\d+\)/);
  // The node doctor names is the one that owns the project's slot.
  const client = testRedisClient();
  try {
    const info = await readRedisServerInfo(client, redisKeys(w.config.redis.keyPrefix).durableClaim);
    expect(redis.data?.cluster).toEqual({ masters: 3, node: info.cluster!.node });
  } finally {
    client.disconnect();
  }
  expect(report.checks.find((c) => c.name === 'durable claims')?.ok).toBe(true);
}, 60_000);
