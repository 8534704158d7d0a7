import { francAll } from 'franc';
import { bul, deu, ell, eng, fra, hun, lav, nld, pol, por, ron, spa } from 'stopword';
import { languageName } from '../language-name.ts';
import type { RenderedPost } from '../posts/post.ts';
import { itemLanguages, type NewsItem } from './news-item.ts';

/**
 * The languages the project has templates for, as franc names them (ISO 639-3; Latvian is
 * Standard Latvian, "lvs"). Detection picks among these only: asked to choose among all of
 * franc's languages, it reads Latvian as Esperanto and Bulgarian as Macedonian.
 */
const FRANC_CODES: Readonly<Record<string, string>> = {
  en: 'eng',
  de: 'deu',
  nl: 'nld',
  el: 'ell',
  bg: 'bul',
  ro: 'ron',
  hu: 'hun',
  pl: 'pol',
  pt: 'por',
  lv: 'lvs',
  es: 'spa',
  fr: 'fra',
};
const FROM_FRANC = new Map(Object.entries(FRANC_CODES).map(([code, franc]) => [franc, code]));
/** What franc chooses among (the build bundles only these languages' models: dev/build.mjs). */
export const FRANC_LANGUAGES: readonly string[] = Object.values(FRANC_CODES);

/** Fewer letters than this and a guess is worth little (a title alone): nothing is said. */
const MIN_LETTERS = 60;
/**
 * How far down franc's ranking the language given may be and still be taken as right: first or
 * second. Close languages (Dutch and German, Spanish and Portuguese, English and French) trade the
 * first two places on short texts. Third place is decided by function words (below); lower is wrong
 * (English text as Latvian ranks Latvian ninth; another script is not ranked at all).
 */
const RANKS_TAKEN_AS_RIGHT = 2;
/**
 * Second place is wrong after all when the text has not one function word of the language given
 * and at least this many of the first-ranked one's: English given as Spanish ranks English, then
 * Spanish, with "the", "and", "of" and no "de", "la", "y". A text in a language uses its function
 * words; a short one without any says little, so several of the other's are asked for.
 */
const SECOND_PLACE_WRONG_AT = 3;
/** The language named is one of franc's first this many (see likeliest). */
const NAMED_FROM = 3;

/**
 * Function words (the stopword lists of each language), by franc code. franc's trigrams cannot
 * tell a right language in third place from a wrong one: an English study's summary ranked
 * French, Spanish, then English (0.93), and an English item in a German feed ranked English,
 * French, then German (0.86; 0.94 with its body, a longer text). Words such as "the", "and", "on"
 * against "der", "und", "am" can. On 39 texts of partner news in the project's languages (alone
 * and doubled, test/fixtures/language), checked against all 12: with the given language in third
 * place right when the text has at least as many of its function words as of the first-ranked
 * language's, and in second place unless it has none (SECOND_PLACE_WRONG_AT), no right language
 * was called wrong, and the texts given in a clearly different language went unnoticed 21 times in
 * 768 (72 by franc's ranking alone, 26 with only third place decided). A wrong call is worse than
 * none: this still errs towards saying nothing.
 */
const FUNCTION_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  eng: new Set(eng),
  deu: new Set(deu),
  nld: new Set(nld),
  ell: new Set(ell),
  bul: new Set(bul),
  ron: new Set(ron),
  hun: new Set(hun),
  pol: new Set(pol),
  por: new Set(por),
  lvs: new Set(lav),
  spa: new Set(spa),
  fra: new Set(fra),
};

/** Enough of a long body to tell; the rest only costs time. */
const MAX_CHARACTERS = 1_000;

