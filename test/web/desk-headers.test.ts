import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskClient, startTestDesk, type TestDesk } from './desk-fixtures.ts';

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});
afterAll(async () => desk?.close());

describe('review desk: no framing, on every answer', () => {
  it('X-Frame-Options says DENY, as the CSP frame-ancestors does (older browsers read only the header)', async () => {
    const client = new DeskClient(desk.server);
    await client.login('vic');
    for (const path of ['/login', '/calendar', '/no-such-page']) {
      const response = await client.get(path);
      expect(response.headers['x-frame-options'], path).toBe('DENY');
      expect(String(response.headers['content-security-policy']), path).toContain("frame-ancestors 'none'");
    }
  });
});
