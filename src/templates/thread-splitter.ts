import type { LanguageData } from './language-data.ts';
import type { LengthMeasure } from './platform-rules.ts';
import { type BreakKind, endsSentence, textBreaks, withEllipsis } from './text-breaks.ts';
import { graphemes, measureText, protectedSpans, textWeight, wordWeight } from './text-measure.ts';

/** Options of {@link splitThread}. */
export interface ThreadOptions {
  /** Longest part, numbering included, in `measure` units. */
  limit: number;
  measure: LengthMeasure;
  language: LanguageData;
  /** Give up once the thread would have more parts than this (the work stays bounded). */
  maxParts: number;
  /**
   * Text a part holds whole wherever the body has it and it fits one part: the item's title, as
   * rendered. A reader must never see a headline broken across two posts; the part ends before
   * it instead. Longer than a part, it is split between words like any text.
   */
  keepWhole?: string;
  /**
   * When the tail does not fit the last part whole, the thread may take one more part to keep it,
   * up to this many parts (platforms.twitter.maxThreadParts); beyond, tags are left out as before.
   */
  partsForTail?: number;
}

/** A thread, or why there is none. */
export type ThreadSplit =
  | {
      ok: true;
      parts: string[];
      /** Hashtags (and mentions) of the tail left out, as written: they did not fit the last part. */
      dropped: string[];
    }
  | { ok: false; reason: 'too-many-parts' | 'unsplittable' };

/** The numbering that ends part `index` (1-based) of `total`: its own line, "2/3". */
export function partNumber(index: number, total: number): string {
  return `\n${index}/${total}`;
}

/** A word of the text (or a chunk of a word too long for a post), with what comes before it. */
interface Piece {
  text: string;
  weight: number;
  /** The whitespace before it, as written ("" for the first piece and between chunks). */
  sep: string;
  sepWeight: number;
  /** The break after it; null where the text must not be split. */
  kind: BreakKind | null;
  /** Inside a kept span (the title): the break the text has there, used only when keeping it whole would leave a part nearly empty. */
  keptKind?: BreakKind | null;
}

/** One place where the text is held in one part: its offsets (UTF-16) and its weight. */
interface KeptSpan {
  start: number;
  end: number;
  weight: number;
  /** Never split, however little the part before it holds: the tail with its line. */
  firm?: boolean;
}

/** Every place the body holds `keepWhole`, in order, none overlapping (a title written twice is kept twice). */
function keptSpans(body: string, options: ThreadOptions): KeptSpan[] {
  const kept = options.keepWhole;
  if (!kept || !/\s/u.test(kept)) return []; // one word has no break inside to keep
  const weight = textWeight(kept, options.measure);
  const spans: KeptSpan[] = [];
  for (let at = body.indexOf(kept); at >= 0; at = body.indexOf(kept, at + kept.length))
    spans.push({ start: at, end: at + kept.length, weight });
  return spans;
}

/**
 * The text's words with their weights; a plain word longer than `room` is cut between graphemes.
 * No break inside a kept span that fits `room`.
 */
function pieces(text: string, room: number, options: ThreadOptions, kept: readonly KeptSpan[]): Piece[] | null {
  const { measure, language } = options;
  const breaks = textBreaks(text, language);
  const out: Piece[] = [];
  // The first kept span that ends after the current gap: the only one that may hold it (the spans
  // are in order and the gaps too), so the check is one comparison per word.
  let span = 0;
  const keptBy = (i: number): KeptSpan | undefined => {
    const gapEnd = breaks.starts[i + 1] ?? text.length;
    while (span < kept.length && kept[span]!.end <= gapEnd) span++;
    const holder = kept[span];
    return holder !== undefined && holder.start < breaks.ends[i]! && holder.weight <= room ? holder : undefined;
  };
  for (let i = 0; i < breaks.starts.length; i++) {
    const word = text.slice(breaks.starts[i], breaks.ends[i]);
    const sep = i === 0 ? '' : text.slice(breaks.ends[i - 1], breaks.starts[i]);
    const sepWeight = wordWeight(sep, measure);
    const weight = wordWeight(word, measure);
    const holder = keptBy(i);
    const kind = holder ? null : breaks.kindAfter(i);
    if (weight <= room) {
      const keptKind = holder && !holder.firm ? { keptKind: breaks.kindAfter(i) } : {};
      out.push({ text: word, weight, sep, sepWeight, kind, ...keptKind });
      continue;
    }
    // A URL, hashtag or mention cannot be cut; a plain word is, between graphemes (never inside
    // an emoji or a letter with its marks).
    if (protectedSpans(word).length) return null;
    let chunk = '';
    let chunkWeight = 0;
    let first = true;
    const push = (last: boolean) => {
      out.push({
        text: chunk,
        weight: chunkWeight,
        sep: first ? sep : '',
        sepWeight: first ? sepWeight : 0,
        kind: last ? kind : 'word',
      });
      first = false;
    };
    for (const grapheme of graphemes(word, language.locale)) {
      const w = wordWeight(grapheme, measure);
      if (chunk && chunkWeight + w > room) {
        push(false);
        chunk = '';
        chunkWeight = 0;
      }
      chunk += grapheme;
      chunkWeight += w;
    }
    push(true);
  }
  return out;
}

