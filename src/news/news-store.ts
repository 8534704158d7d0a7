import { createHash } from 'node:crypto';
import type { RedisClient } from '../redis/redis-client.ts';
import { globEscape, type RedisKeys } from '../redis/redis-keys.ts';
import { nodeForKey } from '../redis/slot-node.ts';
import { contentHash } from './content-hash.ts';
import type { NewsItem } from './news-item.ts';

/** What the store knows about an item compared with what was taken before. */
export interface NewsCheck {
  /** `new`: never taken; `unchanged`: taken with this content; `updated`: taken, content since edited. */
  status: 'new' | 'unchanged' | 'updated';
  hash: string;
  /** The hash taken before, for `updated`. */
  previousHash?: string;
  /** The language a person said the item is in (NewsStore.setLanguage), when they did. */
  language?: string;
}

/** Field names of the per-item Redis hash. */
const FIELD = { hash: 'hash', item: 'item', takenAt: 'takenAt', language: 'language' } as const;
/** Item keys read per SCAN step when filling `seen`. */
const FILL_BATCH = 500;

/**
 * The set of news items already taken, in Redis under `<prefix>:news:item:<id>` (a hash with
 * the content hash, the item as JSON, when it was taken, and the language a person said it is in).
 *
 * The item and its hash are kept as the item came (a feed's next poll of it must find it
 * unchanged); a person's language is laid over it where it is read (check's `language`, get()).
 *
 * check() and remember() are separate on purpose. The caller checks, plans and queues (idempotent:
 * the job id is the post id), and only then remembers. A crash in between means the item is taken
 * again next time and queuing it again is a no-op, so nothing is lost and nothing is posted twice.
 * Remembering first would lose the item on such a crash.
 */
