import type { Cluster, Redis } from 'ioredis';

/**
 * The connection the bot works through: one Redis server, or a Redis Cluster (ioredis's Cluster
 * client, which routes each command by its key's slot). Every key of one project shares a slot
 * (see redis-keys.ts), so code that only sends keyed commands treats both alike; what needs the
 * server itself (INFO, CONFIG, WAITAOF) asks `nodeForKey` for the node that owns the slot.
 */
export type RedisClient = Redis | Cluster;
