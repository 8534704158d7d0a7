import type { LanguageData } from './language-data.ts';
import { protectedSpans } from './text-measure.ts';

/**
 * Where a text may be cut (shortening) or split (threads), found in one pass. Text is cut only
 * between words, that is at breakable whitespace: a URL, hashtag, mention or emoji never holds
 * any, and no-break spaces (French "9 h 30", "« mot »") are not breakable, so they survive.
 *
 * What a break after a word is worth, best first:
 * - `line`: a line break follows (the text's own structure);
 * - `sentence`: the word ends a sentence (". ! ? …", closing quotes allowed) and is not an
 *   abbreviation ("Nr.", "z. B.", "г.", "r."), an initial, or an ordinal ("Am 6." / "Mai");
 * - `clause`: the word ends with "," ";" ":" or is a dash;
 * - `word`: any other break.
 * No clause or word break where the cut would end on a function word (article, preposition,
 * conjunction, relative pronoun: templates/<lang>/language.yaml) once its ellipsis has replaced the
 * dangling punctuation — a text never ends on "the…", "und…" or, from "for a;", "for a…" —
 * nor on a number ("στις 14…", "a fund of 2…", "15, 16 and 17" cut to "15…"): a number cut from
 * its month or unit reads as another fact. The cut falls before it, or after the rest of the
 * phrase ("14 May…") where that fits; the digits are the same in every language, so is the rule.
 * No break at all before a word that starts with closing punctuation (a closing guillemet or
 * quote never starts a part), or after opening punctuation, an abbreviation or an ordinal.
 */
export type BreakKind = 'line' | 'sentence' | 'clause' | 'word';

/** The words of a text and what the break after each is worth. */
export interface TextBreaks {
  /** Start offsets of the words (UTF-16). */
  starts: number[];
  /** End offsets of the words. */
  ends: number[];
  /**
   * After word i: the kind of break, or null where the text must not be cut (and after the last
   * word). Worked out when asked: a shortened text asks only about the words it keeps.
   */
  kindAfter(i: number): BreakKind | null;
}

