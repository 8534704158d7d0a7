import { Cluster, type ClusterNode, Redis, type RedisOptions } from 'ioredis';
import { registerSecret } from '../config/secrets.ts';
import { InputError } from '../input-error.ts';
import { withTimeout } from '../net/with-timeout.ts';
import type { RedisClient } from './redis-client.ts';
import { RedisUnavailableError } from './redis-unavailable-error.ts';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Separates the nodes of a Redis Cluster in `REDIS_URL` (`redis://h1:7000,redis://h2:7001`). */
const NODE_SEPARATOR = ',';

/** The URL schemes ioredis reads as a server address; it takes anything else for a Unix socket path. */
const REDIS_SCHEMES = ['redis', 'rediss'];

/** Where Redis is: `REDIS_URL` or the default local server. A password in it is scrubbed from all output. */
export function redisUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.REDIS_URL || DEFAULT_REDIS_URL;
  for (const node of splitRedisUrl(url)) {
    checkScheme(node);
    const password = redisPassword(node);
    if (password) registerSecret(password);
  }
  return url;
}

/** Refuses `http://…` and the like: ioredis would try it as a socket path and fail with a bare ENOENT. */
function checkScheme(node: string): void {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(node)?.[1];
  if (scheme === undefined || REDIS_SCHEMES.includes(scheme.toLowerCase())) return;
  throw new InputError(
    `REDIS_URL: "${safeRedisUrl(node)}" has the scheme ${scheme}://; expected redis://host:port (or rediss:// for TLS)`,
  );
}

/**
 * The node URLs of a `REDIS_URL`: one for a single server, several (comma-separated) for a Redis
 * Cluster. A node written as `host:port` takes the scheme and credentials of the first one.
 */
export function splitRedisUrl(url: string): string[] {
  const parts = url
    .split(NODE_SEPARATOR)
    .map((part) => part.trim())
    .filter(Boolean);
  const first = parts[0] ?? DEFAULT_REDIS_URL;
  const base = /^([a-z]+:\/\/(?:[^@/]*@)?)/i.exec(first)?.[1] ?? 'redis://';
  return parts.map((part) => (part.includes('://') ? part : `${base}${part}`));
}

/** The password of a Redis URL (`redis://user:pw@host` or `?password=pw`), if any. */
export function redisPassword(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return decodeURIComponent(parsed.password) || parsed.searchParams.get('password') || undefined;
  } catch {
    return undefined;
  }
}

/** Hides a password in a Redis URL (or a list of them) before it is shown to anyone. */
export function safeRedisUrl(url: string): string {
  return url.replace(/\/\/([^@/,]*)@/g, '//***@').replace(/([?&]password=)[^&,]*/gi, '$1***');
}

/** Options of {@link connectRedis}. */
export interface ConnectRedisOptions {
  /**
   * Connect through ioredis's Cluster client even when the URL names one node (the node is then
   * where the cluster's layout is first asked for). Config `redis.cluster`. Default false; a URL
   * with several nodes always means a cluster.
   */
  cluster?: boolean;
}

/** True when this URL and setting call for the Cluster client. */
export function wantsCluster(url: string, options: ConnectRedisOptions = {}): boolean {
  return options.cluster === true || splitRedisUrl(url).length > 1;
}

/**
 * How to start a Redis the bot can use, as README's "Run Redis" says: the shipped compose service,
 * or Valkey with the append-only file every publish claim is confirmed in. Not a bare
 * `redis-server`: Debian bookworm's is 7.0, with no WAITAOF, and the worker would refuse it.
 */
export const START_REDIS =
  '`docker compose up -d redis`, or `valkey-server --appendonly yes --appendfsync always`: Redis ≥ 7.2 or ' +
  'Valkey, see README "Run Redis"';

/**
 * Connects and checks with PING, failing fast (default 3 s) with a message that says where it
 * tried, instead of ioredis's endless reconnect loop. The returned client suits BullMQ
 * (`maxRetriesPerRequest: null`) and keeps reconnecting after a successful start. Several nodes in
 * the URL, or `cluster`, connect to a Redis Cluster (the ping then also waits for the slot map).
 */
export async function connectRedis(
  url = redisUrl(),
  timeoutMs = 3000,
  options: ConnectRedisOptions = {},
): Promise<RedisClient> {
  const client = wantsCluster(url, options) ? clusterClient(url, timeoutMs) : singleClient(url, timeoutMs);
  let lastError: Error | undefined;
  client.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await withTimeout(
      client.connect().then(() => client.ping()),
      timeoutMs,
    );
    return client;
  } catch (error) {
    client.disconnect();
    const reason = (lastError ?? (error as Error)).message;
    const what = client instanceof Cluster ? 'the Redis Cluster' : 'Redis';
    throw new RedisUnavailableError(
      `cannot reach ${what} at ${safeRedisUrl(url)} (${reason}). Start one (${START_REDIS}) or set REDIS_URL.`,
    );
  }
}

/** Reconnect after 200 ms, 400 ms, … at most every 2 s. */
const reconnectDelay = (times: number): number => Math.min(times * 200, 2000);

function singleClient(url: string, timeoutMs: number): Redis {
  return new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    connectTimeout: timeoutMs,
    retryStrategy: reconnectDelay,
  });
}

/**
 * ioredis's Cluster client on the URL's nodes (it learns the rest from CLUSTER SLOTS). Credentials
 * and TLS come from the first node's URL and apply to every node, as on managed clusters.
 */
function clusterClient(url: string, timeoutMs: number): Cluster {
  const nodes = splitRedisUrl(url).map(clusterNode);
  const first = new URL(splitRedisUrl(url)[0] ?? DEFAULT_REDIS_URL);
  const password = redisPassword(first.href);
  const redisOptions: RedisOptions = {
    maxRetriesPerRequest: null,
    connectTimeout: timeoutMs,
    ...(first.username ? { username: decodeURIComponent(first.username) } : {}),
    ...(password ? { password } : {}),
    ...(first.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  return new Cluster(nodes, {
    lazyConnect: true,
    redisOptions,
    clusterRetryStrategy: reconnectDelay,
    // BullMQ's blocking commands and our retries must not give up while a failover settles.
    maxRedirections: 16,
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
  });
}

function clusterNode(nodeUrl: string): ClusterNode {
  const parsed = new URL(nodeUrl);
  return { host: parsed.hostname, port: Number(parsed.port || 6379) };
}
