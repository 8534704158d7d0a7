import type { LanguageData } from './language-data.ts';
import type { LengthMeasure } from './platform-rules.ts';
import { type BreakKind, endsSentence, textBreaks, withEllipsis } from './text-breaks.ts';
import { graphemeCount, wordWeight } from './text-measure.ts';

/** Options of {@link shortenText}. */
export interface ShortenOptions {
  language: LanguageData;
  /** The platform's unit. */
  measure: LengthMeasure;
  /** What the platform's text makes of a piece before it is counted (LinkedIn escaping). Default: as is. */
  transform?: (text: string) => string;
  /** The most the shortened text may weigh, its ellipsis included. */
  budget: number;
  /** Keep at least this many graphemes (or the whole text when shorter); 0 allows dropping it all. */
  minGraphemes: number;
}

/** The last break of each kind that fits the budget: [end offset of the kept text, cost]. */
type Best = Partial<Record<BreakKind, number>>;

/** Cuts in order of preference: the end of a sentence (or line), a clause, a word. */
const PREFERENCE: ReadonlyArray<readonly BreakKind[]> = [['line', 'sentence'], ['clause'], ['word']];

/**
 * A sentence or clause boundary is preferred only when it keeps at least this share of what a cut
 * at the last word would keep: a clean end is worth a few words, not most of the text.
 */
const WORTH_A_CLEAN_END = 0.5;

/**
 * `text` cut to fit `budget`, where a reader would stop: at the last sentence end that fits (the
 * full stop kept, no ellipsis), else at the last clause boundary, else at the last word that is
 * not a function word, abbreviation or ordinal (with "…"); never inside a URL, hashtag or mention.
 * A sentence or clause end must keep at least half of what the word cut keeps.
 * One pass over the words with their weights summed, so the cost is linear in the text. Returns
 * null when no allowed cut keeps `minGraphemes` (with `minGraphemes` 0: the empty text).
 * The caller measures the result in the whole post: the weights are the platform's own count for
 * plain text and twitter-text's for the rest, and a post is checked once more as a whole.
 */
export function shortenText(text: string, options: ShortenOptions): string | null {
  const { language, measure } = options;
  const transform = options.transform ?? ((piece: string) => piece);
  const weigh = (piece: string) => wordWeight(transform(piece), measure);
  // A space and an ellipsis, the most an ellipsis adds.
  const ellipsis = weigh(' …');
  const breaks = textBreaks(text, language);
  const best: Best = {};
  let weight = 0;
  for (let i = 0; i < breaks.starts.length; i++) {
    if (i > 0) weight += weigh(text.slice(breaks.ends[i - 1], breaks.starts[i]));
    weight += weigh(text.slice(breaks.starts[i], breaks.ends[i]));
    if (weight > options.budget) break;
    const kind = breaks.kindAfter(i);
    if (!kind) continue;
    if (weight + (endsSentence(kind) ? 0 : ellipsis) <= options.budget) best[kind] = breaks.ends[i]!;
  }
  const minimum = Math.min(options.minGraphemes, graphemeCount(text, language.locale));
  const longest = Math.max(-1, ...Object.values(best));
  for (const kinds of PREFERENCE) {
    const ends = kinds.map((kind) => best[kind] ?? -1);
    const end = Math.max(...ends);
    if (end < 0 || end < WORTH_A_CLEAN_END * longest) continue;
    const head = text.slice(0, end);
    if (graphemeCount(head, language.locale) < minimum) continue;
    return endsSentence(kinds[ends.indexOf(end)]!) ? head : withEllipsis(head);
  }
  return minimum === 0 ? '' : null;
}