/** Breakable whitespace: every white space except the no-break ones (U+00A0, U+2007, U+202F). */
const BREAKABLE = /[^\S\u00a0\u2007\u202f]+/gu;
const SENTENCE_END = /[.!?…‼⁇⁈⁉]["'»”’)\]]*$/u;
/** An ellipsis standing alone ("for a … more"): it ends no sentence by itself. */
const LONE_ELLIPSIS = /^(?:…|\.{3})["'»”’)\]]*$/u;
const CLAUSE_END = /[,;:]["'»”’)\]]*$/u;
const DASH = /^[–—-]$/u;
const OPENING_ONLY = /^[«„“‚‘"'([{¿¡]+$/u;
const STARTS_CLOSING = /^[»”’)\]}!?:;,.…]/u;
const LEADING_PUNCTUATION = /^[«„“‚‘"'([{¿¡]+/u;
const INITIAL = /^[«„“‚‘"'([{]*\p{L}\.$/u;
const ORDINAL = /^[«„“‚‘"'([{]*\d{1,4}\.$/u;
/**
 * A number: digits with separators, signs, currency or percent, no letter (and no emoji):
 * "14", "2024", "1.500", "500 000" (no-break space), "10:00", "15–17", "€2", "40%", "(2024)".
 */
const NUMBER = /^[\p{P}\p{Sc}\p{Sm}]*\d[\d\p{P}\p{Sc}\p{Sm}\p{Zs}]*$/u;
/** Characters not worth keeping right before an ellipsis ("word,…", "word –…"). */
const DANGLING = /[\s,;:.\-–—([{«„“‚‘"'/]+$/u;
/** How far back the last word before an ellipsis is looked for: past any dangling punctuation. */
const TAIL_WINDOW = 64;

/** The language's abbreviations by their last word ("z. b." under "b."), looked up per word. */
const abbreviationsByEnd = new WeakMap<LanguageData, Map<string, string[]>>();

function abbreviationIndex(language: LanguageData): Map<string, string[]> {
  let index = abbreviationsByEnd.get(language);
  if (!index) {
    index = new Map();
    for (const abbreviation of language.abbreviations) {
      const last = abbreviation.slice(abbreviation.lastIndexOf(' ') + 1);
      index.set(last, [...(index.get(last) ?? []), abbreviation]);
    }
    abbreviationsByEnd.set(language, index);
  }
  return index;
}

/** True when the text up to `end` (whose last word is `bare`) ends with one of the language's abbreviations. */
function endsWithAbbreviation(text: string, end: number, bare: string, language: LanguageData): boolean {
  for (const abbreviation of abbreviationIndex(language).get(bare) ?? []) {
    const start = end - abbreviation.length;
    if (start < 0) continue;
    if (start > 0 && /[\p{L}\p{N}]/u.test(text.charAt(start - 1))) continue;
    if (text.slice(start, end).toLowerCase() === abbreviation) return true;
  }
  return false;
}

/** The word without opening punctuation, lower case: how it is looked up in the word lists. */
function bareWord(word: string): string {
  return word.replace(LEADING_PUNCTUATION, '').toLowerCase();
}

/** The break after `word` (at `end` of `text`), before `next`; `gap` is the whitespace between. */
function breakKind(
  text: string,
  word: string,
  end: number,
  gap: string,
  next: string,
  language: LanguageData,
): BreakKind | null {
  if (STARTS_CLOSING.test(next) || OPENING_ONLY.test(word)) return null;
  const noStop =
    INITIAL.test(word) ||
    (language.ordinalDot && ORDINAL.test(word)) ||
    endsWithAbbreviation(text, end, bareWord(word), language);
  if (gap.includes('\n')) return 'line';
  if (noStop) return null;
  // A lone ellipsis trails off the word before it, which is what the reader sees last: a cut after
  // "for a …" reads as "for a…", so it is held to the same rule as a cut mid-sentence.
  if (LONE_ELLIPSIS.test(word))
    return weakEnding(lastWordBefore(text, end - word.length), language) ? null : 'sentence';
  if (SENTENCE_END.test(word)) return 'sentence';
  const kind = CLAUSE_END.test(word) || DASH.test(word) ? 'clause' : 'word';
  // A cut here ends with an ellipsis that replaces dangling punctuation (a clause's "," ";" ":",
  // a dash, a quote), so what the reader sees last is the word before it: "… for a;" reads "… for a…".
  const last = DANGLING.test(word.charAt(word.length - 1)) ? lastWordBefore(text, end) : bareWord(word);
  return weakEnding(last, language) ? null : kind;
}

/** True when a cut must not leave `bare` last: a function word, or a number cut from what it counts. */
function weakEnding(bare: string, language: LanguageData): boolean {
  return language.functionWords.has(bare) || NUMBER.test(bare);
}

/** The last word (bare) of the text up to `end` once an ellipsis has replaced its dangling punctuation. */
function lastWordBefore(text: string, end: number): string {
  const tidy = text.slice(Math.max(0, end - TAIL_WINDOW), end).replace(DANGLING, '');
  return bareWord(tidy.slice(tidy.search(/\S*$/u)));
}

/** The words of `text` and the breaks between them, in one pass. */
export function textBreaks(text: string, language: LanguageData): TextBreaks {
  const starts: number[] = [];
  const ends: number[] = [];
  let from = 0;
  for (const gap of text.matchAll(BREAKABLE)) {
    if (gap.index > from) {
      starts.push(from);
      ends.push(gap.index);
    }
    from = gap.index + gap[0].length;
  }
  if (from < text.length) {
    starts.push(from);
    ends.push(text.length);
  }
  const kindAfter = (i: number): BreakKind | null =>
    i + 1 < starts.length
      ? breakKind(
          text,
          text.slice(starts[i], ends[i]),
          ends[i]!,
          text.slice(ends[i], starts[i + 1]),
          text.slice(starts[i + 1], ends[i + 1]),
          language,
        )
      : null;
  return { starts, ends, kindAfter };
}

/** True when a break of this kind ends a sentence: the cut keeps its full stop and needs no ellipsis. */
export function endsSentence(kind: BreakKind | null): boolean {
  return kind === 'line' || kind === 'sentence';
}

/** True when `text` ends with a URL, hashtag or mention, which an ellipsis right after would join. */
function endsWithEntity(text: string): boolean {
  const word = text.slice(text.search(/\S+$/u));
  return word !== '' && protectedSpans(word).some(([, end]) => end === word.length);
}

/**
 * The head of a text cut mid-sentence, with an ellipsis: dangling punctuation dropped ("word,…"),
 * and a space before the ellipsis when the head ends with a URL, hashtag or mention, which the
 * ellipsis would otherwise join (and whose last character is never dropped).
 */
export function withEllipsis(head: string): string {
  if (endsWithEntity(head)) return `${head} …`;
  const tidy = head.replace(DANGLING, '');
  return endsWithEntity(tidy) ? `${tidy} …` : `${tidy}…`;
}
