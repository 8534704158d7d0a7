import { afterEach, describe, expect, it } from 'vitest';
import { type Fleet, startFleet } from '../helpers/fleet.ts';

/**
 * A channel whose credentials are not set is said at start-up, naming the variables (never a
 * value): before, the worker started without a word and the mistake showed only when a post fell
 * due. It still starts, for the other channels' posts.
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
