import { segmenter } from './segmenters.ts';
import { protectedSpans } from './text-measure.ts';

/** Options of {@link splitThread}. */
export interface ThreadOptions {
  /** Longest part, numbering included, in `measure` units. */
  limit: number;
  measure: (text: string) => number;
  /** Locale for sentence and word boundaries. */
  locale: string;
}

/** A piece of text and what separates it from the piece before ("\n\n", "\n", " " or ""). */
interface Unit {
  sep: string;
  text: string;
}

/** The numbering that ends part `index` (1-based) of `total`: its own line, "2/3". */
export function partNumber(index: number, total: number): string {
  return `\n${index}/${total}`;
}

/**
 * Sentence boundaries of a line, never inside a URL, hashtag or mention (a sentence segmenter sees
 * the "?" of a query string as the end of a question).
 */
function sentenceCuts(line: string, locale: string): number[] {
  const spans = protectedSpans(line);
  const cuts: number[] = [];
  for (const sentence of segmenter(locale, 'sentence').segment(line)) {
    const cut = sentence.index;
    if (cut > 0 && !spans.some(([start, end]) => cut > start && cut < end)) cuts.push(cut);
  }
  return cuts;
}

/** Paragraph and line breaks kept as separators; each line cut into sentences. */
function sentenceUnits(text: string, locale: string): Unit[] {
  const units: Unit[] = [];
  let pendingBreak = '';
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (units.length) pendingBreak = '\n\n';
      continue;
    }
    const bounds = [0, ...sentenceCuts(line, locale), line.length];
    let sep = units.length === 0 ? '' : pendingBreak || '\n';
    for (let i = 0; i + 1 < bounds.length; i++) {
      const piece = line.slice(bounds[i], bounds[i + 1]);
      const trimmed = piece.trim();
      if (trimmed) {
        units.push({ sep: units.length === 0 ? '' : sep, text: trimmed });
        sep = /\s$/u.test(piece) ? ' ' : '';
      }
    }
    pendingBreak = '';
  }
  return units;
}

/** Words (whitespace-separated, so a URL or hashtag is always whole), the first keeping `sep`. */
function wordUnits(unit: Unit): Unit[] {
  return unit.text
    .split(/\s+/u)
    .filter(Boolean)
    .map((text, i) => ({ sep: i === 0 ? unit.sep : ' ', text }));
}

/** Graphemes of a word too long for a post by itself (never a URL: it counts 23). */
function graphemeUnits(unit: Unit, locale: string): Unit[] {
  return [...segmenter(locale, 'grapheme').segment(unit.text)].map((g, i) => ({
    sep: i === 0 ? unit.sep : '',
    text: g.segment,
  }));
}

/** Packs units greedily into parts that fit with `reserve` (the numbering) appended. */
function pack(units: Unit[], fits: (text: string) => boolean, locale: string): string[] {
  const parts: string[] = [];
  let current = '';
  const place = (unit: Unit, depth: number): void => {
    const joined = current ? `${current}${unit.sep}${unit.text}` : unit.text;
    if (fits(joined)) {
      current = joined;
      return;
    }
    if (current && fits(unit.text)) {
      parts.push(current);
      current = unit.text;
      return;
    }
    // Too long even for a part of its own: a sentence goes word by word, a word grapheme by grapheme.
    const smaller = depth === 0 ? wordUnits(unit) : depth === 1 ? graphemeUnits(unit, locale) : [];
    const isEntity = depth === 1 && protectedSpans(unit.text).length > 0;
    if (smaller.length <= 1 || isEntity) {
      if (current) parts.push(current);
      current = unit.text; // cannot be made smaller: the caller checks every part
      return;
    }
    for (const piece of smaller) place(piece, depth + 1);
  };
  for (const unit of units) place(unit, 0);
  if (current) parts.push(current);
  return parts;
}

/**
 * Cuts `text` into numbered parts ("…\n1/3"), each within the limit: at sentence boundaries where
 * possible, else between words, so a URL, hashtag or mention is never cut. The numbering's width
 * depends on the count, so parts are packed reserving room for a wide enough number and repacked
 * if the count outgrows it. Returns null when some part cannot fit (a single unbreakable token
 * longer than the limit).
 */
export function splitThread(text: string, options: ThreadOptions): string[] | null {
  const units = sentenceUnits(text, options.locale);
  let width = 9;
  for (;;) {
    const reserve = partNumber(width, width);
    const parts = pack(units, (candidate) => options.measure(candidate + reserve) <= options.limit, options.locale);
    if (parts.length > width) {
      width = width * 10 + 9;
      continue;
    }
    const numbered = parts.map((part, i) => part + partNumber(i + 1, parts.length));
    return numbered.every((part) => options.measure(part) <= options.limit) ? numbered : null;
  }
}
