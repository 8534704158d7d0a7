import calculateSlot from 'cluster-key-slot';
import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from './redis-client.ts';

/** True when the client talks to a Redis Cluster. */
export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

/**
 * The connection to the server that holds `key`: the client itself on a single server; on a
 * cluster, the master that owns the key's slot. Commands without keys (INFO, CONFIG, WAITAOF) must
 * go there: a cluster client sends them to any node, and only this one holds the project's data,
 * its append-only file and its run id (every key of a project shares one slot, redis-keys.ts).
 */
export async function nodeForKey(client: RedisClient, key: string): Promise<Redis> {
  if (!isCluster(client)) return client;
  const slot = calculateSlot(key);
  let node = findSlotOwner(client, slot);
  if (!node) {
    // The slot map is loaded on connect and refreshed after a MOVED: a keyed read does both.
    await client.exists(key);
    node = findSlotOwner(client, slot);
  }
  if (!node) throw new Error(`no Redis Cluster node owns slot ${slot} (key ${key}); is the cluster fully assigned?`);
  return node;
}

function findSlotOwner(cluster: Cluster, slot: number): Redis | undefined {
  const owner = cluster.slots[slot]?.[0];
  if (!owner) return undefined;
  return cluster.nodes('master').find((node) => nodeKey(node) === owner);
}

/** `host:port`, as ioredis names nodes in its slot map. */
function nodeKey(node: Redis): string {
  return `${node.options.host}:${node.options.port}`;
}

/** Every server to scan for keys: the masters of a cluster, or the one server. */
export function masterNodes(client: RedisClient): Redis[] {
  return isCluster(client) ? client.nodes('master') : [client];
}
