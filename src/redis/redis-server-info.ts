import type { Redis } from 'ioredis';
import { capitalised } from '../capitalised.ts';
import type { RedisClient } from './redis-client.ts';
import { isCluster, masterNodes, nodeForKey } from './slot-node.ts';

/** What secon-bot needs to know about the Redis it runs on (doctor, worker start). */
export interface RedisServerInfo {
  /** `valkey` or `redis`. */
  server: string;
  /** The server's own version: `valkey_version` on Valkey, else `redis_version`. */
  version: string;
  /** The Redis version the server is compatible with (`redis_version`; Valkey 8 says 7.2.4). */
  redisVersion: string;
  /** Changes every time the server starts: how a restart is told apart from a reconnect. */
  runId: string;
  uptimeSeconds: number;
  appendonly: boolean;
  /** `always`, `everysec` or `no`; undefined when the server refuses CONFIG (managed Redis). */
  appendfsync?: string;
  /** undefined when the server refuses CONFIG. */
  maxmemoryPolicy?: string;
  /** On a Redis Cluster: how many masters, and which one (`host:port`) owns the project's slot. */
  cluster?: { masters: number; node: string };
}

/** The first Redis version with WAITAOF. */
const WAITAOF_SINCE = [7, 2] as const;

/** `key:value` lines of an INFO answer. */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) out[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return out;
}

/**
 * INFO server and persistence, and the two settings CONFIG GET tells (when it is allowed). On a
 * Redis Cluster these are asked of the master that owns `key`'s slot (the project's keys, see
 * redis-keys.ts): that server holds the data, and its append-only file confirms the claims.
 */
export async function readRedisServerInfo(client: RedisClient, key?: string): Promise<RedisServerInfo> {
  if (isCluster(client) && key === undefined)
    throw new Error('readRedisServerInfo on a Redis Cluster needs a key of the project (its slot names the server)');
  const redis: Redis = key === undefined ? (client as Redis) : await nodeForKey(client, key);
  const info = parseInfo(`${await redis.info('server')}\n${await redis.info('persistence')}`);
  const redisVersion = info.redis_version ?? 'unknown';
  const server = info.server_name || 'redis';
  return {
    server,
    version: info[`${server}_version`] ?? redisVersion,
    redisVersion,
    runId: info.run_id ?? '',
    uptimeSeconds: Number(info.uptime_in_seconds ?? 0),
    appendonly: info.aof_enabled === '1',
    appendfsync: await configValue(redis, 'appendfsync'),
    maxmemoryPolicy: await configValue(redis, 'maxmemory-policy'),
    ...(isCluster(client)
      ? { cluster: { masters: masterNodes(client).length, node: `${redis.options.host}:${redis.options.port}` } }
      : {}),
  };
}

async function configValue(redis: Redis, name: string): Promise<string | undefined> {
  try {
    const answer = (await redis.config('GET', name)) as string[];
    return answer[1];
  } catch {
    // CONFIG renamed or refused (managed services): the setting is simply not known.
    return undefined;
  }
}

/** True when the server knows WAITAOF (Redis 7.2 or later; every Valkey). */
export function hasWaitAof(info: Pick<RedisServerInfo, 'redisVersion'>): boolean {
  const [major = 0, minor = 0] = info.redisVersion.split('.').map(Number);
  return major > WAITAOF_SINCE[0] || (major === WAITAOF_SINCE[0] && minor >= WAITAOF_SINCE[1]);
}

/**
 * Why this server cannot confirm that a write is on disk (so a publish claim cannot be made
 * durable before the platform is called), or undefined when it can.
 */
export function undurableReason(info: RedisServerInfo): string | undefined {
  if (!hasWaitAof(info)) return `${describeServer(info)} has no WAITAOF (it needs Redis 7.2 or later, or Valkey)`;
  if (!info.appendonly) return 'appendonly is off, so nothing is written to an append-only file to wait for';
  if (info.appendfsync === 'no')
    return 'appendfsync is no: the server leaves fsyncs to the operating system, so WAITAOF is never confirmed';
  return undefined;
}

/** The first Redis version whose WAITAOF waits for the fsync under `appendfsync everysec`. */
const WAITAOF_FSYNC_FIXED = [8, 0] as const;

/**
 * Why a claim WAITAOF confirmed may still be lost in a power cut or OS crash on this server, or
 * undefined when it cannot. Under `appendfsync everysec`, Valkey (8.0.1 checked here with
 * dev/waitaof-fsync-check.ts: 200 claims confirmed, one fdatasync in between) and Redis before
 * 8.0 (redis/redis#13793 fixed it in 8.0 and dates it from 7.4; 7.2 is treated alike, unchecked)
 * answer WAITAOF once the write is in the append-only file, before it is fsynced: the claim
 * survives the server's own crash, not the machine's. `appendfsync always` fsyncs every write
 * before answering, on every version. A setting CONFIG does not tell is treated as everysec.
 */
export function unfsyncedClaimReason(info: RedisServerInfo): string | undefined {
  if (undurableReason(info) || info.appendfsync === 'always') return undefined;
  const [major = 0, minor = 0] = info.redisVersion.split('.').map(Number);
  const fixed =
    info.server === 'redis' &&
    (major > WAITAOF_FSYNC_FIXED[0] || (major === WAITAOF_FSYNC_FIXED[0] && minor >= WAITAOF_FSYNC_FIXED[1]));
  if (fixed) return undefined;
  const setting = info.appendfsync === undefined ? 'appendfsync is unknown (CONFIG refused)' : 'appendfsync everysec';
  return `${describeServer(info)} with ${setting} confirms a WAITAOF once the write is in the append-only file, before it is fsynced: a confirmed claim survives a crash of the server, but a power cut or an OS crash within about a second can still lose it (and its post could go out twice)`;
}

/** What makes a claim survive a power cut too. */
const FSYNCED_CLAIM_FIX =
  'set `appendfsync always` (every write fsynced before the server answers), or run Redis 8.0 or later';

/**
 * {@link unfsyncedClaimReason} with the way out, as doctor, the worker and the desk's health page
 * say it; undefined when a confirmed claim survives a power cut.
 */
export function unfsyncedClaimWarning(info: RedisServerInfo): string | undefined {
  const reason = unfsyncedClaimReason(info);
  return reason && `${reason}. For power cuts too: ${FSYNCED_CLAIM_FIX}`;
}

/** `appendonly yes, appendfsync everysec, maxmemory-policy noeviction` (doctor, the desk's health page). */
export function describeSettings(info: RedisServerInfo): string {
  const fsync = info.appendfsync ?? 'unknown (CONFIG refused)';
  const policy = info.maxmemoryPolicy ?? 'unknown (CONFIG refused)';
  return `appendonly ${info.appendonly ? 'yes' : 'no'}, appendfsync ${fsync}, maxmemory-policy ${policy}`;
}

/** `Valkey 8.0.1`, `Redis 7.0.15`. */
export function describeServer(info: Pick<RedisServerInfo, 'server' | 'version'>): string {
  return info.server === 'redis' ? `Redis ${info.version}` : `${capitalised(info.server)} ${info.version}`;
}
