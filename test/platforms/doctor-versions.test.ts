import { describe, expect, it } from 'vitest';
import { versionChecks } from '../../cli/actions/doctor.ts';
import { shippedConfig } from '../helpers/config.ts';

describe('doctor: the API versions of the platforms in use', () => {
  const config = shippedConfig();
  const withLinkedin = (version: string) => ({
    ...config,
    platforms: { ...config.platforms, linkedin: { ...config.platforms.linkedin, version } },
  });

  it("says each version's age and when it is retired; no warning while it is current", () => {
    const checks = versionChecks(withLinkedin('202611'), new Date('2026-12-06T12:00:00Z'));
    const linkedin = checks.find((c) => c.name === 'linkedin API version')!;
    expect(linkedin).toMatchObject({
      ok: true,
      detail: 'platforms.linkedin.version: 202611 (1 month old, retired around 2027-11)',
    });
    expect(linkedin.warning).toBeUndefined();
    expect(checks.map((c) => c.name)).toEqual(['linkedin API version', 'facebook API version']);
  });

  it('warns months before LinkedIn retires the version, and once it is past its year, naming the setting', () => {
    const soon = versionChecks(withLinkedin('202611'), new Date('2027-09-01T00:00:00Z'))[0]!;
    expect(soon.ok).toBe(true);
    expect(soon.warning).toBe('LinkedIn retires it within months: test a newer version (platforms.linkedin.version)');
    const past = versionChecks(withLinkedin('202511'), new Date('2026-12-06T00:00:00Z'))[0]!;
    expect(past.warning).toMatch(/^LinkedIn has probably retired this version \(it answers 426\)/);
  });

  it('leaves out a platform no enabled channel publishes on', () => {
    const noLinkedin = {
      ...config,
      channels: config.channels.map((c) => (c.platform === 'linkedin' ? { ...c, enabled: false } : c)),
    };
    expect(versionChecks(noLinkedin, new Date()).map((c) => c.name)).toEqual(['facebook API version']);
  });
});
