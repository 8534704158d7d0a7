import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../helpers/cli.ts';
import { testRedisUrl } from '../helpers/redis.ts';
import { plannedPost, startWorld, type World } from '../helpers/world.ts';

let world: World;
let dir: string;
let env: Record<string, string>;
let busy: Server;
let busyPort: number;

beforeAll(async () => {
  world = await startWorld({ worker: false });
  dir = mkdtempSync(join(tmpdir(), 'secon-worker-start-'));
  writeFileSync(join(dir, 'secon-bot.yaml'), stringify(world.config));
  env = { ...world.env, REDIS_URL: testRedisUrl(), SECON_BOT_CONFIG: join(dir, 'secon-bot.yaml'), NO_COLOR: '1' };
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => busy?.close(resolve));
  await world?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A worker whose /healthz port is taken must not start at all. It used to start its publish
 * workers first, then fail to listen: it printed the error and went on publishing, in a process
 * that said it had failed and never ended.
 */
describe('secon-bot worker: a worker that cannot listen does not start', () => {
  it('a port in use: names it and the option, exits 2, and publishes nothing', async () => {
    const post = plannedPost('x-secon');
    await world.app.scheduler.schedule({ newsId: post.newsId, posts: [post], skipped: [] }, 'test');
    const result = await runCli(['worker', '--port', String(busyPort)], { env, timeoutMs: 15_000 });
    expect(result.stderr).toContain(
      `secon-bot: the worker's /healthz and /metrics cannot listen on 127.0.0.1:${busyPort}: the port is in use`,
    );
    expect(result.stderr).toContain('choose another port with --port or worker.port');
    expect(world.sandboxes.twitter.posts()).toEqual([]);
    expect((await world.app.publishingLog.get(post.postId))?.state).toBe('scheduled');
    // -1: still running when the test killed it.
    expect(result.code).toBe(2);
  });

  it('a host that is not this machine: names it and the option, exits 2', async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of this machine.
    const result = await runCli(['worker', '--port', '0', '--host', '192.0.2.1'], { env, timeoutMs: 15_000 });
    expect(result.stderr).toContain('cannot listen on 192.0.2.1: 192.0.2.1 is not an address of this machine');
    expect(result.stderr).toContain('--host or worker.host');
    expect(result.code).toBe(2);
  });
});

describe('secon-bot sandbox: a port in use', () => {
  it('names the port and --port, exits 2', async () => {
    const result = await runCli(['sandbox', '--port', String(busyPort)], { env, timeoutMs: 15_000 });
    expect(result.stderr).toBe(
      `secon-bot: the sandbox platforms cannot listen on 127.0.0.1:${busyPort}: the port is in use (by another ` +
        'secon-bot, or another program); choose another port with --port (0: any free port)\n',
    );
    expect(result.code).toBe(2);
  });
});
