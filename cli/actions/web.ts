import type { Command } from 'commander';
import { InputError } from '../../src/input-error.ts';
import { blockedPortReason } from '../../src/net/fetch-blocked-ports.ts';
import { type ListenContext, listenError } from '../../src/net/listen-error.ts';
import { redisUrl, safeRedisUrl } from '../../src/redis/connect-redis.ts';
import { startDesk } from '../../web/start-desk.ts';
import { configFor, loggerFor } from '../cli-context.ts';

interface WebFlags {
  host?: string;
  port?: string;
}

/** The review desk, for a listen that fails. */
const DESK_LISTENS: ListenContext = {
  what: 'the review desk',
  otherPort: 'choose another port with --port or web.port',
  otherHost: '--host or web.host',
};

/** `secon-bot web`: serves the review desk until SIGINT/SIGTERM. */
export async function run(flags: WebFlags, command: Command): Promise<void> {
  const { config } = configFor(command);
  const port = flags.port === undefined ? undefined : Number(flags.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
    throw new InputError(`--port: "${flags.port}" is not a port number (0-65535)`);
  // The desk would start, and no browser would open it.
  const blocked = port === undefined ? undefined : blockedPortReason(port);
  if (blocked) throw new InputError(`--port ${port}: ${blocked}; choose another, e.g. 8080`);
  const logger = await loggerFor(command, 'stdout');
  const url = redisUrl();
  const desk = await startDesk({
    config,
    redisUrl: url,
    logger,
    ...(flags.host ? { host: flags.host } : {}),
    ...(port !== undefined ? { port } : {}),
  }).catch((error: unknown) => {
    throw listenError(error, DESK_LISTENS);
  });
  process.stdout.write(
    `review desk at ${desk.url}/ (Redis ${safeRedisUrl(url)}, key prefix "${config.redis.keyPrefix}"); Ctrl-C to ` +
      `stop\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await desk.stop();
}
