import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** Options for a private, throwaway redis-server. */
export interface RedisServerOptions {
  /** TCP port on 127.0.0.1. Default: a free port chosen by the OS. */
  port?: number;
  /** Keep an append-only file in the data dir (survives restarts of this server). Default: false. */
  appendOnly?: boolean;
  /** Data directory. Default: a new temporary directory, removed on stop(). */
  dir?: string;
}

export const REDIS_SERVER_MISSING =
  'redis-server was not found on PATH. Install it with `apt-get install redis-server` ' +
  '(Debian/Ubuntu) or start one with `docker compose up -d redis` and set REDIS_URL.';

/** True when a `redis-server` binary is on PATH. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Asks the OS for a free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A redis-server child process owned by this program: tests, the demo and benchmarks start one so
 * they never touch (or flush) a Redis they did not start.
 */
export class RedisServerProcess {
  private child: ChildProcess | undefined;
  private ownsDir: boolean;
  readonly dir: string;
  port = 0;

  constructor(private readonly options: RedisServerOptions = {}) {
    this.ownsDir = !options.dir;
    this.dir = options.dir ?? mkdtempSync(join(tmpdir(), 'secon-redis-'));
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<string> {
    if (!hasRedisServer()) throw new Error(REDIS_SERVER_MISSING);
    this.port = this.port || this.options.port || (await freePort());
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--save',
      '',
      '--appendonly',
      this.options.appendOnly ? 'yes' : 'no',
      '--appendfsync',
      'everysec',
      '--daemonize',
      'no',
      '--logfile',
      '',
      '--loglevel',
      'warning',
    ];
    this.child = spawn('redis-server', args, { stdio: 'ignore' });
    await this.waitReady();
    return this.url;
  }

  /** Stops the server; `keepData` keeps the data dir for a restart (append-only file). */
  async stop(keepData = false): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (!keepData && this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => undefined);
      try {
        await client.connect();
        // While loading an append-only file the server answers LOADING; wait for a real PONG.
        if ((await client.ping()) === 'PONG') return;
      } catch {
        // not up yet
      } finally {
        client.disconnect();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on port ${this.port} did not become ready within 10 s`);
  }
}
