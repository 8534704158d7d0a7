import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../src/redis/redis-client.ts';
import type { RedisKeys } from '../src/redis/redis-keys.ts';

/** A news text someone uploaded or pasted, kept between checking it and scheduling it. */
export interface NewsDraft {
  id: string;
  /** File name as given (or made up for pasted text); the format follows its ending. */
  name: string;
  text: string;
  /** Who uploaded it: only they can schedule it. */
  user: string;
}

/** Drafts live a day: long enough to fix and check again, short enough to leave nothing behind. */
const DRAFT_TTL_SECONDS = 24 * 3600;

/** Uploaded and pasted news in Redis (`webDraft` in the key map) until scheduled or expired. */
export class NewsDrafts {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  private key(id: string): string {
    return this.keys.webDraft(id);
  }

  async save(draft: Omit<NewsDraft, 'id'>): Promise<NewsDraft> {
    const saved = { ...draft, id: randomBytes(16).toString('base64url') };
    await this.redis.set(this.key(saved.id), JSON.stringify(saved), 'EX', DRAFT_TTL_SECONDS);
    return saved;
  }

  /** The draft, if it exists and belongs to `user`. */
  async get(id: string, user: string): Promise<NewsDraft | undefined> {
    if (!/^[A-Za-z0-9_-]{22}$/.test(id)) return undefined;
    const json = await this.redis.get(this.key(id));
    const draft = json ? (JSON.parse(json) as NewsDraft) : undefined;
    return draft?.user === user ? draft : undefined;
  }

  async delete(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }
}
