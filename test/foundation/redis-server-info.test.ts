import { describe, expect, it } from 'vitest';
import {
  type RedisServerInfo,
  undurableReason,
  unfsyncedClaimReason,
  unfsyncedClaimWarning,
} from '../../src/redis/redis-server-info.ts';

function info(overrides: Partial<RedisServerInfo>): RedisServerInfo {
  return {
    server: 'valkey',
    version: '8.0.1',
    redisVersion: '7.2.4',
    runId: 'r',
    uptimeSeconds: 1,
    appendonly: true,
    appendfsync: 'everysec',
    maxmemoryPolicy: 'noeviction',
    ...overrides,
  };
}

describe('whether a confirmed claim survives a power cut', () => {
  it('Valkey and Redis before 8.0 under everysec (or an unknown setting) confirm before the fsync', () => {
    expect(unfsyncedClaimReason(info({}))).toMatch(
      /^Valkey 8\.0\.1 with appendfsync everysec confirms .*before it is fsynced.*power cut/,
    );
    expect(unfsyncedClaimReason(info({ server: 'redis', version: '7.4.2', redisVersion: '7.4.2' }))).toMatch(
      /^Redis 7\.4\.2/,
    );
    expect(unfsyncedClaimReason(info({ server: 'redis', version: '7.2.5', redisVersion: '7.2.5' }))).toBeDefined();
    expect(unfsyncedClaimReason(info({ appendfsync: undefined }))).toMatch(/appendfsync is unknown \(CONFIG refused\)/);
    // What doctor, the worker and the health page say: the reason, then the way out.
    expect(unfsyncedClaimWarning(info({}))).toBe(
      `${unfsyncedClaimReason(info({}))}. For power cuts too: set \`appendfsync always\` (every write fsynced before the server answers), or run Redis 8.0 or later`,
    );
  });

  it('appendfsync always, or Redis 8.0 and later, confirm fsynced writes; a server without durable claims is not asked', () => {
    expect(unfsyncedClaimReason(info({ appendfsync: 'always' }))).toBeUndefined();
    expect(unfsyncedClaimReason(info({ server: 'redis', version: '8.0.2', redisVersion: '8.0.2' }))).toBeUndefined();
    expect(unfsyncedClaimReason(info({ server: 'redis', version: '10.1.0', redisVersion: '10.1.0' }))).toBeUndefined();
    const off = info({ appendonly: false });
    expect(undurableReason(off)).toBeDefined();
    expect(unfsyncedClaimReason(off)).toBeUndefined();
    expect(unfsyncedClaimWarning(info({ appendfsync: 'always' }))).toBeUndefined();
  });
});
