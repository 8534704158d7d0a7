import { afterEach, describe, expect, it } from 'vitest';
import { type Fleet, startFleet } from '../helpers/fleet.ts';

/**
 * A channel whose credentials are not set is said at start-up, naming the variables (never a
 * value): before, the worker started without a word and the mistake showed only when a post fell
 * due. It still starts, for the other channels' posts. The daily credentials check also alerts of
 * a platform API version near or past retirement (src/alerts/retiring-version-alerts.ts).
 */
let fleet: Fleet | undefined;
afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
});

describe('worker start-up with missing channel credentials', () => {
  it('warns once per enabled channel with missing credentials, naming the variables, and starts', async () => {
    const base = await startFleet({ instances: 1 });
    const { config, env } = base;
    await base.stop();
    const linkedin = config.channels.find((c) => c.platform === 'linkedin' && c.enabled)!;
    const missing = Object.values(linkedin.credentials);
    const without = Object.fromEntries(Object.entries(env).filter(([name]) => !missing.includes(name)));
    fleet = await startFleet({ instances: 1, runtime: { env: without } });
    const lines = fleet.logs[0]!;
    const warnings = lines.filter((l) => l.level === 40 && l.channel !== undefined && /credential|not set/.test(l.msg));
    expect(warnings.map((l) => l.channel)).toEqual([linkedin.id]);
    expect(warnings[0]!.variables).toEqual(missing);
    for (const variable of missing) expect(warnings[0]!.msg).toContain(variable);
    // Names, never values.
    for (const variable of missing) expect(JSON.stringify(lines)).not.toContain(env[variable]!);
    expect(lines.some((l) => l.msg === 'worker started')).toBe(true);
    expect(fleet.runtimes[0]!.running).toBe(true);
  });
});

describe('the daily credentials check and retiring API versions', () => {
  it('two workers checking credentials at once raise one api-version-retiring alert for a retired LinkedIn version', async () => {
    // 202401 was retired in early 2025, whenever this runs.
    fleet = await startFleet({ instances: 2, configExtra: 'platforms:\n  linkedin:\n    version: "202401"\n' });
    await Promise.all(fleet.runtimes.map((runtime) => runtime.checkCredentials()));
    await fleet.runtimes[0]!.checkCredentials();
    const versions = fleet.alerts.filter((alert) => alert.kind === 'api-version-retiring');
    expect(versions.map((alert) => alert.message)).toEqual([
      expect.stringMatching(
        /^LinkedIn API version 202401 \(\d+ months? old, retired around 2025-01\): LinkedIn has probably retired this version \(it answers 426\)/,
      ),
    ]);
  });
});
