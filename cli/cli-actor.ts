import { userInfo } from 'node:os';
import { InputError } from '../src/input-error.ts';

/** Names a person may give for the log (SECON_BOT_ACTOR): letters, digits and . _ @ - ; at most 64. */
const ACTOR_NAME = /^[\p{L}\p{N}._@-]{1,64}$/u;

/** The environment variable that names the person behind a shared account. */
export const ACTOR_ENV = 'SECON_BOT_ACTOR';

/**
 * The actor the CLI's changes are logged with: `cli:<who>`. Who is SECON_BOT_ACTOR when set (the
 * bot often runs under one shared account: `docker compose exec`, a service user), else the
 * operating-system user running the command. The log then says who approved or cancelled a post,
 * as the desk's `web:<user>` does, not only which command did it.
 */
export function cliActor(env: NodeJS.ProcessEnv = process.env): string {
  const given = env[ACTOR_ENV]?.trim();
  if (given) {
    if (!ACTOR_NAME.test(given))
      throw new InputError(
        `${ACTOR_ENV}: "${given}" is not a name the log can show; expected letters, digits and . _ @ - (at most 64), e.g. maria.k`,
      );
    return `cli:${given}`;
  }
  return `cli:${osUser(env)}`;
}

/** The operating-system user; a container's uid may have no account, then USER or the uid. */
function osUser(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER || env.LOGNAME || `uid-${process.getuid?.() ?? 'unknown'}`;
  }
}
