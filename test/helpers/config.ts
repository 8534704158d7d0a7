import { type ChannelConfig, type Config, configSchema, type Platform } from '../../src/config/config-schema.ts';
import { loadConfig, parseConfig } from '../../src/config/load-config.ts';

/**
 * Every configuration the tests build, in one place. Each is a small valid secon-bot.yaml for one
 * kind of test; none holds a credential (only the names of the variables that would).
 */

/** A small valid configuration for news tests; `ingest` overrides the fetch limits. */
export function newsConfig(ingest: Partial<Config['ingest']> = {}): Config {
  return configSchema.parse({
    project: { name: 'SECON', website: 'https://www.interregeurope.eu/secon', timezone: 'Europe/Athens' },
    channels: [
      {
        id: 'x-secon',
        platform: 'twitter',
        account: 'SeconProject_eu',
        languages: ['en'],
        credentials: { appKey: 'SECON_X_APP_KEY' },
      },
      {
        id: 'facebook-secon',
        platform: 'facebook',
        account: '100093083107402',
        languages: ['en', 'de', 'bg'],
        credentials: { pageToken: 'SECON_FACEBOOK_PAGE_TOKEN' },
      },
    ],
    ingest,
  });
}

/** Three channels like the shipped config: X (en), LinkedIn (en), Facebook (many languages). */
export function planningConfig(patch: (raw: Record<string, any>) => void = () => {}): Config {
  const raw: Record<string, any> = {
    project: { name: 'SECON', website: 'https://www.interregeurope.eu/secon', timezone: 'Europe/Athens' },
    channels: [
      {
        id: 'x-secon',
        platform: 'twitter',
        account: 'SeconProject_eu',
        languages: ['en'],
        credentials: { accessToken: 'SECON_X_ACCESS_TOKEN' },
        schedule: {
          slots: [
            { days: ['mon', 'tue', 'wed', 'thu', 'fri'], time: '10:00' },
            { days: ['mon', 'tue', 'wed', 'thu', 'fri'], time: '15:00' },
          ],
          minGapMinutes: 120,
        },
      },
      {
        id: 'linkedin-secon',
        platform: 'linkedin',
        account: 'urn:li:organization:93265886',
        languages: ['en'],
        credentials: { accessToken: 'SECON_LINKEDIN_TOKEN' },
        schedule: { slots: [{ days: ['tue', 'wed', 'thu'], time: '09:30' }] },
      },
      {
        id: 'facebook-secon',
        platform: 'facebook',
        account: '100093083107402',
        languages: ['en', 'de', 'bg', 'el'],
        credentials: { pageToken: 'SECON_FACEBOOK_PAGE_TOKEN' },
        schedule: { slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], time: '11:00' }], minGapMinutes: 30 },
      },
    ],
    planning: {
      schedule: { slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], time: '10:00' }], minGapMinutes: 60 },
    },
  };
  patch(raw);
  return configSchema.parse(raw);
}

/** A configuration with one channel per platform (credentials named, never given). */
export const ADAPTER_CONFIG_YAML = `
project:
  name: SECON
  website: https://www.interregeurope.eu/secon
  timezone: Europe/Athens
channels:
  - id: x-test
    platform: twitter
    account: SeconProject_eu
    languages: [en]
    credentials: { appKey: T_X_APP_KEY, appSecret: T_X_APP_SECRET, accessToken: T_X_ACCESS_TOKEN, accessSecret: T_X_ACCESS_SECRET }
  - id: x-oauth2
    platform: twitter
    account: SeconProject_eu
    languages: [en]
    credentials: { bearerToken: T_X_BEARER }
  - id: linkedin-test
    platform: linkedin
    account: urn:li:organization:93265886
    languages: [en]
    credentials: { accessToken: T_LINKEDIN_TOKEN }
  - id: facebook-test
    platform: facebook
    account: "100093083107402"
    languages: [en, de]
    credentials: { pageToken: T_FACEBOOK_TOKEN }
`;

export function adapterConfig(): Config {
  return parseConfig(ADAPTER_CONFIG_YAML, 'test-config.yaml');
}

/** The shipped configuration (secon-bot.yaml at the repository root). */
export function shippedConfig(): Config {
  return loadConfig(new URL('../../secon-bot.yaml', import.meta.url).pathname);
}

/** A channel of the shipped configuration by platform, with changes for one test. */
export function channelFor(config: Config, platform: Platform, changes: Partial<ChannelConfig> = {}): ChannelConfig {
  const channel = config.channels.find((c) => c.platform === platform);
  if (!channel) throw new Error(`the shipped configuration has no ${platform} channel`);
  return { ...channel, ...changes };
}

/** One channel per platform, fast retries; the key prefix makes every test its own world. */
export function worldConfigYaml(prefix: string, extra = ''): string {
  return `
project:
  name: SECON
  website: https://www.interregeurope.eu/secon
  timezone: Europe/Athens
redis:
  keyPrefix: ${prefix}
channels:
  - id: x-secon
    platform: twitter
    account: SeconProject_eu
    languages: [en]
    credentials: { appKey: W_X_APP_KEY, appSecret: W_X_APP_SECRET, accessToken: W_X_ACCESS_TOKEN, accessSecret: W_X_ACCESS_SECRET }
  - id: linkedin-secon
    platform: linkedin
    account: urn:li:organization:93265886
    languages: [en]
    requireApproval: true
    credentials: { accessToken: W_LINKEDIN_TOKEN }
  - id: facebook-secon
    platform: facebook
    account: "100093083107402"
    languages: [en, de]
    credentials: { pageToken: W_FACEBOOK_TOKEN }
publishing:
  attempts: 5
  backoffMs: 150
${extra}`;
}
