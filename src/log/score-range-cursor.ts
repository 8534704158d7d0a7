import type { RedisClient } from '../redis/redis-client.ts';

/** One member of a sorted set with its score. */
export interface ScoredMember {
  member: string;
  score: number;
}

/** Options for {@link ScoreRangeCursor}. */
export interface ScoreRangeOptions {
  /** Lowest score, inclusive (`-inf` for none). Default `-inf`. */
  min?: number | '-inf';
  /** Highest score, exclusive (`+inf` for none). Default `+inf`. */
  maxExclusive?: number | '+inf';
  /** Highest score first. Default false. */
  rev?: boolean;
  /** Members fetched per round trip. Default 500. */
  pageSize?: number;
}

/**
 * Walks a score range of one sorted set in pages, in Redis order (score, then member). Each page
 * starts at the last score seen and skips only the members already returned at that score, so a
 * page costs O(log N + page) however large the set is — no growing OFFSET.
 */
export class ScoreRangeCursor {
  private buffer: ScoredMember[] = [];
  private exhausted = false;
  private lastScore: number | undefined;
  /** Members already returned whose score equals lastScore. */
  private atLastScore = 0;
  private readonly min: string;
  private readonly max: string;
  private readonly rev: boolean;
  private readonly pageSize: number;

  constructor(
    private readonly redis: RedisClient,
    readonly key: string,
    options: ScoreRangeOptions = {},
  ) {
    this.min = String(options.min ?? '-inf');
    this.max =
      options.maxExclusive === undefined || options.maxExclusive === '+inf' ? '+inf' : `(${options.maxExclusive}`;
    this.rev = options.rev ?? false;
    this.pageSize = options.pageSize ?? 500;
  }

  /** The next member without consuming it; undefined at the end of the range. */
  async peek(): Promise<ScoredMember | undefined> {
    if (!this.buffer.length && !this.exhausted) await this.fetch();
    return this.buffer[0];
  }

  /** The next member if one is buffered (no round trip); undefined when a fetch is needed or the range is done. */
  buffered(): ScoredMember | undefined {
    return this.buffer[0];
  }

  /** Takes the buffered next member (call only after {@link buffered} returned one). */
  takeBuffered(): ScoredMember {
    const next = this.buffer.shift()!;
    if (next.score === this.lastScore) this.atLastScore++;
    else {
      this.lastScore = next.score;
      this.atLastScore = 1;
    }
    return next;
  }

  /** Takes every buffered member, in order. */
  takeAllBuffered(): ScoredMember[] {
    const out: ScoredMember[] = [];
    while (this.buffer.length) out.push(this.takeBuffered());
    return out;
  }

  private async fetch(): Promise<void> {
    let low = this.min;
    let high = this.max;
    let skip = 0;
    if (this.lastScore !== undefined) {
      if (this.rev) high = String(this.lastScore);
      else low = String(this.lastScore);
      skip = this.atLastScore;
    }
    const reply = this.rev
      ? await this.redis.zrange(this.key, high, low, 'BYSCORE', 'REV', 'LIMIT', skip, this.pageSize, 'WITHSCORES')
      : await this.redis.zrange(this.key, low, high, 'BYSCORE', 'LIMIT', skip, this.pageSize, 'WITHSCORES');
    for (let i = 0; i < reply.length; i += 2) this.buffer.push({ member: reply[i]!, score: Number(reply[i + 1]) });
    if (reply.length / 2 < this.pageSize) this.exhausted = true;
  }
}

/** Redis's own order of sorted-set members: by score, then by member bytes. */
function compare(a: ScoredMember, b: ScoredMember): number {
  if (a.score !== b.score) return a.score - b.score;
  return Buffer.compare(Buffer.from(a.member), Buffer.from(b.member));
}

/**
 * Merges several cursors (over disjoint sets) into one ordered walk, a run of members at a time:
 * each step takes the smallest head (largest when `rev`) among the buffered pages, and a round
 * trip happens only when a cursor's page runs dry. Memory stays one page per cursor. Why runs
 * and not single members: a history query walks hundreds of members, and an await per member
 * cost more than the query's reads (bench/log.bench.ts).
 */
export async function* mergeCursorRuns(cursors: ScoreRangeCursor[], rev = false): AsyncGenerator<ScoredMember[]> {
  const sign = rev ? -1 : 1;
  for (;;) {
    const live: ScoreRangeCursor[] = [];
    for (const cursor of cursors) if (await cursor.peek()) live.push(cursor);
    if (!live.length) return;
    // One set left (or only one to begin with): its page is already in order.
    if (live.length === 1) {
      yield live[0]!.takeAllBuffered();
      continue;
    }
    const run: ScoredMember[] = [];
    for (;;) {
      let best: ScoreRangeCursor | undefined;
      let bestHead: ScoredMember | undefined;
      for (const cursor of live) {
        const head = cursor.buffered();
        if (head && (!bestHead || sign * compare(head, bestHead) < 0)) {
          best = cursor;
          bestHead = head;
        }
      }
      if (!best) break;
      run.push(best.takeBuffered());
      // Its next page may hold a smaller head than the others' buffered ones: fetch before comparing again.
      if (!best.buffered()) break;
    }
    yield run;
  }
}
