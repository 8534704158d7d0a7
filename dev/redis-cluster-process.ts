import { spawnSync } from 'node:child_process';
import calculateSlot from 'cluster-key-slot';
import { Redis } from 'ioredis';
import { findRedisServer, type RedisServerBinary, RedisServerProcess } from './redis-server-process.ts';

/** Options for a private, throwaway Redis Cluster on loopback. */
export interface RedisClusterOptions {
  /** How many masters (no replicas). Default 3, the smallest cluster `--cluster create` accepts. */
  masters?: number;
  /** Which server program. Default: valkey-server, else redis-server (see RedisServerProcess). */
  binary?: RedisServerBinary;
  /** More `--name value` arguments for every node. Default: none. */
  extraArgs?: string[];
}

/** A node that misses its peers this long is judged failed. Short: tests restart nodes. */
const NODE_TIMEOUT_MS = 2000;
const READY_TIMEOUT_MS = 30_000;

/**
 * A Redis Cluster of our own: `masters` servers (valkey-server preferred) in cluster mode on free
 * loopback ports, each with its own temporary data dir, append-only file (`appendfsync everysec`,
 * as production should run) and `nodes.conf`, joined by `valkey-cli --cluster create` (or
 * redis-cli) with no replicas. Tests and benchmarks start one so they never touch a cluster they
 * did not start. A node can be killed and started again on the same port and dir: it rejoins with
 * its slots from `nodes.conf`.
 */
export class RedisClusterProcess {
  readonly nodes: RedisServerProcess[];

  constructor(options: RedisClusterOptions = {}) {
    const count = options.masters ?? 3;
    this.nodes = Array.from(
      { length: count },
      () =>
        new RedisServerProcess({
          appendOnly: true,
          ...(options.binary ? { binary: options.binary } : {}),
          extraArgs: [
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            'nodes.conf',
            '--cluster-node-timeout',
            String(NODE_TIMEOUT_MS),
            // A master that is down makes only its own slots unavailable, not the whole cluster.
            '--cluster-require-full-coverage',
            'no',
            ...(options.extraArgs ?? []),
          ],
        }),
    );
  }

  /** Every node, comma-separated: the form REDIS_URL takes for a cluster. */
  get url(): string {
    return this.nodes.map((node) => node.url).join(',');
  }

  /** Starts the nodes, creates the cluster, waits until every node says `cluster_state:ok`. */
  async start(): Promise<string> {
    await Promise.all(this.nodes.map((node) => node.start()));
    const cli = cliFor(this.nodes[0]!.binary ?? findRedisServer() ?? 'valkey-server');
    const created = spawnSync(
      cli,
      [
        '--cluster',
        'create',
        ...this.nodes.map((node) => `127.0.0.1:${node.port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { encoding: 'utf8' },
    );
    if (created.status !== 0) {
      await this.stop();
      throw new Error(`${cli} --cluster create failed: ${created.stderr || created.stdout}`);
    }
    await this.waitHealthy();
    return this.url;
  }

  /** Waits until every node reports `cluster_state:ok` and agrees that all 16384 slots are served. */
  async waitHealthy(timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      const states = await Promise.all(this.nodes.map((node) => clusterInfo(node.url).catch((e: Error) => e.message)));
      if (states.every((info) => /cluster_state:ok/.test(info) && /cluster_slots_ok:16384/.test(info))) return;
      last = states.map((info) => /cluster_state:\w+/.exec(info)?.[0] ?? info).join(', ');
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the Redis Cluster did not become healthy within ${timeoutMs} ms (${last})`);
  }

  /** The node that owns `key`'s slot (asked of the cluster, not assumed). */
  async nodeFor(key: string): Promise<RedisServerProcess> {
    const slot = calculateSlot(key);
    const client = new Redis(this.nodes[0]!.url, { lazyConnect: true });
    try {
      const ranges = (await client.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number]]>;
      const owner = ranges.find(([from, to]) => slot >= from && slot <= to)?.[2][1];
      const node = this.nodes.find((n) => n.port === owner);
      if (!node) throw new Error(`no node of this cluster owns slot ${slot}`);
      return node;
    } finally {
      client.disconnect();
    }
  }

  /** Stops every node and removes their data dirs. */
  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop()));
  }
}

/** valkey-cli beside valkey-server, redis-cli beside redis-server. */
function cliFor(binary: RedisServerBinary): string {
  return binary === 'valkey-server' ? 'valkey-cli' : 'redis-cli';
}

async function clusterInfo(url: string): Promise<string> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return String(await client.call('CLUSTER', 'INFO'));
  } finally {
    client.disconnect();
  }
}
