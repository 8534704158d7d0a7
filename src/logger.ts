import pino, { type Logger, type LoggerOptions } from 'pino';
import { REDACTED, scrubSecrets } from './config/secrets.ts';

export type { Logger } from 'pino';

/** Keys whose values are credentials wherever they appear in a log object. */
export const REDACT_PATHS = [
  'token',
  'accessToken',
  'accessSecret',
  'appSecret',
  'appKey',
  'password',
  'secret',
  'authorization',
  '*.token',
  '*.accessToken',
  '*.accessSecret',
  '*.appSecret',
  '*.appKey',
  '*.password',
  '*.secret',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'credentials',
  '*.credentials',
];

/** Options for {@link createLogger}. */
export interface LogOptions {
  /** pino level. Default: `LOG_LEVEL` or `info`. */
  level?: string;
  /** Human-readable lines instead of JSON. Default: true when stdout is a terminal. */
  pretty?: boolean;
  /** Where lines go. Default: stdout. */
  destination?: NodeJS.WritableStream;
}

/**
 * JSON lines by default, readable on a terminal. Two layers keep credentials out: known secret keys
 * are redacted by path, and every line is scrubbed of every secret value the process has read.
 */
export function createLogger(options: LogOptions = {}): Logger {
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  const config: LoggerOptions = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    base: { name: 'secon-bot' },
    hooks: { streamWrite: scrubSecrets },
  };
  if (pretty && !options.destination) {
    return pino({
      ...config,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,name' },
      },
    });
  }
  return pino(config, (options.destination ?? process.stdout) as pino.DestinationStream);
}
