import { randomBytes } from 'node:crypto';
import type { Config } from '../../src/config/config-schema.ts';
import { createLogger } from '../../src/logger.ts';
import { hashPassword } from '../../web/auth/password-hash.ts';
import { type RunningDesk, startDesk } from '../../web/start-desk.ts';

/** The review desk of a demo run: one admin user with a password made up for the run. */
export interface DemoDesk extends RunningDesk {
  user: string;
  password: string;
}

/**
 * Serves the review desk for the demo on `port` (a free port when that one is taken). The user and
 * the session secret exist only for this run and only in this process: nothing is written to a
 * configuration file, and no real deployment ever has them.
 */
export async function startDemoDesk(options: {
  config: Config;
  redisUrl: string;
  env: NodeJS.ProcessEnv;
  port: number;
}): Promise<DemoDesk> {
  const user = 'demo';
  const password = randomBytes(9).toString('base64url');
  const config: Config = {
    ...options.config,
    web: {
      ...options.config.web,
      host: '127.0.0.1',
      users: [{ name: user, role: 'admin', passwordHash: await hashPassword(password) }],
    },
  };
  const logger = createLogger({ destination: process.stderr, pretty: false, level: process.env.LOG_LEVEL ?? 'error' });
  const start = (port: number) =>
    startDesk({
      config,
      redisUrl: options.redisUrl,
      env: options.env,
      logger,
      port,
      sessionSecret: randomBytes(32).toString('base64url'),
    });
  let desk: RunningDesk;
  try {
    desk = await start(options.port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    desk = await start(0);
  }
  return { ...desk, user, password };
}
