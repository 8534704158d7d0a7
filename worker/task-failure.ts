import { ReplyError } from 'ioredis';
import { scrubSecrets } from '../src/config/secrets.ts';
import { InputError } from '../src/input-error.ts';
import { FetchError } from '../src/net/fetch-error.ts';
import { Utf8Error } from '../src/net/utf8-error.ts';
import { FeedFormatError } from '../src/news/feed-format-error.ts';
import { PlatformError } from '../src/platforms/platform-error.ts';
import { LeaseLostError } from '../src/publishing/lease-lost-error.ts';
import { isConnectionError } from '../src/redis/redis-outage-log.ts';
import { RedisUnavailableError } from '../src/redis/redis-unavailable-error.ts';
import { TemplateError } from '../src/templates/template-error.ts';

/**
 * Failures a periodic task can meet in normal operation, each with a message that says what and
 * why: a fetch or a feed that failed, bad configuration or input, a platform's answer, a template,
 * a lost lease, Redis unreachable or refusing a command (out of memory, a read-only replica).
 */
const EXPECTED: ReadonlyArray<abstract new (...args: never[]) => Error> = [
  FetchError,
  FeedFormatError,
  Utf8Error,
  InputError,
  PlatformError,
  TemplateError,
  LeaseLostError,
  RedisUnavailableError,
  ReplyError,
];

/**
 * The one line an operator reads about a periodic task's expected failure ("<message> (<name>)"),
 * or undefined when the failure was not expected (a bug): that one is logged with its stack trace.
 */
export function expectedFailureReason(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (!EXPECTED.some((type) => error instanceof type) && !isConnectionError(error)) return undefined;
  // One line: a multi-line message (a template's excerpt) would break the log line apart.
  return scrubSecrets(`${error.message.replace(/\s*\n\s*/g, ' ')} (${error.name})`);
}
