import type { ChannelConfig, Config, Platform } from '../config/config-schema.ts';
import { readCredentials } from '../config/secrets.ts';
import { InputError } from '../input-error.ts';
import type { AdapterOptions } from './base-adapter.ts';
import { CredentialsError } from './credentials-error.ts';
import { FacebookAdapter } from './facebook-adapter.ts';
import { LinkedInAdapter } from './linkedin-adapter.ts';
import type { PlatformAdapter } from './platform-adapter.ts';
import { TwitterAdapter, X_OAUTH1_ROLES, X_OAUTH2_ROLE } from './twitter-adapter.ts';

/** How one platform's adapter is built, and which credential roles it needs. */
export interface PlatformFactory {
  platform: Platform;
  /** Alternative sets of roles; one complete set is enough. */
  roleSets: ReadonlyArray<readonly string[]>;
  create(options: AdapterOptions, config: Config): PlatformAdapter;
}

/** Every platform the bot can publish to. */
export const PLATFORM_FACTORIES: readonly PlatformFactory[] = [
  {
    platform: 'twitter',
    roleSets: [X_OAUTH1_ROLES, [X_OAUTH2_ROLE]],
    create: (options) => new TwitterAdapter(options),
  },
  {
    platform: 'linkedin',
    roleSets: [['accessToken']],
    create: (options, config) => new LinkedInAdapter({ ...options, version: config.platforms.linkedin.version }),
  },
  {
    platform: 'facebook',
    roleSets: [['pageToken']],
    create: (options, config) =>
      new FacebookAdapter({ ...options, graphVersion: config.platforms.facebook.graphVersion }),
  },
];

/**
 * Builds the adapter of one channel: credentials from the environment (NAME or NAME_FILE), base
 * URL and API version from the configuration. Build it once per channel and reuse it: each adapter
 * holds a client with a keep-alive connection pool. Throws CredentialsError naming the channel and
 * the variables to set.
 */
export function createAdapter(
  channel: ChannelConfig,
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): PlatformAdapter {
  const factory = PLATFORM_FACTORIES.find((f) => f.platform === channel.platform);
  if (!factory) throw new CredentialsError(channel.id, [], `no adapter for platform ${channel.platform}`);
  const { values, missing } = readCredentials(channel.credentials, env);
  const complete = factory.roleSets.find((set) => set.every((role) => values[role]));
  if (!complete) {
    const configured = factory.roleSets.find((set) => set.every((role) => role in channel.credentials));
    if (!configured) {
      const wanted = factory.roleSets.map((set) => set.join(' + ')).join(' or ');
      throw new CredentialsError(
        channel.id,
        [],
        `credentials must name the environment variables of the roles ${wanted} (secon-bot.yaml ` +
          `channels[].credentials)`,
      );
    }
    const unset = configured.map((role) => channel.credentials[role]!).filter((variable) => missing.includes(variable));
    throw new CredentialsError(
      channel.id,
      unset,
      `${unset.length === 1 ? 'environment variable' : 'environment variables'} ${unset.join(', ')} not set (or set ${unset.map((v) => `${v}_FILE`).join(', ')} to ` +
        `a file holding the value)`,
    );
  }
  const settings = config.platforms[channel.platform];
  try {
    return factory.create(
      {
        channel,
        credentials: values,
        baseUrl: settings.baseUrl,
        images: { timeoutMs: config.ingest.timeoutMs, allowPrivateNetworks: config.ingest.allowPrivateNetworks },
      },
      config,
    );
  } catch (error) {
    throw new InputError(`channel ${channel.id}: ${(error as Error).message}`);
  }
}
