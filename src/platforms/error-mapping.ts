import { STATUS_CODES } from 'node:http';
import { scrubSecrets } from '../config/secrets.ts';
import { type ErrorKind, PlatformError } from './platform-error.ts';

/**
 * Pure functions that map what each platform answered to one error kind, following the tables of
 * docs/platform-contracts.md. The adapters extract status, body and headers from their client
 * library's error and call these; the platform's own message is kept (scrubbed of secrets).
 */

/**
 * What an answer said besides the platform's own fields: a body that is not its JSON (a proxy's
 * page, plain text), cut short; or, when it said nothing, what its status means, so a person reads
 * "Unprocessable Entity, with no message" rather than the status number twice.
 */
export function answerText(status: number, data: unknown): string {
  if (typeof data === 'string' && data) return data.slice(0, 300);
  return `${STATUS_CODES[status] ?? `HTTP ${status}`}, with no message`;
}

/** Waits used when a platform says "too many" but not until when. */
export const RATE_LIMIT_FALLBACK_MS = {
  /** X windows are 15 minutes. */
  twitter: 15 * 60_000,
  /** LinkedIn documents no headers; a short backoff for per-minute throttles. */
  linkedin: 60_000,
  /**
   * Facebook usage is a rolling hour; without an estimate, back off progressively up to this
   * (see FACEBOOK_BACKOFF), not the whole hour.
   */
  facebook: 10 * 60_000,
  /** Facebook 341 "application limit reached". */
  facebookApplication: 60 * 60_000,
} as const;

/**
 * Network error codes that prove the request never left: nothing can have been published, so even
 * a create is safe to retry. Every other network failure during a create (reset, timeout, hang-up)
 * may have landed and is an unknown outcome.
 */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A failure before any answer: transient, unless a create may have landed. */
export function networkError(
  platformLabel: string,
  code: string | undefined,
  detail: string,
  creates: boolean,
): PlatformError {
  const sent = !code || !NOT_SENT_CODES.has(code);
  const kind: ErrorKind = creates && sent ? 'unknown-outcome' : 'transient';
  const what =
    kind === 'unknown-outcome'
      ? 'the connection failed after the request was sent, so it may have been published'
      : 'network error';
  return new PlatformError(kind, scrubSecrets(`${platformLabel}: ${what} (${code ?? 'no code'}: ${detail})`), { code });
}

