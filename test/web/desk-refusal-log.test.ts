import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../src/logger.ts';
import { DeskClient, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/** A logger whose lines the test reads. */
function capturingLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const out: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      out.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: 'info', pretty: false, destination });
  return { logger, lines: () => out.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const log = capturingLogger();
let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk({ server: { logger: log.logger } });
});
afterAll(async () => desk?.close());

/**
 * A refused state-changing request is what an administrator looks for after "did someone try to
 * publish from outside?": it is in the log with the user whose session sent it.
 */
describe('review desk: refusals are in the log with the user', () => {
  it('a form from another origin', async () => {
    const client = new DeskClient(desk.server);
    await client.login('ada');
    const response = await client.post(
      '/health/check',
      {},
      { from: '/health', headers: { origin: 'https://evil.example' } },
    );
    expect(response.statusCode).toBe(403);
    expect(log.lines()).toContainEqual(
      expect.objectContaining({ user: 'ada', url: '/health/check', origin: 'https://evil.example', level: 40 }),
    );
  });

  it('a missing or wrong CSRF token', async () => {
    const client = new DeskClient(desk.server);
    await client.login('aida');
    expect((await client.post('/health/check', {}, { csrf: 'not-the-token' })).statusCode).toBe(403);
    expect(log.lines()).toContainEqual(
      expect.objectContaining({ user: 'aida', url: '/health/check', level: 40, msg: expect.stringMatching(/CSRF/) }),
    );
  });
});

describe('review desk: trusting every proxy hop', () => {
  it('web.trustProxy: true warns at start that a client can choose its own address for the login limit', async () => {
    const own = capturingLogger();
    const trusting = await startTestDesk({ web: { trustProxy: true }, server: { logger: own.logger } });
    try {
      expect(own.lines()).toContainEqual(
        expect.objectContaining({ level: 40, msg: expect.stringMatching(/web\.trustProxy: true.*X-Forwarded-For.*1/) }),
      );
    } finally {
      await trusting.close();
    }
    const hops = capturingLogger();
    const oneHop = await startTestDesk({ web: { trustProxy: 1 }, server: { logger: hops.logger } });
    await oneHop.close();
    expect(hops.lines().filter((line) => String(line.msg).includes('trustProxy'))).toEqual([]);
  });
});