/** A part ends at a sentence end only when that keeps at least this share of the part's room. */
const FULL_ENOUGH = 0.4;

/** Where a part that starts at a given piece ends, and its weight. */
interface PartEnd {
  end: number;
  ellipsised: boolean;
  weight: number;
}

/**
 * Where the part starting at piece `a` ends: at its last sentence end when that fills it enough,
 * else at its last clause boundary or word (ending with "…"). `keptBreaks`: the breaks inside a
 * kept span count too. Null when not even one piece fits.
 */
function partEnd(list: Piece[], a: number, room: number, ellipsis: number, keptBreaks: boolean): PartEnd | null {
  let weight = 0;
  const weights: number[] = [];
  let sentence = -1;
  let clause = -1;
  let word = -1;
  let b = a;
  for (; b < list.length; b++) {
    const piece = list[b]!;
    const add = (b > a ? piece.sepWeight : 0) + piece.weight;
    if (weight + add > room) break;
    weight += add;
    weights.push(weight);
    const kind = keptBreaks && piece.keptKind !== undefined ? piece.keptKind : piece.kind;
    if (!kind) continue;
    if (endsSentence(kind)) sentence = b;
    else if (weight + ellipsis <= room) {
      if (kind === 'clause') clause = b;
      word = b;
    }
  }
  const at = (end: number, ellipsised = false): PartEnd => ({ end, ellipsised, weight: weights[end - a]! });
  if (b === list.length) return at(list.length - 1);
  if (sentence >= 0 && (weights[sentence - a]! >= FULL_ENOUGH * room || (clause < 0 && word < 0))) return at(sentence);
  if (clause >= 0 && clause >= sentence) return at(clause, true);
  if (word >= 0 && word >= sentence) return at(word, true);
  if (sentence >= 0) return at(sentence);
  if (b > a) return at(b - 1); // only forbidden breaks (or a chunked word): split anyway
  return null;
}

/**
 * Packs the pieces into parts of at most `room`, greedily (see {@link partEnd}). A part that would
 * end before a kept span (the title) holding less than FULL_ENOUGH of its room — the reminder's
 * "⏰ Reminder – tomorrow" alone, a thread's first post saying nearly nothing — takes the start of
 * the span instead, split where a reader would stop. Each piece is looked at a bounded number of
 * times, so the work is linear in the text. Returns null once there would be more than `maxParts` parts.
 */
function pack(list: Piece[], room: number, ellipsis: number, maxParts: number): string[] | null {
  const parts: string[] = [];
  let a = 0;
  while (a < list.length) {
    if (parts.length >= maxParts) return null;
    let cut = partEnd(list, a, room, ellipsis, false);
    const beforeKept = cut && cut.end + 1 < list.length && list[cut.end + 1]!.keptKind !== undefined;
    if (cut && beforeKept && cut.weight < FULL_ENOUGH * room) {
      const fuller = partEnd(list, a, room, ellipsis, true);
      if (fuller && fuller.weight > cut.weight) cut = fuller;
    }
    if (!cut) return null;
    let text = list[a]!.text;
    for (let k = a + 1; k <= cut.end; k++) text += list[k]!.sep + list[k]!.text;
    parts.push(cut.ellipsised ? withEllipsis(text) : text);
    a = cut.end + 1;
  }
  return parts;
}

/**
 * The part of `tail` (mentions and hashtags, one space apart) that `fits`, leaving out hashtags
 * from the end, then mentions, until it does. Returns the tail kept ("" for none) and what was
 * left out, as written. Used for a thread's last part and for a post that fits without some tags.
 */
