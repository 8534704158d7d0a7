import { ELLIPSIS } from './platform-rules.ts';
import { graphemeCount, segmenter } from './segmenters.ts';
import { protectedSpans } from './text-measure.ts';

/** Options of {@link shortenToFit}. */
export interface ShortenOptions {
  /** Locale for word boundaries. */
  locale: string;
  /** Keep at least this many graphemes (or the whole text when shorter); else give up. Default 1. */
  minGraphemes?: number;
}

/** Characters not worth keeping right before an ellipsis ("word,…", "word –…"). */
const DANGLING = /[\s,;:.\-–—([{«„“‚‘"'/]+$/u;

/**
 * Word-boundary cut points of `text` (UTF-16 offsets after a word), never inside a URL, hashtag or
 * mention. Word boundaries come from Intl.Segmenter, so they are grapheme boundaries too: an emoji
 * sequence or a letter with its combining marks is never split.
 */
export function wordCutPoints(
  text: string,
  locale: string,
  spans: Array<[number, number]> = protectedSpans(text),
): number[] {
  const inside = (cut: number) => spans.some(([start, end]) => cut > start && cut < end);
  const cuts = new Set<number>();
  for (const segment of segmenter(locale, 'word').segment(text)) {
    if (!segment.isWordLike) continue;
    const cut = segment.index + segment.segment.length;
    if (!inside(cut)) cuts.add(cut);
  }
  for (const [, end] of spans) cuts.add(end);
  return [...cuts].filter((cut) => cut > 0 && cut < text.length).sort((a, b) => a - b);
}

/**
 * The text cut at `cut`, tidied, with an ellipsis (after a space when it ends in a URL or tag, which
 * the ellipsis would otherwise join). `spans` are the text's protected spans when already known.
 */
export function cutWithEllipsis(
  text: string,
  cut: number,
  spans: Array<[number, number]> = protectedSpans(text),
): string {
  const head = text.slice(0, cut);
  if (spans.some(([, end]) => end === cut)) return `${head} ${ELLIPSIS}`;
  return `${head.replace(DANGLING, '')}${ELLIPSIS}`;
}

/**
 * The longest word-boundary prefix of `text` (with an ellipsis) that `fits`, or `text` itself when it
 * fits whole; null when even the shortest allowed prefix does not fit. `fits` must be monotonic
 * (a shorter candidate never fits worse), which lengths are, so a binary search finds the cut.
 */
export function shortenToFit(
  text: string,
  fits: (candidate: string) => boolean,
  options: ShortenOptions,
): string | null {
  if (fits(text)) return text;
  const minimum = Math.min(options.minGraphemes ?? 1, graphemeCount(text, options.locale));
  const spans = protectedSpans(text);
  const cuts = wordCutPoints(text, options.locale, spans);
  let low = 0;
  let high = cuts.length - 1;
  let best: string | null = null;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const candidate = cutWithEllipsis(text, cuts[mid]!, spans);
    if (fits(candidate)) {
      best = candidate;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  if (best === null) return null;
  // The ellipsis itself is not content: count what is kept of the original.
  return graphemeCount(best, options.locale) - 1 >= minimum ? best : null;
}
