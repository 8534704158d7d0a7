import { afterEach, describe, expect, it } from 'vitest';
import { type Fleet, startFleet } from '../helpers/fleet.ts';

/**
 * The worker's daily credentials check also alerts of a platform API version near or past
 * retirement (src/alerts/retiring-version-alerts.ts): once a week, however many workers run.
 */

let fleet: Fleet | undefined;

afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
});

describe('worker: retiring API versions', () => {
  it('two workers checking credentials at once raise one api-version-retiring alert for a retired LinkedIn version', async () => {
    // 202401 was retired in early 2025, whenever this runs.
    fleet = await startFleet({ instances: 2, configExtra: 'platforms:\n  linkedin:\n    version: "202401"\n' });
    await Promise.all(fleet.runtimes.map((runtime) => runtime.checkCredentials()));
    await fleet.runtimes[0]!.checkCredentials();
    const versions = fleet.alerts.filter((alert) => alert.kind === 'api-version-retiring');
    expect(versions.map((alert) => alert.message)).toEqual([
      expect.stringMatching(
        /^LinkedIn API version 202401 \(\d+ months old, retired around 2025-01\): LinkedIn has probably retired this version \(it answers 426\)/,
      ),
    ]);
  });
});
