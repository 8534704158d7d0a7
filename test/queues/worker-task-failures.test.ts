import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { FetchError } from '../../src/net/fetch-error.ts';
import { type Fleet, type LogLine, startFleet } from '../helpers/fleet.ts';
import { startPrivateWorker } from '../helpers/private-redis.ts';
import { waitFor } from '../helpers/world.ts';

/**
 * A periodic task that fails: an expected failure with a name (a fetch that failed, Redis refusing a
 * command, a template error…) is one readable line with its reason, for an operator; a stack trace
 * at error level only for what nobody expected (a bug).
 */

let fleet: Fleet | undefined;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fleet of one whose feed task, every second, fails with `error`. */
async function failingFeedTask(error: () => Error): Promise<LogLine[]> {
  fleet = await startFleet({
    instances: 1,
    configExtra: `
feeds:
  - id: partner-news
    url: https://www.interregeurope.eu/secon/news.rss
    schedule: "* * * * * *"
`,
    runtime: {
      pollFeed: async () => {
        throw error();
      },
    },
  });
  const lines = fleet.logs[0]!;
  await waitFor(
    () => lines.some((l) => /periodic task feed:partner-news/.test(l.msg) && l.level >= 40),
    5000,
    'a failed tick',
  );
  return lines.filter((l) => /periodic task feed:partner-news/.test(l.msg) && l.level >= 40);
}

describe('a periodic task that fails', () => {
  it('an expected, named failure is one warning line with the reason, no stack trace', async () => {
    const [line] = await failingFeedTask(
      () => new FetchError('network', 'https://www.interregeurope.eu/secon/news.rss', 'ECONNREFUSED'),
    );
    expect(line!.level).toBe(40);
    expect(line!.msg).toBe(
      'periodic task feed:partner-news failed: https://www.interregeurope.eu/secon/news.rss: ECONNREFUSED ' +
        '(FetchError); it runs again at its next tick',
    );
    expect(JSON.stringify(line)).not.toMatch(/"stack"|\n\s+at /);
  }, 20_000);

  it('an unexpected error keeps its stack trace, at error level', async () => {
    const [line] = await failingFeedTask(() => new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(line!.level).toBe(50);
    expect((line!.err as { stack: string }).stack).toMatch(/TypeError: Cannot read properties[\s\S]*\n\s+at /);
  }, 20_000);

  it("Redis refusing a command (out of memory) is said in one line, with Redis's reason", async () => {
    const { server, lines } = await startPrivateWorker(cleanups, 'oom', { sweepSchedule: '* * * * * *' });
    const admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
    cleanups.push(() => admin.disconnect());
    await admin.config('SET', 'maxmemory', '1');
    cleanups.push(() => admin.config('SET', 'maxmemory', '0'));
    const line = await waitFor(
      () => lines.find((l) => /^periodic task sweep failed/.test(l.msg)),
      5000,
      'a failed sweep tick',
    );
    expect(line.level).toBe(40);
    expect(line.msg).toMatch(/^periodic task sweep failed: OOM command not allowed .* \(ReplyError\); it runs again/);
    expect(line.err).toBeUndefined();
  }, 20_000);
});
