import type { Command } from 'commander';
import { InputError } from '../../src/input-error.ts';
import { redisUrl, safeRedisUrl } from '../../src/redis/connect-redis.ts';
import { hashPassword } from '../../web/auth/password-hash.ts';
import { startDesk } from '../../web/start-desk.ts';
import { configFor, loggerFor } from '../cli-context.ts';

/** Shortest password `hash-password` accepts. */
const MIN_PASSWORD_LENGTH = 10;

interface WebFlags {
  host?: string;
  port?: string;
}

/** `secon-bot web` (serve the review desk) and `secon-bot web hash-password`. */
export function registerWeb(program: Command): void {
  const web = program
    .command('web')
    .description(
      'Serve the review desk: calendar, posts, approvals, news upload, history, report and health in a browser, for the users in the configuration (web.users). Binds 127.0.0.1:8080 by default; put a reverse proxy with HTTPS in front to reach it from elsewhere.',
    )
    .option('--host <address>', 'interface to listen on (default: web.host, 127.0.0.1)')
    .option('--port <port>', 'port (default: web.port, 8080)')
    .addHelpText(
      'after',
      '\nEnvironment:\n  SECON_WEB_SESSION_SECRET   signs the session cookies (32+ characters; or SECON_WEB_SESSION_SECRET_FILE);\n                             the variable name is web.sessionSecretEnv\n\nFirst user:\n  secon-bot web hash-password            (asks for the password; prints the hash for web.users)',
    )
    .action(async (flags: WebFlags, command: Command) => {
      const { config } = configFor(command);
      const port = flags.port === undefined ? undefined : Number(flags.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
        throw new InputError(`--port: "${flags.port}" is not a port number (0-65535)`);
      const logger = loggerFor(command, process.stdout);
      const url = redisUrl();
      const desk = await startDesk({
        config,
        redisUrl: url,
        logger,
        ...(flags.host ? { host: flags.host } : {}),
        ...(port !== undefined ? { port } : {}),
      });
      process.stdout.write(
        `review desk at ${desk.url}/ (Redis ${safeRedisUrl(url)}, key prefix "${config.redis.keyPrefix}"); Ctrl-C to stop\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await desk.stop();
    });

  web
    .command('hash-password')
    .description(
      'Ask for a password (twice, not shown; or read one line from standard input) and print its scrypt hash for web.users[].passwordHash. The password itself is never stored.',
    )
    .action(async () => {
      const password = process.stdin.isTTY ? await askTwice() : await readLine(process.stdin);
      if (password.length < MIN_PASSWORD_LENGTH)
        throw new InputError(`the password is shorter than ${MIN_PASSWORD_LENGTH} characters; choose a longer one`);
      process.stdout.write(`${await hashPassword(password)}\n`);
      process.stderr.write(
        'Add it to secon-bot.yaml:\n  web:\n    users:\n      - { name: <user>, role: admin, passwordHash: "<the hash above>" }\n',
      );
    });
}

async function askTwice(): Promise<string> {
  const first = await askHidden('Password: ');
  const second = await askHidden('Again: ');
  if (first !== second) throw new InputError('the two passwords differ; nothing was hashed');
  return first;
}

/** Reads a line from the terminal without showing it. */
function askHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new InputError('cancelled'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    input.on('data', onData);
  });
}

/** The first line of a piped input (a password manager's output, a test). */
async function readLine(input: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}
