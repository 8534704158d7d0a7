import { beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.ts';
import { RetiringVersionAlerts } from '../../src/alerts/retiring-version-alerts.ts';
import type { Config } from '../../src/config/config-schema.ts';
import type { RedisKeys } from '../../src/redis/redis-keys.ts';
import { DAY_MS } from '../../src/time-units.ts';
import { shippedConfig } from '../helpers/config.ts';
import { useTestRedis } from '../helpers/redis.ts';

const testRedis = useTestRedis('versions');
/** 202511 is past its year on this day; 202611 is current; 202602 is ten months old. */
const NOW = new Date('2026-12-06T07:00:00Z');

let keys: RedisKeys;
let alerts: Alert[];

function withLinkedin(version: string): Config {
  const config = shippedConfig();
  return { ...config, platforms: { ...config.platforms, linkedin: { ...config.platforms.linkedin, version } } };
}

const checker = (config: Config) =>
  new RetiringVersionAlerts(testRedis.redis, keys, { send: async (alert) => void alerts.push(alert) }, config);

beforeEach(() => {
  keys = testRedis.freshKeys();
  alerts = [];
});

describe('RetiringVersionAlerts (real Redis)', () => {
  it('alerts of a LinkedIn version near retirement, naming the setting; not of a current one', async () => {
    expect(await checker(withLinkedin('202611')).check(NOW)).toEqual([]);
    const sent = await checker(withLinkedin('202602')).check(NOW);
    expect(sent).toEqual([
      {
        kind: 'api-version-retiring',
        message:
          'LinkedIn API version 202602 (10 months old, retired around 2027-02): LinkedIn retires it within ' +
          'months: test a newer version (platforms.linkedin.version)',
        at: NOW.toISOString(),
      },
    ]);
    expect(alerts).toEqual(sent);
  });

  it('once a week per version, however many workers check; a newer version is alerted of afresh', async () => {
    const config = withLinkedin('202511');
    const both = await Promise.all([checker(config).check(NOW), checker(config).check(NOW)]);
    expect(both.flat().map((a) => a.message)).toEqual([
      expect.stringMatching(
        /^LinkedIn API version 202511 \(13 months old, retired around 2026-11\): LinkedIn has probably retired/,
      ),
    ]);
    expect(await checker(config).check(new Date(NOW.getTime() + DAY_MS))).toEqual([]);
    const ttl = await testRedis.redis.pttl(keys.apiVersionAlert('linkedin', '202511'));
    expect(ttl).toBeGreaterThan(7 * DAY_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(7 * DAY_MS);
    expect(await checker(withLinkedin('202602')).check(NOW)).toHaveLength(1);
    expect(alerts).toHaveLength(2);
  });

  it('says nothing of a platform no enabled channel uses', async () => {
    const config = withLinkedin('202511');
    const off = { ...config, channels: config.channels.map((c) => ({ ...c, enabled: c.platform !== 'linkedin' })) };
    expect(await checker(off).check(NOW)).toEqual([]);
  });
});
