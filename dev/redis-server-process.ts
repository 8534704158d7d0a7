import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** The server programs this launcher knows, in the order it prefers them. */
export const REDIS_SERVER_BINARIES = ['valkey-server', 'redis-server'] as const;
export type RedisServerBinary = (typeof REDIS_SERVER_BINARIES)[number];

/** Options for a private, throwaway redis-server. */
export interface RedisServerOptions {
  /** TCP port on 127.0.0.1. Default: a free port chosen by the OS. */
  port?: number;
  /**
   * Keep an append-only file in the data dir (survives restarts of this server), with
   * `appendfsync everysec`: the setting the project supports, and the one under which the publish
   * claim is made durable with WAITAOF. Default: true.
   */
  appendOnly?: boolean;
  /** Data directory. Default: a new temporary directory, removed on stop(). */
  dir?: string;
  /**
   * Which server program to run. Default: the first of valkey-server, redis-server on the PATH
   * (Valkey first: Debian bookworm's redis-server is 7.0, which has no WAITAOF).
   */
  binary?: RedisServerBinary;
  /**
   * The server's event-loop frequency. A WAITAOF is answered at the loop's next turn after the
   * fsync, so on a quiet server it waits up to 1/hz: about 100 ms at Redis's default 10, 10 ms at
   * 100. Tests and the demo publish many posts one after another (one WAITAOF each). Default 100.
   */
  hz?: number;
  /** More `--name value` arguments (e.g. `['--auto-aof-rewrite-percentage', '0']`). Default: none. */
  extraArgs?: string[];
}

export const REDIS_SERVER_MISSING =
  'neither valkey-server nor redis-server was found on the PATH. Install Valkey with ' +
  '`apt-get install -t bookworm-backports valkey-server` (Debian; Redis ≥ 7.2 works too) ' +
  'or start one with `docker compose up -d redis` and set REDIS_URL.';

/** True when `binary` runs. */
function runs(binary: string): boolean {
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** The server program to use: the preferred one found on the PATH, or undefined. */
export function findRedisServer(preferred?: RedisServerBinary): RedisServerBinary | undefined {
  if (preferred) return runs(preferred) ? preferred : undefined;
  return REDIS_SERVER_BINARIES.find(runs);
}

/** True when a valkey-server or redis-server binary is on PATH. */
export function hasRedisServer(): boolean {
  return findRedisServer() !== undefined;
}

/** The version a server program reports (`v=7.0.15`), or undefined when it does not run. */
export function serverVersion(binary: RedisServerBinary): string | undefined {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  return /\bv=(\d+\.\d+\.\d+)/.exec(result.stdout)?.[1];
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
 * A redis-server (or valkey-server) child process owned by this program: tests, the demo and
 * benchmarks start one so they never touch (or flush) a Redis they did not start.
 */
export class RedisServerProcess {
  private child: ChildProcess | undefined;
  private ownsDir: boolean;
  readonly dir: string;
  port = 0;
  /** The program that runs (set by start()). */
  binary: RedisServerBinary | undefined;

  constructor(private readonly options: RedisServerOptions = {}) {
    this.ownsDir = !options.dir;
    this.dir = options.dir ?? mkdtempSync(join(tmpdir(), 'secon-redis-'));
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** The process id of the running server (undefined when stopped). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<string> {
    const binary = findRedisServer(this.options.binary);
    if (!binary)
      throw new Error(this.options.binary ? `${this.options.binary} was not found on the PATH` : REDIS_SERVER_MISSING);
    this.binary = binary;
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
      this.options.appendOnly === false ? 'no' : 'yes',
      '--appendfsync',
      'everysec',
      '--hz',
      String(this.options.hz ?? 100),
      '--daemonize',
      'no',
      '--logfile',
      '',
      '--loglevel',
      'warning',
      ...(this.options.extraArgs ?? []),
    ];
    this.child = spawn(binary, args, { stdio: 'ignore' });
    await this.waitReady();
    return this.url;
  }

  /** Stops the server; `keepData` keeps the data dir for a restart (append-only file). */
  async stop(keepData = false): Promise<void> {
    await this.signal('SIGTERM');
    if (!keepData && this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Kills the server with SIGKILL: no shutdown, no last write. The data dir stays for a restart;
   * what is in the append-only file is whatever the server had written to it (see aofIncrFile).
   */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /**
   * The append-only file the server appends to now (Redis 7 keeps a manifest naming a base file
   * and incremental files; writes go to the last incremental one). Undefined without one.
   */
  aofIncrFile(): string | undefined {
    const folder = join(this.dir, 'appendonlydir');
    const manifest = join(folder, 'appendonly.aof.manifest');
    if (!existsSync(manifest)) return undefined;
    const incr = [...readFileSync(manifest, 'utf8').matchAll(/^file (\S+) seq \d+ type i$/gm)].at(-1)?.[1];
    return incr ? join(folder, incr) : undefined;
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    }
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
    throw new Error(`${this.binary} on port ${this.port} did not become ready within 10 s`);
  }
}