/** The next midnight UTC (LinkedIn daily limits reset then). */
export function nextMidnightUtc(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

type Headers = Record<string, string | string[] | undefined>;

function headerValue(headers: Headers, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Seconds of a `Retry-After` header (seconds or HTTP date) as a time. */
function retryAfter(headers: Headers, now: Date): Date | undefined {
  const value = headerValue(headers, 'retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return new Date(now.getTime() + Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : new Date(date);
}

// ---------------------------------------------------------------- X

export interface XErrorInput {
  status: number;
  data: unknown;
  headers: Headers;
  now?: Date;
}

/** When X lets us post again: the latest exhausted window's reset (15-minute or 24-hour). */
export function xRetryAt(headers: Headers, now: Date, limited: boolean): Date {
  const resets: number[] = [];
  for (const prefix of ['x-rate-limit', 'x-user-limit-24hour', 'x-app-limit-24hour']) {
    const remaining = headerValue(headers, `${prefix}-remaining`);
    const reset = Number(headerValue(headers, `${prefix}-reset`));
    if (!Number.isFinite(reset) || reset <= 0) continue;
    if (remaining === '0' || (limited && prefix === 'x-rate-limit')) resets.push(reset * 1000);
  }
  return resets.length ? new Date(Math.max(...resets)) : new Date(now.getTime() + RATE_LIMIT_FALLBACK_MS.twitter);
}

/** X API v2 error → kind (docs/platform-contracts.md#x-errors). */
export function classifyXResponse({ status, data, headers, now = new Date() }: XErrorInput): PlatformError {
  const body = (typeof data === 'object' && data !== null ? data : {}) as {
    title?: string;
    detail?: string;
    type?: string;
    errors?: Array<{ message?: string; code?: number }>;
  };
  const v1Code = body.errors?.[0]?.code;
  const parts = [...new Set([body.title, body.detail].filter(Boolean) as string[])];
  const listed = (body.errors ?? []).map((e) => e.message).filter(Boolean) as string[];
  const text = [...parts, ...listed].join(' — ') || answerText(status, data);
  const message = scrubSecrets(`X answered ${status}: ${text}`);
  const details = { status, code: v1Code ?? body.type };
  if (status === 429 || v1Code === 88)
    return new PlatformError('rate-limited', message, { ...details, retryAt: xRetryAt(headers, now, true) });
  if (status === 401) return new PlatformError('auth', message, details);
  // The duplicate comes as type "about:blank": only the detail text tells it apart.
  if (status === 403 && /duplicate content/i.test(body.detail ?? ''))
    return new PlatformError('duplicate', message, details);
  if (status >= 500) return new PlatformError('transient', message, details);
  return new PlatformError('rejected', message, details);
}

// ---------------------------------------------------------------- LinkedIn

export interface LinkedInErrorInput {
  status: number;
  data: unknown;
  headers: Headers;
  now?: Date;
}

/** LinkedIn REST error → kind (docs/platform-contracts.md#linkedin-errors). */
export function classifyLinkedInResponse({
  status,
  data,
  headers,
  now = new Date(),
}: LinkedInErrorInput): PlatformError {
  const body = (typeof data === 'object' && data !== null ? data : {}) as {
    message?: string;
    serviceErrorCode?: number;
    code?: string;
    errorDetails?: { inputErrors?: Array<{ code?: string; description?: string }> };
  };
  const inputCodes = (body.errorDetails?.inputErrors ?? []).map((e) => e.code);
  const text = body.message ?? answerText(status, data);
  const message = scrubSecrets(`LinkedIn answered ${status}${body.code ? ` ${body.code}` : ''}: ${text}`);
  const details = { status, code: body.serviceErrorCode ?? body.code ?? inputCodes[0] };
  if (status === 401) return new PlatformError('auth', message, details);
  if (status === 429) {
    // No rate-limit headers are documented; daily limits reset at midnight UTC.
    const daily = /\bday\b|daily/i.test(text);
    const retryAt =
      retryAfter(headers, now) ??
      (daily ? nextMidnightUtc(now) : new Date(now.getTime() + RATE_LIMIT_FALLBACK_MS.linkedin));
    return new PlatformError('rate-limited', message, { ...details, retryAt });
  }
  if (status === 422 && (inputCodes.includes('DUPLICATE_POST') || /duplicate/i.test(text)))
    return new PlatformError('duplicate', message, details);
  if (status >= 500) return new PlatformError('transient', message, details);
  return new PlatformError('rejected', message, details);
}

// ---------------------------------------------------------------- Facebook

export interface FacebookErrorInput {
  status: number;
  data: unknown;
  headers: Headers;
  now?: Date;
  /** Throttles in a row without a usage estimate before this one (facebookBackoffMs). Default 0. */
  backoffStep?: number;
}

const FB_AUTH_CODES: ReadonlySet<number> = new Set([102, 104, 190]);
const FB_TRANSIENT_CODES: ReadonlySet<number> = new Set([1, 2]);
const FB_RATE_CODES: ReadonlySet<number> = new Set([4, 17, 32, 341, 613]);

/**
 * Facebook throttling without a usage estimate: the first hold is short, each further one in a
 * row twice as long, up to RATE_LIMIT_FALLBACK_MS.facebook (30 s, 1, 2, 4, 8, then 10 minutes).
 * A fixed long hold would stop the page for 10 minutes on a throttle that lifts in seconds.
 */
export const FACEBOOK_BACKOFF = { firstMs: 30_000, maxMs: RATE_LIMIT_FALLBACK_MS.facebook } as const;

/** The hold after `step` earlier throttles in a row without an estimate (0: the first). */
export function facebookBackoffMs(step: number): number {
  return Math.min(FACEBOOK_BACKOFF.maxMs, FACEBOOK_BACKOFF.firstMs * 2 ** Math.max(0, Math.min(step, 20)));
}

/** The longest `estimated_time_to_regain_access` (minutes) in the usage header, if any is given. */
export function facebookUsageEstimateMinutes(headers: Headers): number | undefined {
  let minutes = 0;
  const usage = headerValue(headers, 'x-business-use-case-usage');
  if (usage) {
    try {
      for (const entries of Object.values(
        JSON.parse(usage) as Record<string, Array<{ estimated_time_to_regain_access?: number }>>,
      )) {
        for (const entry of entries) minutes = Math.max(minutes, entry.estimated_time_to_regain_access ?? 0);
      }
    } catch {
      // An unreadable usage header just means no estimate.
    }
  }
  return minutes > 0 ? minutes : undefined;
}

/**
 * When Facebook lets us call again: the longest `estimated_time_to_regain_access`; without one,
 * an hour for code 341 (application limit) and the progressive backoff after `backoffStep`
 * earlier throttles in a row otherwise.
 */
export function facebookRetryAt(headers: Headers, now: Date, code: number, backoffStep = 0): Date {
  const minutes = facebookUsageEstimateMinutes(headers);
  if (minutes !== undefined) return new Date(now.getTime() + minutes * 60_000);
  return new Date(
    now.getTime() + (code === 341 ? RATE_LIMIT_FALLBACK_MS.facebookApplication : facebookBackoffMs(backoffStep)),
  );
}

/** Graph API error → kind, by `error.code`, not by HTTP status (docs/platform-contracts.md#facebook-errors). */
export function classifyFacebookResponse({
  status,
  data,
  headers,
  now = new Date(),
  backoffStep = 0,
}: FacebookErrorInput): PlatformError {
  const error = (typeof data === 'object' && data !== null ? (data as { error?: unknown }).error : undefined) as
    | { message?: string; code?: number; error_subcode?: number; type?: string; is_transient?: boolean }
    | undefined;
  const code = error?.code;
  const text = error?.message ?? answerText(status, data);
  const message = scrubSecrets(
    `Facebook answered ${status}` +
      `${code !== undefined ? ` (code ${code}${error?.error_subcode ? `/${error.error_subcode}` : ''})` : ''}: ` +
      `${text}`,
  );
  const details = { status, code };
  if (code === undefined) return new PlatformError(status >= 500 ? 'transient' : 'rejected', message, details);
  if (FB_AUTH_CODES.has(code)) return new PlatformError('auth', message, details);
  if (FB_RATE_CODES.has(code) || (code >= 80001 && code <= 80014))
    return new PlatformError('rate-limited', message, {
      ...details,
      retryAt: facebookRetryAt(headers, now, code, backoffStep),
    });
  if (code === 506) return new PlatformError('duplicate', message, details);
  if (FB_TRANSIENT_CODES.has(code) || error?.is_transient === true)
    return new PlatformError('transient', message, details);
  // 100 invalid parameter, 368 policy block (never automatic), 10 and 200–299 permissions, others.
  return new PlatformError('rejected', message, details);
}
