import type { Command } from 'commander';
import { InputError } from '../../src/input-error.ts';
import { localTime } from '../../src/log/history-format.ts';
import { blockedPortReason } from '../../src/net/fetch-blocked-ports.ts';
import { type ListenContext, listenError } from '../../src/net/listen-error.ts';
import { describeWorkerRoll } from '../../src/publishing/worker-roll-text.ts';
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
  // A desk started on its own, on a project no worker serves (another key prefix, a worker not yet
  // started): its plans go nowhere, and the person at the terminal is the one who can fix it.
  const now = new Date();
  const roll = await desk.app.presence.roll(now);
  if (!roll.running.length) {
    const workers = describeWorkerRoll(roll, now, (iso) => localTime(iso, config.project.timezone));
    process.stderr.write(`secon-bot: ${workers.summary}. ${workers.details.join(' ')}\n`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await desk.stop();
}
