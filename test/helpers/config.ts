import { type Config, configSchema } from '../../src/config/config-schema.ts';

/** A small valid configuration for news tests; `ingest` overrides the fetch limits. */
export function newsTestConfig(ingest: Partial<Config['ingest']> = {}): Config {
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
