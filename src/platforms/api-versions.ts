import { DateTime } from 'luxon';
import type { Config } from '../config/config-schema.ts';
import { counted } from '../counted.ts';

/** How old a configured platform API version is, and whether it is time to move on. */
export interface ApiVersionAge {
  platform: 'linkedin' | 'facebook';
  version: string;
  /** The configuration setting that holds it. */
  setting: string;
  /** Whole months since the version came out; absent when not known. */
  months?: number;
  /** When the platform stops serving it, if known ("2027-11"). */
  retiresAround?: string;
  /** Time to test and configure a newer version. */
  warn: boolean;
  note: string;
}

const LINKEDIN_SETTING = 'platforms.linkedin.version';
const GRAPH_SETTING = 'platforms.facebook.graphVersion';
/** LinkedIn serves each monthly version (`LinkedIn-Version: YYYYMM`) for about a year. */
const LINKEDIN_VERSION_MONTHS = 12;
/** Warn this many months before LinkedIn retires a version. */
const LINKEDIN_WARN_MONTHS = 9;
/** Graph API versions whose release we know (platform contracts); Meta serves each for about two years. */
const GRAPH_RELEASES: Readonly<Record<string, string>> = { 'v26.0': '2026-07-29' };
const GRAPH_VERSION_MONTHS = 24;

/** The age of the configured `LinkedIn-Version`. */
export function linkedinVersionAge(version: string, now: Date): ApiVersionAge {
  const released = DateTime.fromFormat(version, 'yyyyMM', { zone: 'UTC' });
  if (!released.isValid)
    return { platform: 'linkedin', version, setting: LINKEDIN_SETTING, warn: true, note: 'not a YYYYMM version' };
  const months = Math.floor(DateTime.fromJSDate(now, { zone: 'UTC' }).diff(released, 'months').months);
  const retires = released.plus({ months: LINKEDIN_VERSION_MONTHS });
  return {
    platform: 'linkedin',
    version,
    setting: LINKEDIN_SETTING,
    months,
    retiresAround: retires.toFormat('yyyy-MM'),
    warn: months >= LINKEDIN_WARN_MONTHS,
    note:
      months >= LINKEDIN_VERSION_MONTHS
        ? 'LinkedIn has probably retired this version (it answers 426): configure a newer one'
        : months >= LINKEDIN_WARN_MONTHS
          ? 'LinkedIn retires it within months: test a newer version'
          : 'current',
  };
}

/** The age of the configured Graph API version, when its release is known. */
export function graphVersionAge(version: string, now: Date): ApiVersionAge {
  const known = GRAPH_RELEASES[version];
  if (!known)
    return {
      platform: 'facebook',
      version,
      setting: GRAPH_SETTING,
      warn: false,
      note: 'release date not known here; Meta serves each version for about two years',
    };
  const released = DateTime.fromISO(known, { zone: 'UTC' });
  const months = Math.floor(DateTime.fromJSDate(now, { zone: 'UTC' }).diff(released, 'months').months);
  return {
    platform: 'facebook',
    version,
    setting: GRAPH_SETTING,
    months,
    retiresAround: released.plus({ months: GRAPH_VERSION_MONTHS }).toFormat('yyyy-MM'),
    warn: months >= GRAPH_VERSION_MONTHS - 6,
    note: months >= GRAPH_VERSION_MONTHS - 6 ? 'Meta retires it within months: test a newer version' : 'current',
  };
}

/** The ages of the API versions of the platforms an enabled channel publishes on (X has none). */
export function versionsInUse(config: Config, now: Date): ApiVersionAge[] {
  const used = new Set(config.channels.filter((c) => c.enabled).map((c) => c.platform));
  return [
    ...(used.has('linkedin') ? [linkedinVersionAge(config.platforms.linkedin.version, now)] : []),
    ...(used.has('facebook') ? [graphVersionAge(config.platforms.facebook.graphVersion, now)] : []),
  ];
}

/** "10 months old, retired around 2027-02", or '' when the version's release is not known. */
export function describeAge(age: ApiVersionAge): string {
  return age.months === undefined
    ? ''
    : `${counted(age.months, 'month', 'months')} old, retired around ${age.retiresAround}`;
}
