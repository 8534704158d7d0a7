import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { registerSecret } from '../../src/config/secrets.ts';
import { createAdapter } from '../../src/platforms/adapter-registry.ts';
import { CredentialsError } from '../../src/platforms/credentials-error.ts';
import {
  classifyFacebookResponse,
  classifyLinkedInResponse,
  classifyXResponse,
  nextMidnightUtc,
  xRetryAt,
} from '../../src/platforms/error-mapping.ts';
import { adapterConfig } from '../helpers/config.ts';

describe('createAdapter', () => {
  const config = adapterConfig();
  const channel = (id: string) => config.channels.find((c) => c.id === id)!;

  test('names the channel and the unset variable', () => {
    const error = (() => {
      try {
        createAdapter(channel('linkedin-test'), config, {});
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CredentialsError);
    expect((error as CredentialsError).message).toBe(
      'channel linkedin-test: environment variable T_LINKEDIN_TOKEN not set (or set T_LINKEDIN_TOKEN_FILE to ' +
        'a file holding the value)',
    );
    expect((error as CredentialsError).variables).toEqual(['T_LINKEDIN_TOKEN']);
  });

  test('X: names only the missing OAuth 1.0a variables', () => {
    expect(() => createAdapter(channel('x-test'), config, { T_X_APP_KEY: 'k', T_X_APP_SECRET: 's' })).toThrow(
      /x-test: environment variables T_X_ACCESS_TOKEN, T_X_ACCESS_SECRET not set/,
    );
  });

  test('reads NAME_FILE, and builds an adapter for every enabled channel', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'secon-secret-')), 'token');
    writeFileSync(file, 'token-from-a-file\n');
    const adapter = createAdapter(channel('linkedin-test'), config, { T_LINKEDIN_TOKEN_FILE: file });
    expect(adapter.platform).toBe('linkedin');
    const env = {
      T_X_APP_KEY: 'a',
      T_X_APP_SECRET: 'b',
      T_X_ACCESS_TOKEN: 'c',
      T_X_ACCESS_SECRET: 'd',
      T_X_BEARER: 'e',
      T_LINKEDIN_TOKEN: 'f',
      T_FACEBOOK_TOKEN: 'g',
    };
    const all = config.channels.filter((c) => c.enabled).map((c) => createAdapter(c, config, env));
    expect(all.map((a) => a.platform)).toEqual(['twitter', 'twitter', 'linkedin', 'facebook']);
    expect(all.map((a) => a.limits.maxImages)).toEqual([4, 4, 20, 10]);
  });
});

describe('error mapping (pure)', () => {
  const now = new Date('2026-11-21T22:30:00Z');

  test('LinkedIn daily limits reset at the next midnight UTC', () => {
    expect(nextMidnightUtc(now).toISOString()).toBe('2026-11-22T00:00:00.000Z');
  });

  test('X: without headers, wait one 15-minute window; with them, the reset', () => {
    expect(xRetryAt({}, now, true).getTime() - now.getTime()).toBe(15 * 60_000);
    expect(xRetryAt({ 'x-rate-limit-reset': '1795300000', 'x-rate-limit-remaining': '0' }, now, true).getTime()).toBe(
      1795300000_000,
    );
  });

  test('X 5xx that is not JSON keeps the text; secrets are scrubbed from platform messages', () => {
    registerSecret('super-secret-value-123');
    const error = classifyXResponse({ status: 503, data: 'upstream super-secret-value-123 down', headers: {} });
    expect(error.kind).toBe('transient');
    expect(error.message).toBe('X answered 503: upstream [REDACTED] down');
  });

  test('an answer with no message says what its status means, not the number twice', () => {
    expect(classifyXResponse({ status: 503, data: '', headers: {} }).message).toBe(
      'X answered 503: Service Unavailable, with no message',
    );
    expect(classifyLinkedInResponse({ status: 422, data: undefined, headers: {} }).message).toBe(
      'LinkedIn answered 422: Unprocessable Entity, with no message',
    );
    expect(classifyFacebookResponse({ status: 599, data: {}, headers: {} }).message).toBe(
      'Facebook answered 599: HTTP 599, with no message',
    );
  });

  test('Facebook: is_transient marks an unknown code as transient; no code and 4xx is rejected', () => {
    expect(
      classifyFacebookResponse({
        status: 400,
        data: { error: { code: 9999, message: 'odd', is_transient: true } },
        headers: {},
      }).kind,
    ).toBe('transient');
    expect(classifyFacebookResponse({ status: 404, data: 'Not found', headers: {} }).kind).toBe('rejected');
    expect(classifyFacebookResponse({ status: 502, data: '<html>', headers: {} }).kind).toBe('transient');
  });
});
