import { type App, createApp } from '../app/create-app.ts';
import type { Config } from '../src/config/config-schema.ts';
import { readSecret } from '../src/config/secrets.ts';
import { InputError } from '../src/input-error.ts';
import type { Logger } from '../src/logger.ts';
import { connectRedis } from '../src/redis/connect-redis.ts';
import { createWebServer, type WebServerOptions } from './web-server.ts';

/** Shortest session secret accepted: 32 characters (about 190 bits from `openssl rand -base64 32`). */
export const MIN_SESSION_SECRET_LENGTH = 32;

/** Options of {@link startDesk}. */
export interface StartDeskOptions {
  config: Config;
  redisUrl: string;
  logger: Logger;
  /** Default: read from the variable `web.sessionSecretEnv` names (or its `_FILE`). */
  sessionSecret?: string;
  /** Default `web.host`. */
  host?: string;
  /** Default `web.port`; 0 picks a free port. */
  port?: number;
  /** Credentials and the session secret are read from here. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Test hooks (clock, credentials check). */
  server?: Pick<WebServerOptions, 'checkChannel' | 'now'>;
}

/** A running review desk. */
export interface RunningDesk {
  url: string;
  /** The app it serves (the demo and the tests look at the same log). */
  app: App;
  stop(): Promise<void>;
}

/** The session secret from the environment, or a clear error saying how to make one. */
export function sessionSecretFrom(config: Config, env: NodeJS.ProcessEnv = process.env): string {
  const name = config.web.sessionSecretEnv;
  const secret = readSecret(name, env);
  if (!secret || secret.length < MIN_SESSION_SECRET_LENGTH) {
    throw new InputError(
      `${name} ${secret ? `is shorter than ${MIN_SESSION_SECRET_LENGTH} characters` : 'is not set'}: the review ` +
        `desk signs its session cookies with it. Set it in the environment (or ${name}_FILE to a file holding it), ` +
        `e.g. ${name}=$(openssl rand -base64 48)`,
    );
  }
  return secret;
}

/** Nobody could log in: no users, and no trusted proxy header. */
export function checkUsers(config: Config): void {
  const canLogIn = config.web.users.some((u) => u.passwordHash) || (config.web.proxyAuth && config.web.users.length);
  if (!canLogIn)
    throw new InputError(
      'web.users: no user can log in; add one to the configuration with a hash from `secon-bot web ' +
        'hash-password` (see README, "The review desk")',
    );
}

/** Connects to Redis, builds the app as the CLI does, and serves the desk. */
export async function startDesk(options: StartDeskOptions): Promise<RunningDesk> {
  const { config, logger } = options;
  const sessionSecret = options.sessionSecret ?? sessionSecretFrom(config, options.env);
  checkUsers(config);
  const redis = await connectRedis(options.redisUrl, undefined, { cluster: config.redis.cluster ?? false });
  redis.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis connection error (reconnecting)'));
  const app = createApp({ config, redis, logger, ...(options.env ? { env: options.env } : {}) });
  const host = options.host ?? config.web.host;
  let server: Awaited<ReturnType<typeof createWebServer>> | undefined;
  try {
    server = await createWebServer({ app, logger, sessionSecret, ...options.server });
    await server.listen({ host, port: options.port ?? config.web.port });
  } catch (error) {
    // The open Redis connection (and the server's, if any) would keep the process running after the
    // error: a port in use left the command printing it and then waiting forever.
    await server?.close();
    await app.close();
    redis.disconnect();
    throw error;
  }
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.web.port;
  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shown}:${port}`,
    app,
    stop: async () => {
      await server.close();
      await app.close();
      redis.disconnect();
    },
  };
}
