import type { ChannelConfig, Config } from '../config/config-schema.ts';
import { SANDBOX_ENV } from '../config/sandbox-overlay.ts';
import { scrubSecrets } from '../config/secrets.ts';
import { withTimeout } from '../net/with-timeout.ts';
import { createAdapter } from '../platforms/adapter-registry.ts';
import { CredentialsError } from '../platforms/credentials-error.ts';
import type { CredentialCheck } from '../platforms/platform-adapter.ts';

/** One line of the doctor's report. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** What to do about a failure. */
  fix?: string;
  /** A check that passed with a risk a person should know of: what it is and what removes it. */
  warning?: string;
  /** What was found, for scripts (`--json`): e.g. the Redis version and settings. */
  data?: Record<string, unknown>;
}

/** How long one credentials check may take before it counts as unreachable. */
const CHECK_TIMEOUT_MS = 15_000;

/** Options of {@link checkChannel}. */
export interface ChannelCheckOptions {
  /** Where the credential variables are read. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * The sandbox URL the platforms were pointed at (`--sandbox`, SECON_BOT_SANDBOX), if any: then
   * an unreachable platform is a sandbox not running, not the network or a baseUrl in the file.
   */
  sandbox?: string;
}

/** What to do when a platform cannot be reached: start the sandbox, or look at the network and the base URL. */
function unreachableFix(channel: ChannelConfig, config: Config, sandbox: string | undefined): string {
  if (sandbox) return `is \`secon-bot sandbox\` running at ${sandbox}? (${SANDBOX_ENV} / --sandbox)`;
  const base = config.platforms[channel.platform].baseUrl;
  return (
    `cannot reach ${channel.platform}${base ? ` at ${base}` : ''}: check the network or platforms.` +
    `${channel.platform}.baseUrl`
  );
}

/**
 * One channel's credentials, checked with the platform's read-only call (`doctor`, the review
 * desk's health page): what was found and, on failure, what to do. Messages are scrubbed of secrets.
 */
export async function checkChannel(
  channel: ChannelConfig,
  config: Config,
  options: ChannelCheckOptions = {},
): Promise<DoctorCheck> {
  const env = options.env ?? process.env;
  const name = `channel ${channel.id}`;
  const variables = Object.values(channel.credentials);
  if (!channel.enabled) return { name, ok: true, detail: `${channel.platform}, disabled: not checked` };
  let result: CredentialCheck;
  try {
    const adapter = createAdapter(channel, config, env);
    result = await withTimeout(adapter.checkCredentials(), CHECK_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof CredentialsError && error.variables.length) {
      // Said once: the detail names what is missing, the fix how to set it (the error's own message
      // says both, and beside the check's name it read "channel x: channel x: … not set (or set …)").
      const plural = error.variables.length > 1;
      return {
        name,
        ok: false,
        detail: `${channel.platform} credential${plural ? 's' : ''} not set: ${error.variables.join(', ')}`,
        fix:
          `set ${error.variables.join(', ')} in the environment (or ` +
          `${error.variables.map((v) => `${v}_FILE`).join(', ')} to a file holding ${plural ? 'each' : 'it'}); ` +
          'to try secon-bot without credentials: `secon-bot sandbox`, then --sandbox <its URL>',
      };
    }
    return {
      name,
      ok: false,
      detail: scrubSecrets((error as Error).message),
      fix: `check channel ${channel.id} in the configuration`,
    };
  }
  if (result.ok)
    return { name, ok: true, detail: `${channel.platform} credentials work: ${result.identity ?? 'authenticated'}` };
  const detail = `${channel.platform}: ${result.message ?? 'credentials refused'}`;
  if (result.kind === 'auth') {
    return {
      name,
      ok: false,
      detail,
      fix:
        `the platform refused the credentials of channel ${channel.id}: put a valid value in ` +
        `${variables.join(', ')}`,
    };
  }
  if (result.kind === 'transient' || result.kind === 'unknown-outcome')
    return { name, ok: false, detail, fix: unreachableFix(channel, config, options.sandbox) };
  if (result.kind === 'rate-limited')
    return { name, ok: false, detail, fix: 'the platform is rate limiting this account; try again later' };
  return {
    name,
    ok: false,
    detail,
    fix:
      `check channel ${channel.id} (account "${channel.account}") and the platforms.${channel.platform} settings ` +
      `(API version); the credentials in ${variables.join(', ')} may lack a permission`,
  };
}
