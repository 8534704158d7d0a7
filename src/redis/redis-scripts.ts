import type { RedisClient } from './redis-client.ts';

/** A Lua script to define on a client as a command of its own. */
export interface ScriptDefinition {
  lua: string;
  /** How many of a call's arguments are keys. Default: none fixed, each call passes the count first. */
  numberOfKeys?: number;
}

/**
 * Defines each script on the client as a command of that name (ioredis sends EVALSHA, and the
 * script itself only when Redis lacks it), once per client: the classes sharing a client define
 * theirs as they are built. Returns the client, typed as holding the commands (`T`).
 */
export function defineScripts<T>(redis: RedisClient, scripts: Readonly<Record<string, ScriptDefinition>>): T {
  const client = redis as unknown as Record<string, unknown>;
  for (const [name, script] of Object.entries(scripts))
    if (typeof client[name] !== 'function') redis.defineCommand(name, script);
  return redis as unknown as T;
}