export class NewsStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** The Redis key of one item. */
  key(id: string): string {
    return this.keys.newsItem(id);
  }

  async check(item: NewsItem): Promise<NewsCheck> {
    const [hash, language] = await this.redis.hmget(this.key(item.id), FIELD.hash, FIELD.language);
    return { ...compare(contentHash(item), hash ?? null), ...(language ? { language } : {}) };
  }

  /** check() for many items in one round trip. */
  async checkMany(items: readonly NewsItem[]): Promise<NewsCheck[]> {
    if (!items.length) return [];
    const pipeline = this.redis.pipeline();
    for (const item of items) pipeline.hmget(this.key(item.id), FIELD.hash, FIELD.language);
    const answers = (await pipeline.exec()) ?? [];
    return items.map((item, index) => {
      const [error, fields] = answers[index] ?? [new Error('no answer'), null];
      if (error) throw error;
      const [previous, language] = (fields as (string | null)[] | null) ?? [null, null];
      return { ...compare(contentHash(item), previous ?? null), ...(language ? { language } : {}) };
    });
  }

  /** For each id, whether an item with it was ever taken (whatever its content), in one round trip. */
  async knownMany(ids: readonly string[]): Promise<boolean[]> {
    if (!ids.length) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.exists(this.key(id));
    const answers = (await pipeline.exec()) ?? [];
    return ids.map((_id, index) => {
      const [error, count] = answers[index] ?? [new Error('no answer'), 0];
      if (error) throw error;
      return count === 1;
    });
  }

  /**
   * The ids of the items taken before under other ids with the same title and published time (in
   * no order): the same news again, as when a feed changes its items' GUIDs (a move to https, a
   * new CMS) or a news file is copied with a new id. Its posts would go out a second time.
   */
  async twinsOf(item: NewsItem): Promise<string[]> {
    const seen = await this.redis.smembers(this.keys.newsSeen(sameness(item)));
    return seen.filter((id) => id !== item.id);
  }

  /**
   * Fills `seen` once with the items taken before it was kept (by an earlier version of the bot):
   * else news such an installation took could come back under a new id unnoticed. Every key of a
   * project shares one slot (redis-keys.ts), so the node that owns it is scanned for the items; a
   * field marks the work done. Returns how many items it added (0 once done).
   */
  async fillSeen(): Promise<number> {
    if (await this.redis.exists(this.keys.newsSeenFilled)) return 0;
    const node = await nodeForKey(this.redis, this.keys.newsSeenFilled);
    const pattern = `${globEscape(this.key(''))}*`;
    let cursor = '0';
    let added = 0;
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', FILL_BATCH);
      cursor = next;
      if (!keys.length) continue;
      const read = this.redis.pipeline();
      for (const key of keys) read.hget(key, FIELD.item);
      const write = this.redis.pipeline();
      for (const [error, json] of (await read.exec()) ?? []) {
        if (error) throw error;
        if (typeof json !== 'string') continue;
        const item = JSON.parse(json) as NewsItem;
        write.sadd(this.keys.newsSeen(sameness(item)), item.id);
      }
      // SADD answers 1 where it added: an item this version took is in its set already.
      for (const [error, set] of (await write.exec()) ?? []) {
        if (error) throw error;
        if (set === 1) added++;
      }
    } while (cursor !== '0');
    await this.redis.set(this.keys.newsSeenFilled, new Date().toISOString());
    return added;
  }

  /** Records the item as taken with its current content. Call after its posts are queued. */
  async remember(item: NewsItem, now = new Date()): Promise<void> {
    await this.rememberMany([item], now);
  }

  /** remember() for many items in one round trip (MULTI, so a crash keeps all or none). */
  async rememberMany(items: readonly NewsItem[], now = new Date()): Promise<void> {
    if (!items.length) return;
    const multi = this.redis.multi();
    for (const item of items) {
      multi.hset(this.key(item.id), this.fields(item, now));
      multi.sadd(this.keys.newsSeen(sameness(item)), item.id);
    }
    await multi.exec();
  }

  /** The item as last remembered, in the language a person said it is in; or undefined. */
  async get(id: string): Promise<NewsItem | undefined> {
    const taken = await this.getTaken(id);
    return taken && inLanguage(taken.item, taken.language);
  }

  /** The item as last remembered, as it came (its own language), and the language a person said it is in. */
  async getTaken(id: string): Promise<{ item: NewsItem; language?: string } | undefined> {
    const [json, language] = await this.redis.hmget(this.key(id), FIELD.item, FIELD.language);
    if (!json) return undefined;
    return { item: JSON.parse(json) as NewsItem, ...(language ? { language } : {}) };
  }

  /**
   * Remembers that the item is in `language`, whatever its source says (a feed's item in another
   * language than the feed's): every later take of it, a feed's poll included, plans it so.
   */
  async setLanguage(id: string, language: string): Promise<void> {
    await this.redis.hset(this.key(id), FIELD.language, language);
  }

  private fields(item: NewsItem, now: Date): Record<string, string> {
    return { [FIELD.hash]: contentHash(item), [FIELD.item]: JSON.stringify(item), [FIELD.takenAt]: now.toISOString() };
  }
}

/**
 * What two items of the same news share even under different ids: the title (case and spacing
 * aside) and the published instant. Not the link (a feed without GUIDs takes its ids from the links,
 * which are what changes), nor the text (edited along the way).
 */
function sameness(item: NewsItem): string {
  const title = item.title.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256')
    .update(`${title}\n${Date.parse(item.published)}`)
    .digest('base64url')
    .slice(0, 22);
}

/** The item in the language a person said it is in (its own text, now of that language). */
export function inLanguage(item: NewsItem, language: string | undefined): NewsItem {
  return language && language !== item.language ? { ...item, language } : item;
}

function compare(hash: string, previous: string | null): NewsCheck {
  if (previous === null) return { status: 'new', hash };
  if (previous === hash) return { status: 'unchanged', hash };
  return { status: 'updated', hash, previousHash: previous };
}
