import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { newsKey } from '../../src/posts/post.ts';
import { runCli } from '../helpers/cli.ts';
import { workshopItem } from '../helpers/planning.ts';
import { testRedisUrl } from '../helpers/redis.ts';
import { startWorld, type World } from '../helpers/world.ts';

/** A feed item: its id is its GUID, a URL, which cannot stand in a post id. */
const GUID = 'https://example.org/news/incubator';
const DAY = 86_400_000;

let world: World;
let env: Record<string, string>;
const digest = newsKey(GUID);

beforeAll(async () => {
  world = await startWorld({ worker: false });
  const dir = mkdtempSync(join(tmpdir(), 'secon-digest-'));
  writeFileSync(join(dir, 'secon-bot.yaml'), stringify(world.config));
  env = { ...world.env, REDIS_URL: testRedisUrl(), SECON_BOT_CONFIG: join(dir, 'secon-bot.yaml'), NO_COLOR: '1' };
  const item = workshopItem({
    id: GUID,
    kind: 'news',
    published: new Date(Date.now() - DAY).toISOString(),
    event: undefined,
  });
  await world.app.intake.take([{ item, source: 'feed' }], { actor: 'test' });
});
afterAll(async () => {
  await world?.stop();
});

async function cli(args: string[]) {
  const run = await runCli(args, { env });
  return { ...run, json: () => JSON.parse(run.stdout) };
}

describe('--news takes a feed item by the id its post ids carry', () => {
  it('history --news <digest> lists the same posts as --news <GUID>', async () => {
    const byGuid = (await cli(['history', '--news', GUID, '--json'])).json() as PostRecord[];
    expect(byGuid.length).toBeGreaterThan(0);
    expect(byGuid.every((r) => r.postId.startsWith(`${digest}.`))).toBe(true);
    const byDigest = (await cli(['history', '--news', digest, '--json'])).json() as PostRecord[];
    expect(byDigest.map((r) => r.postId).sort()).toEqual(byGuid.map((r) => r.postId).sort());
    // A digest no post carries finds nothing, as any unknown id.
    expect((await cli(['history', '--news', 'nffffffffffffffff', '--json'])).json()).toEqual([]);
  });

  it('approve and cancel --news <digest> act on the item; an unknown digest is named as given (exit 2)', async () => {
    const approve = await cli(['approve', '--news', digest, '--json']);
    expect(approve.code, approve.stderr).toBe(0);
    const approved = approve.json() as { failed: unknown[]; approved: unknown[]; left: unknown[] };
    expect(approved.failed).toEqual([]);
    expect(approved.approved.length + approved.left.length).toBeGreaterThan(0);
    const unknown = await cli(['cancel', '--news', 'nffffffffffffffff']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no posts found for news id "nffffffffffffffff"');
    const cancel = await cli(['cancel', '--news', `${digest},nffffffffffffffff`, '--json']);
    expect(cancel.code).toBe(2);
    const cancelled = cancel.json() as { cancelled: Array<{ newsId: string }>; failed: Array<{ newsId: string }> };
    expect(cancelled.cancelled.length).toBeGreaterThan(0);
    expect(new Set(cancelled.cancelled.map((r) => r.newsId))).toEqual(new Set([GUID]));
    expect(cancelled.failed.map((f) => f.newsId)).toEqual(['nffffffffffffffff']);
  });
});