/** The words of a text, without links, addresses, hashtags, mentions and numbers (no language's). */
function words(text: string): string {
  return text
    .replace(/\bhttps?:\/\/\S+|\bwww\.\S+|\S+@\S+/giu, ' ')
    .replace(/[#@][\p{L}\p{N}_]+/gu, ' ')
    .replace(/[^\p{L}\s'’-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_CHARACTERS);
}

/**
 * The language a text reads as, when it is not `given` beyond doubt: a code of the project's
 * template languages, or undefined when the text agrees with `given`, is too short to tell, or
 * `given` is not one franc is asked about.
 */
export function otherLanguage(text: string, given: string): string | undefined {
  const expected = FRANC_CODES[given];
  if (!expected) return undefined;
  const plain = words(text);
  if ((plain.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS) return undefined;
  // Ranked best first; a language of another script is not ranked at all.
  const ranked = francAll(plain, { only: [...FRANC_LANGUAGES] }).map(([code]) => code);
  const rank = ranked.indexOf(expected);
  const best = ranked[0];
  if (best === undefined) return undefined;
  const tokens = plain.toLowerCase().split(' ');
  if (rank >= 0 && rank < RANKS_TAKEN_AS_RIGHT && !secondPlaceWrong(tokens, rank, expected, best)) return undefined;
  if (rank === RANKS_TAKEN_AS_RIGHT && functionWords(tokens, expected) >= functionWords(tokens, best)) return undefined;
  return FROM_FRANC.get(likeliest(tokens, ranked.slice(0, NAMED_FROM)));
}

/** The given language in franc's second place, without one of its function words (see SECOND_PLACE_WRONG_AT). */
function secondPlaceWrong(tokens: readonly string[], rank: number, expected: string, best: string): boolean {
  return rank === 1 && functionWords(tokens, expected) === 0 && functionWords(tokens, best) >= SECOND_PLACE_WRONG_AT;
}

/**
 * Of franc's first places, the language with the most function words in the text (franc's order
 * on a tie): the one named. An English study's summary ranks French first and English third.
 */
function likeliest(tokens: readonly string[], candidates: string[]): string {
  let best = candidates[0]!;
  let most = functionWords(tokens, best);
  for (const code of candidates.slice(1)) {
    const count = functionWords(tokens, code);
    if (count > most) [best, most] = [code, count];
  }
  return best;
}

/** How many of the text's words (lower case) are function words of the language (franc code). */
function functionWords(tokens: readonly string[], code: string): number {
  const words = FUNCTION_WORDS[code];
  if (!words) return 0;
  return tokens.filter((word) => words.has(word)).length;
}

/**
 * What to say on the posts of `language` when their text reads as another language than that one:
 * the item's own text for its language, a translation's for the translation's. A feed whose
 * `<language>` says lv may carry an English item; its posts would say "Lasiet vairāk" under
 * English sentences, and skip the channels that post in English. A warning on the posts a person
 * reviews (preview, the desk), never a refusal: the language stays what the item says.
 */
export function languageNote(item: NewsItem, language: string): string | undefined {
  const own = language === item.language;
  const other = readsAs(item, language);
  if (!other) return undefined;
  // A feed's item has no file to change: a person says its language (NewsIntake.correctLanguage).
  const fix = own
    ? `give the item language: ${other} (a feed's item: \`secon-bot language ${item.id} ${other}\`, or "Plan it in ${languageName(other)}" on the post's page on the desk)`
    : `put it under translations.${other}`;
  return (
    `the text reads as ${languageName(other)}, not ${languageName(language)}: these posts use the ${language} ` +
    `templates and go to the channels that post in ${language}; if it is ${languageName(other)}, ${fix}`
  );
}

/**
 * The language the item's text for `language` reads as, when not that one ({@link otherLanguage}):
 * its own text for its own language, a translation's for the translation's.
 */
export function readsAs(item: NewsItem, language: string): string | undefined {
  const text = language === item.language ? item : item.translations[language];
  if (!text) return undefined;
  return otherLanguage(`${text.title}. ${text.summary} ${text.body ?? ''}`, language);
}

/** {@link languageNote} for each of the item's languages that has one, by language code. */
export function languageNotes(item: NewsItem): Map<string, string> {
  const notes = new Map<string, string>();
  for (const language of itemLanguages(item)) {
    const note = languageNote(item, language);
    if (note) notes.set(language, note);
  }
  return notes;
}

/** Why a post whose text reads as another language waits for a person (a feed's item; the warning says which). */
export const LANGUAGE_HOLD =
  "its text reads as another language than the post's (see the warning), and it comes from a feed (feeds[].languageCheck: hold)";

/**
 * The rendering with the note for its language (if any) among its warnings and, when `hold`, the
 * post held for a person (a hold the renderer gave, a text too long, say, is kept: it says more).
 */
export function withLanguageNote(rendered: RenderedPost, note: string | undefined, hold = false): RenderedPost {
  if (!note) return rendered;
  const warned = { ...rendered, warnings: [...rendered.warnings, note] };
  return hold && warned.hold === undefined ? { ...warned, hold: LANGUAGE_HOLD } : warned;
}
