import { InputError } from '../input-error.ts';

/**
 * A channel's credentials are missing or unusable: names the channel and the environment
 * variables to set, so the fix is obvious. An InputError, so the CLI exits with code 2.
 */
export class CredentialsError extends InputError {
  constructor(
    readonly channel: string,
    /** Environment variables to set or fix. */
    readonly variables: string[],
    reason: string,
  ) {
    super(`channel ${channel}: ${reason}`);
  }
}
