import { readFileSync, statSync, truncateSync } from 'node:fs';

/** What one {@link AofTail.cut} did. */
export interface AofCut {
  /** Size of the append-only file when the server died. */
  size: number;
  /** Its size about one second earlier: what `appendfsync everysec` may leave after a power cut. */
  secondAgo: number;
  /**
   * The end of the last durable-claim round in the file (0 without one): a WAITAOF that confirmed
   * may have been answered for every byte up to here, so no faithful cut goes below it.
   */
  confirmedFloor: number;
  /** Where the file was cut: max(secondAgo, confirmedFloor). */
  cutTo: number;
}

/** How long size samples are kept. */
const KEEP_MS = 5000;
/** How often the file's size is sampled. */
const SAMPLE_MS = 20;
/** What a power cut loses at most under `appendfsync everysec`. */
export const UNFSYNCED_MS = 1000;

/**
 * The power-cut model of the crash test: Redis runs with `appendfsync everysec`, so after a power
 * cut its append-only file holds what was fsynced, up to a second less than it wrote. The file's
 * size is sampled while Redis runs; when the test kills Redis, {@link cut} truncates the file to
 * its size one second earlier — but never below the last durable-claim round: WAITAOF answers only
 * once the file is fsynced up to the caller's writes, so a faithful cut may not lose a byte a
 * WAITAOF may have confirmed. INFO does not tell the server's fsync offset, so the round is found
 * in the file itself: every round writes `INCR <prefix>:durable-claim` before its WAITAOF, and
 * everything before that write (the claim among it) is covered when the round confirms. Taking the
 * last such write in the file, confirmed or not yet, can only keep more than the worst case, never less.
 * That is the model of a server whose WAITAOF waits for the fsync (appendfsync always, or Redis 8.0+).
 * Valkey under everysec, which the test runs, answers before the fsync (redis-server-info.ts,
 * unfsyncedClaimReason): a real power cut could take more from it than this cut does. The test
 * checks the bot against a server that keeps its word; the doctor and the worker say which kind
 * of server they run on.
 */
export class AofTail {
  private samples: Array<{ at: number; size: number }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** The append-only file Redis writes to now. */
    private readonly file: () => string | undefined,
    /** The durable-claim counter's key (redis-keys.ts `durableClaim`). */
    private readonly roundKey: string,
  ) {}

  /** Samples the file's size while Redis runs (call again after every restart). */
  start(): void {
    this.stop();
    this.samples = [];
    const sample = () => {
      const file = this.file();
      if (!file) return;
      try {
        this.samples.push({ at: Date.now(), size: statSync(file).size });
      } catch {
        return;
      }
      while (this.samples.length && this.samples[0]!.at < Date.now() - KEEP_MS) this.samples.shift();
    };
    sample();
    this.timer = setInterval(sample, SAMPLE_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** After Redis was killed: cuts the file back to what a power cut at `killedAt` may leave. */
  cut(killedAt: number): AofCut {
    this.stop();
    const file = this.file();
    if (!file) throw new Error('no append-only file to cut');
    const size = statSync(file).size;
    const before = this.samples.filter((s) => s.at <= killedAt - UNFSYNCED_MS).at(-1) ?? this.samples[0];
    const secondAgo = Math.min(size, before?.size ?? size);
    const confirmedFloor = lastRoundEnd(readFileSync(file), this.roundKey);
    const cutTo = Math.max(secondAgo, Math.min(confirmedFloor, size));
    if (cutTo < size) truncateSync(file, cutTo);
    return { size, secondAgo, confirmedFloor, cutTo };
  }
}

/** The byte after the last `INCR <key>` in an append-only file (RESP: the key is its last argument). */
export function lastRoundEnd(aof: Buffer, key: string): number {
  const needle = Buffer.from(`\r\n${key}\r\n`);
  const at = aof.lastIndexOf(needle);
  return at < 0 ? 0 : at + needle.length;
}
