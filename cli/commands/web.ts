import type { Command } from 'commander';
import { examples, lazy } from '../command-kit.ts';

/** `secon-bot web` (serve the review desk) and `secon-bot web hash-password`. */
export function registerWebCommands(program: Command): void {
  const web = examples(
    program
      .command('web')
      .description('Serve the review desk in a browser for the users in the configuration (web.users).')
      .option('--host <address>', 'interface to listen on (default: web.host, 127.0.0.1)')
      .option('--port <port>', 'port (default: web.port, 8080)'),
    ['secon-bot web', 'secon-bot web --port 8081'],
    'Calendar, posts, approvals, news upload, history, report and health. Binds 127.0.0.1:8080 by default; ' +
      'put a reverse proxy with HTTPS in front to reach it from elsewhere (README, "The review desk").\n\n' +
      'Environment:\n  SECON_WEB_SESSION_SECRET   signs the session cookies (32+ characters; or ' +
      'SECON_WEB_SESSION_SECRET_FILE); the variable name is web.sessionSecretEnv\n\n' +
      'First user: `secon-bot web hash-password` asks for the password and prints the hash for web.users.',
  ).action(lazy(() => import('../actions/web.ts')));

  examples(
    web
      .command('hash-password')
      .description('Print the scrypt hash of a password (asked twice, not shown, or one line from stdin).'),
    ['secon-bot web hash-password', 'printf "%s\\n" "$PASSWORD" | secon-bot web hash-password'],
    'Paste the hash into web.users[].passwordHash; the password itself is never stored.',
  ).action(lazy(() => import('../actions/web-hash-password.ts')));
}
