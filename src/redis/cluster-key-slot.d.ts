// cluster-key-slot ships no types: the one function secon-bot uses (the slot ioredis routes a key to).
declare module 'cluster-key-slot' {
  /** The Redis Cluster slot (0–16383) of a key, honouring a `{…}` hash tag. */
  export default function calculateSlot(key: string | Buffer): number;
}
