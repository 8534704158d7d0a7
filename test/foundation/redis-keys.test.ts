import calculateSlot from 'cluster-key-slot';
import { describe, expect, it } from 'vitest';
import { scrubSecrets } from '../../src/config/secrets.ts';
import { redisUrl, safeRedisUrl, splitRedisUrl, wantsCluster } from '../../src/redis/connect-redis.ts';
import { globEscape, hashTaggedPrefix, keyPattern, queueKeyPattern, redisKeys } from '../../src/redis/redis-keys.ts';

describe('the key map on a Redis Cluster', () => {
  // BullMQ's keys get the same prefix; test/cluster/cluster.test.ts finds them in the project's slot.
  it('puts every key of a project under the hash tag {<keyPrefix>}, so all share one slot', () => {
    const k = redisKeys('secon-bot');
    expect(k.prefix).toBe('{secon-bot}');
    const keys = [
      k.logStream,
      k.logRecord('a.x-secon.en.news'),
      k.logTimeline('a.x-secon.en.news'),
      k.logTexts('a.x-secon.en.news'),
      k.logIndex('channel', 'x-secon'),
      k.post('a.x-secon.en.news'),
      k.lease('a.x-secon.en.news'),
      k.channel('x-secon'),
      k.newsItem('a'),
      k.feed('f').lock,
      k.cronTick('sweep'),
      k.durableClaim,
      k.redisRun,
      k.webSession('s'),
      k.webLoginFailures('ip', '10.0.0.1'),
      k.webDraft('d'),
      k.webCredentialChecks,
    ];
    for (const key of keys) expect(key.startsWith('{secon-bot}:')).toBe(true);
    expect(new Set(keys.map((key) => calculateSlot(key))).size).toBe(1);
    // Two projects are two tags (and may land on two masters).
    expect(calculateSlot(redisKeys('other-project').logStream)).not.toBe(calculateSlot(k.logStream));
  });

  it('tags a prefix once, and builds glob patterns that match it literally', () => {
    expect(hashTaggedPrefix('{secon-bot}')).toBe('{secon-bot}');
    expect(redisKeys('{secon-bot}').logStream).toBe(redisKeys('secon-bot').logStream);
    expect(keyPattern('secon-bot')).toBe('{secon-bot}:*');
    expect(queueKeyPattern('secon-bot', 'publish-x')).toBe('{secon-bot}:publish-x:*');
    expect(globEscape('a*b?c[d]e\\f')).toBe('a\\*b\\?c\\[d\\]e\\\\f');
  });
});

describe('REDIS_URL for a cluster', () => {
  it('several comma-separated nodes mean a cluster; a bare host:port takes the first node scheme and credentials', () => {
    const url = 'rediss://user:cl-secret-pw@10.0.0.1:7000, 10.0.0.2:7001,redis://10.0.0.3:7002';
    expect(splitRedisUrl(url)).toEqual([
      'rediss://user:cl-secret-pw@10.0.0.1:7000',
      'rediss://user:cl-secret-pw@10.0.0.2:7001',
      'redis://10.0.0.3:7002',
    ]);
    expect(wantsCluster(url)).toBe(true);
    expect(wantsCluster('redis://10.0.0.1:7000')).toBe(false);
    expect(wantsCluster('redis://10.0.0.1:7000', { cluster: true })).toBe(true);
  });

  it('hides and scrubs the password of every node', () => {
    const url = 'redis://:first-node-pw@10.0.0.1:7000,redis://:second-node-pw@10.0.0.2:7001';
    expect(safeRedisUrl(url)).toBe('redis://***@10.0.0.1:7000,redis://***@10.0.0.2:7001');
    redisUrl({ REDIS_URL: url });
    expect(scrubSecrets('auth failed: first-node-pw, second-node-pw')).toBe('auth failed: [REDACTED], [REDACTED]');
  });
});
