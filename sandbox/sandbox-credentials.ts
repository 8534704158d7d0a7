import type { Config, Platform } from '../src/config/config-schema.ts';

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

/** The user the X sandbox authenticates every valid credential as. */
export const SANDBOX_X_USER = { id: '1790000000000000001', name: 'SECON Sandbox', username: 'secon_sandbox' } as const;

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
