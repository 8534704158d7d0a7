import type { Config, Platform } from './config-schema.ts';

/**
 * Pointing the bot at the sandbox platforms without editing the configuration file. `secon-bot
 * sandbox` serves the three sandboxes under one URL, one path each; `--sandbox <url>` (or this
 * environment variable) sets every platform's base URL to that path and the credentials to the
 * ones the sandboxes accept. Nothing then reaches a real platform.
 */
export const SANDBOX_ENV = 'SECON_BOT_SANDBOX';

/** Where each platform's sandbox answers under the sandbox URL. */
export const SANDBOX_PATHS: Readonly<Record<Platform, string>> = {
  twitter: '/x',
  linkedin: '/linkedin',
  facebook: '/facebook',
};

/**
 * The only credentials the sandboxes accept, per platform and credential role. They are not
 * secrets (the sandboxes run on loopback) but are long enough to be scrubbed like real ones.
 */
export const SANDBOX_CREDENTIALS: Readonly<Record<Platform, Readonly<Record<string, string>>>> = {
  twitter: {
    appKey: 'sandbox-x-app-key',
    appSecret: 'sandbox-x-app-secret',
    accessToken: '1790000000000000001-sandboxAccessToken',
    accessSecret: 'sandbox-x-access-secret',
    bearerToken: 'sandbox-x-oauth2-user-token',
  },
  linkedin: { accessToken: 'sandbox-linkedin-access-token' },
  facebook: { pageToken: 'sandbox-facebook-page-token' },
};

/** Each platform's base URL under a sandbox URL such as http://127.0.0.1:4100. */
export function sandboxBaseUrls(url: string): Record<Platform, string> {
  const base = url.replace(/\/+$/, '');
  return {
    twitter: base + SANDBOX_PATHS.twitter,
    linkedin: base + SANDBOX_PATHS.linkedin,
    facebook: base + SANDBOX_PATHS.facebook,
  };
}

/** The configuration with every platform's `baseUrl` replaced (the file is left as it is). */
export function withBaseUrls(config: Config, urls: Record<Platform, string>): Config {
  return {
    ...config,
    platforms: {
      twitter: { ...config.platforms.twitter, baseUrl: urls.twitter },
      linkedin: { ...config.platforms.linkedin, baseUrl: urls.linkedin },
      facebook: { ...config.platforms.facebook, baseUrl: urls.facebook },
    },
  };
}

/**
 * Environment values for every credential variable the configuration names, set to what the
 * sandboxes accept: `{ ...process.env, ...sandboxEnv(config) }` points a bot at them.
 * A role the sandbox does not know gets a placeholder value (the sandbox will refuse it).
 */
export function sandboxEnv(config: Config): Record<string, string> {
  const env: Record<string, string> = {};
  for (const channel of config.channels) {
    const known = SANDBOX_CREDENTIALS[channel.platform];
    for (const [role, variable] of Object.entries(channel.credentials)) {
      env[variable] = known[role] ?? `sandbox-unknown-role-${role}`;
    }
  }
  return env;
}
