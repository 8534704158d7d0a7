import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskClient, PASSWORD, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/**
 * The login's `next` (where to go after logging in) comes from a link anyone can send. Browsers drop
 * tabs and line breaks from a URL and read `\` as `/`, so `/<tab>/evil.example` is `//evil.example`:
 * another site. Only a path on the desk may come out of it.
 */
const FOREIGN = [
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/\t\\evil.example',
  '//evil.example',
  '/\\evil.example',
  'https://evil.example/',
  // A line break in a Location header was a 500 ("Something went wrong").
  '/\r\nSet-Cookie: x=1',
];

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});
afterAll(async () => desk?.close());

describe('review desk: where the login sends you', () => {
  it('a foreign "next" after the login form sends a person to the calendar, not to another site', async () => {
    for (const next of FOREIGN) {
      const client = new DeskClient(desk.server);
      const response = await client.post('/login', { user: 'vic', password: PASSWORD, next }, { from: '/login' });
      expect(response.statusCode, JSON.stringify(next)).toBe(303);
      expect(response.headers.location, JSON.stringify(next)).toBe('/calendar');
    }
  });

  it('a logged-in person opening /login?next=<foreign> stays on the desk', async () => {
    const client = new DeskClient(desk.server);
    await client.login('vic');
    for (const next of FOREIGN) {
      const response = await client.get(`/login?next=${encodeURIComponent(next)}`);
      expect(response.statusCode, JSON.stringify(next)).toBe(303);
      expect(response.headers.location, JSON.stringify(next)).toBe('/calendar');
    }
  });

  it('a path on the desk, with its query, is kept', async () => {
    const client = new DeskClient(desk.server);
    const next = '/history?channel=x-secon&state=failed';
    const response = await client.post('/login', { user: 'vic', password: PASSWORD, next }, { from: '/login' });
    expect(response.headers.location).toBe(next);
  });
});