export function fitTail(tail: string, fits: (tail: string) => boolean): { text: string; dropped: string[] } {
  const tokens = tail.split(' ').filter(Boolean);
  const dropped: string[] = [];
  for (;;) {
    const text = tokens.join(' ');
    if (fits(text) || !tokens.length) return { text, dropped: dropped.reverse() };
    const lastTag = tokens.findLastIndex((token) => token.startsWith('#'));
    dropped.push(...tokens.splice(lastTag < 0 ? tokens.length - 1 : lastTag, 1));
  }
}

/** A thread part with the tail on its own last line. */
const withTailLine = (part: string, tail: string) => (tail ? `${part}\n${tail}` : part);

/**
 * Cuts `body` into numbered parts ("…\n1/3") where a reader would (see text-breaks.ts), each
 * within the limit, and puts `tail` (mentions and hashtags) on the last part: never a part of
 * hashtags alone. When the tail does not fit the last part whole, the body's last line (the
 * "Read more" link) goes with it to a part of its own, if the thread may have one more part
 * (`partsForTail`); else the hashtags that do not fit are left out (and reported). Room for the
 * numbering is kept for one-digit counts and, past nine parts, for two. Every part is measured
 * once more with twitter-text at the end. Linear in the text: a text heavier than `maxParts`
 * full posts is refused before it is split at all.
 */
export function splitThread(body: string, tail: string, options: ThreadOptions): ThreadSplit {
  const split = splitWithTail(body, tail, options, false);
  // Text that fits one post stays one post with fewer tags (post-fitter.ts): no thread whose first
  // part is the words alone, only to keep a tag.
  if (!split.ok || !split.dropped.length || split.parts.length < 2) return split;
  const whole = splitWithTail(body, tail, options, true);
  const partsForTail = options.partsForTail ?? split.parts.length;
  return whole.ok && whole.parts.length <= partsForTail ? whole : split;
}

/**
 * {@link splitThread} with the tail fitted to the last part (`glued` false), or packed with the
 * body's last line as one text that no part boundary splits (`glued` true; refused when that
 * line and the tail do not fit one part).
 */
function splitWithTail(body: string, tail: string, options: ThreadOptions, glued: boolean): ThreadSplit {
  const { limit, measure, maxParts } = options;
  const text = glued ? withTailLine(body, tail) : body;
  if (measureText(text, measure) > limit * maxParts) return { ok: false, reason: 'too-many-parts' };
  const ellipsis = wordWeight(' …', measure);
  const fits = (part: string) => measureText(part, measure) <= limit;
  const lastLine = body.lastIndexOf('\n') + 1;
  const tailSpan: KeptSpan = { start: lastLine, end: text.length, weight: textWeight(text.slice(lastLine), measure) };
  // A title that reaches into the last line is not held apart from it: the spans must not overlap.
  const kept = glued
    ? [...keptSpans(body, options).filter((span) => span.end <= lastLine), { ...tailSpan, firm: true }]
    : keptSpans(body, options);
  for (const width of [9, 99]) {
    let room = limit - wordWeight(partNumber(width, width), measure);
    if (glued && tailSpan.weight > room - ellipsis) return { ok: false, reason: 'unsplittable' };
    // The weights are exact for plain text; should twitter-text count a part higher (a URL
    // formed across words), pack again with that much less room.
    for (let attempt = 0; attempt < 3; attempt++) {
      const list = pieces(text, room - ellipsis, options, kept);
      if (!list) return { ok: false, reason: 'unsplittable' };
      const parts = pack(list, room, ellipsis, maxParts);
      if (!parts) return { ok: false, reason: 'too-many-parts' };
      if (parts.length > width) break;
      const total = parts.length;
      const lastPart = parts[total - 1]!;
      const last = glued
        ? { text: '', dropped: [] }
        : fitTail(tail, (kept) => fits(withTailLine(lastPart, kept) + partNumber(total, total)));
      parts[total - 1] = withTailLine(lastPart, last.text);
      const numbered = parts.map((part, i) => part + partNumber(i + 1, total));
      const over = Math.max(...numbered.map((part) => measureText(part, measure) - limit));
      if (over <= 0) return { ok: true, parts: numbered, dropped: last.dropped };
      room -= over;
    }
  }
  return { ok: false, reason: 'too-many-parts' };
}
