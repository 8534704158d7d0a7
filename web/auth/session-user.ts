import { createHash } from 'node:crypto';
import type { WebUser } from '../../src/config/config-schema.ts';
import type { DeskUser } from '../views/layout.ts';

/** What a session remembers of its login: who, and which password hash they logged in with. */
export interface SessionLogin {
  name: string;
  /** {@link passwordStamp} of the hash the password matched. */
  passwordStamp: string;
}

/**
 * A short digest of a password hash, kept in the session instead of the hash itself: a new hash
 * in the configuration (a changed password) no longer matches it, and the session ends.
 */
export function passwordStamp(passwordHash: string): string {
  return createHash('sha256').update(passwordHash).digest('base64url').slice(0, 16);
}

/**
 * The session's user as the configuration has them now. Sessions outlive restarts (they are in
 * Redis), so a user an administrator removed, whose password changed, or who lost the password
 * login is no one any more, and a changed role counts from the next request, not the next login.
 */
export function currentUser(users: readonly WebUser[], login: SessionLogin | undefined): DeskUser | undefined {
  if (!login) return undefined;
  const user = users.find((u) => u.name === login.name);
  if (!user?.passwordHash || passwordStamp(user.passwordHash) !== login.passwordStamp) return undefined;
  return { name: user.name, role: user.role };
}
