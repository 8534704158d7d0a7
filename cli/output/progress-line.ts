import { paint } from './colour.ts';

/** Options of {@link ProgressLine}. */
export interface ProgressOptions {
  /** Nothing is shown for work that ends sooner. Default 2 s. */
  delayMs?: number;
  /** Where the line goes (stdout stays for the command's data). Default: stderr. */
  stream?: NodeJS.WriteStream;
  /** Not on a terminal: one plain line at most this often. Default 5 s. */
  plainEveryMs?: number;
}

/** Redraws on a terminal at most this often. */
const REDRAW_MS = 100;

/**
 * One progress line on stderr for work that can take a while (import, export, report, ingest of
 * many items, the demo). On a terminal it is redrawn in place and removed at the end; elsewhere
 * (a log, CI) it becomes an occasional plain line. Work that ends within the delay shows nothing.
 */
export class ProgressLine {
  private readonly started = Date.now();
  private readonly delayMs: number;
  private readonly plainEveryMs: number;
  private readonly stream: NodeJS.WriteStream;
  private lastDraw = 0;
  private drawn = false;
  private done = 0;
  private detail = '';
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly label: string,
    private total?: number,
    options: ProgressOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 2000;
    this.plainEveryMs = options.plainEveryMs ?? 5000;
    this.stream = options.stream ?? process.stderr;
    // Redraws the elapsed time while nothing reports progress (a long single step).
    this.timer = setInterval(() => this.draw(), 1000);
    this.timer.unref();
  }

  /** Work done so far (and the total, when it became known), with an optional word on what runs now. */
  update(done: number, detail?: string, total?: number): void {
    this.done = done;
    if (total !== undefined) this.total = total;
    if (detail !== undefined) this.detail = detail;
    this.draw();
  }

  /** Takes the line off a terminal for a moment, so other output can be written; the next update redraws it. */
  clear(): void {
    if (this.drawn && this.stream.isTTY) {
      this.stream.write('\r\x1b[2K');
      this.lastDraw = 0;
    }
  }

  /** Removes the line for good; what follows is the command's own output. */
  finish(): void {
    clearInterval(this.timer);
    this.clear();
  }

  /** The text of the line, e.g. "importing 12,000 / 144,000 (8%) · 3 s". */
  text(now = Date.now()): string {
    const count = this.total
      ? `${fmt(this.done)} / ${fmt(this.total)} (${Math.floor((100 * this.done) / this.total)}%)`
      : this.done
        ? fmt(this.done)
        : '';
    const seconds = `${Math.round((now - this.started) / 1000)} s`;
    return [this.label, count, this.detail, seconds].filter(Boolean).join(' · ');
  }

  private draw(): void {
    const now = Date.now();
    if (now - this.started < this.delayMs) return;
    if (this.stream.isTTY) {
      if (now - this.lastDraw < REDRAW_MS) return;
      const width = (this.stream.columns || 80) - 1;
      this.stream.write(`\r\x1b[2K${paint('dim', this.text(now).slice(0, width), this.stream)}`);
    } else {
      if (this.drawn && now - this.lastDraw < this.plainEveryMs) return;
      this.stream.write(`${this.text(now)}\n`);
    }
    this.lastDraw = now;
    this.drawn = true;
  }
}

function fmt(n: number): string {
  return n.toLocaleString('en');
}
