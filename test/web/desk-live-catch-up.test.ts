import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNewsText } from '../../web/news-check.ts';
import { DeskClient, futureNews, startTestDesk, type TestDesk } from './desk-fixtures.ts';

/**
 * A live page made just before a change, whose browser opens the event stream just after it, must
 * still refresh: before, the stream told only of changes from its own start, so a post published
 * right after "Send now" or "Approve" stayed "scheduled" on the page.
 */

let desk: TestDesk;
let client: DeskClient;
let base: string;
let postId: string;

beforeAll(async () => {
  desk = await startTestDesk();
  const { items } = await loadNewsText(desk.config, 'live.md', futureNews('live-catch-up'));
  const [result] = await desk.app.intake.take(items, { actor: 'test' });
  postId = result!.posts.find((p) => p.state === 'scheduled')!.postId;
  client = new DeskClient(desk.server);
  await client.login('ada');
  base = await desk.server.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => desk?.close());

/** The position a live page was made at (its `data-live-since`). */
async function pageSince(path: string): Promise<string> {
  const body = (await client.get(path)).body;
  const since = /<main [^>]*data-live data-live-since="(\d+-\d+)"/.exec(body)?.[1];
  expect(since, `${path} names where it stands`).toBeDefined();
  return since!;
}

/** What the event stream sends within `ms` of opening, with these query and headers. */
async function firstEvents(query: string, headers: Record<string, string> = {}, ms = 1500): Promise<string> {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const controller = new AbortController();
  const response = await fetch(`${base}/events${query}`, {
    headers: { cookie, ...headers },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
      if (text.includes('event: changed')) break;
    }
  } catch {
    // Aborted at the end of the wait: what came so far is the answer.
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return text;
}

/** A change of the post, as the worker's or a person's would land in the log. */
async function changePost(): Promise<void> {
  const current = (await desk.app.publishingLog.timeline(postId)).at(-1)!;
  await desk.app.publishingLog.append({ ...current, at: new Date().toISOString(), note: 'changed meanwhile' });
}

describe('live pages: the event stream catches up from where the page stands', () => {
  it('a change after the page was made, before the stream opened, is told at once (every live page)', async () => {
    for (const path of [`/posts/${postId}`, '/calendar', '/approvals', '/history', '/activity']) {
      const since = await pageSince(path);
      await changePost();
      expect(await firstEvents(`?since=${since}`), path).toContain('event: changed');
    }
  });

  it('nothing after the page: no catch-up event (only live ones)', async () => {
    const since = await pageSince(`/posts/${postId}`);
    expect(await firstEvents(`?since=${since}`, {}, 600)).not.toContain('event: changed');
  });

  it('a reconnect catches up from the last event the browser had (Last-Event-ID)', async () => {
    const since = await pageSince('/calendar');
    await changePost();
    expect(await firstEvents('', { 'last-event-id': since })).toContain('event: changed');
  });

  it('an id that is not a stream id is ignored, not an error', async () => {
    await changePost();
    expect(await firstEvents('?since=0-0%20%2B', {}, 600)).not.toContain('event: changed');
    expect(await firstEvents('?since=garbage', {}, 600)).toMatch(/^retry: 3000/);
  });
});
