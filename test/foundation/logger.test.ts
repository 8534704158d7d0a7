import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { credentialStatus, readSecret } from '../../src/config/secrets.ts';
import { InputError } from '../../src/input-error.ts';
import { createLogger } from '../../src/logger.ts';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('logger', () => {
  it('writes JSON lines', () => {
    const out = capture();
    createLogger({ destination: out.stream, level: 'info' }).info({ postId: 'p1' }, 'published');
    const line = JSON.parse(out.text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'published', postId: 'p1', level: 30 });
  });

  it('never lets a token reach the log, by key or inside a message', () => {
    const token = 'AQVx-secret-linkedin-token-9f8e7d';
    const env = { SECON_TEST_TOKEN: token };
    expect(readSecret('SECON_TEST_TOKEN', env)).toBe(token);
    const out = capture();
    const log = createLogger({ destination: out.stream, level: 'info' });
    log.info({ accessToken: token, channel: { credentials: { accessToken: token } } }, 'connecting');
    log.error({ err: new Error(`request failed: Authorization: Bearer ${token}`) }, 'client error');
    log.warn(`url was https://api.example/?access_token=${encodeURIComponent(token)}`);
    const text = out.text();
    expect(text).not.toContain(token);
    expect(text).not.toContain(encodeURIComponent(token));
    expect(text).toContain('[REDACTED]');
    expect(text.trim().split('\n')).toHaveLength(3);
  });

  it('reads a secret from NAME_FILE', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'secret-')), 'token');
    writeFileSync(file, 'file-held-token-123\n');
    expect(readSecret('X_TOKEN', { X_TOKEN_FILE: file })).toBe('file-held-token-123');
    expect(readSecret('X_TOKEN', {})).toBeUndefined();
  });

  it('a NAME_FILE that cannot be read is an input error naming the variable, the path and why', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'secret-'));
    const missing = join(dir, 'missing');
    const read = () => readSecret('X_TOKEN', { X_TOKEN_FILE: missing });
    expect(read).toThrow(InputError);
    expect(read).toThrow(`X_TOKEN_FILE: cannot read ${missing} (no such file)`);
    expect(() => readSecret('X_TOKEN', { X_TOKEN_FILE: dir })).toThrow(
      `X_TOKEN_FILE: cannot read ${dir} (a directory, not a file)`,
    );
    // The variable itself wins over the file: the file is not read at all.
    expect(readSecret('X_TOKEN', { X_TOKEN: 'direct-token-1', X_TOKEN_FILE: missing })).toBe('direct-token-1');
  });

  it('credentialStatus reports unset and unreadable credentials without throwing', () => {
    const status = credentialStatus(
      { key: 'A_KEY', secret: 'A_SECRET', token: 'A_TOKEN' },
      { A_KEY: 'a-key-value-1', A_SECRET_FILE: '/nonexistent/secret' },
    );
    expect(status).toEqual({
      missing: ['A_TOKEN'],
      unreadable: ['A_SECRET_FILE: cannot read /nonexistent/secret (no such file)'],
    });
  });
});
