import { readFileSync } from 'node:fs';
import { lav } from 'stopword';
import { describe, expect, it } from 'vitest';
import { languageNotes, otherLanguage } from '../../src/news/language-check.ts';
import { workshopItem } from '../helpers/planning.ts';

const TEXTS = {
  en: 'Social economy forum in Riga: registration open. Within SECON, the Riga Planning Region holds a social economy forum on 21 January 2027.',
  lv: 'Sociālās ekonomikas forums Rīgā: pieteikšanās atvērta. Projekta SECON ietvaros Rīgas plānošanas reģions 2027. gada 21. janvārī rīko forumu.',
  de: 'Interregionaler Workshop in Haskovo. Die Gemeinde Haskovo organisiert am 13. November einen interregionalen Workshop zur Sozialwirtschaft.',
  nl: 'Studiebezoek in Vlaams-Brabant. De SECON-partners bezochten sociale ondernemingen in Leuven en spraken over het beleid van de regio.',
  el: 'Τελικό συνέδριο SECON στην Τρίπολη. Η Περιφέρεια Πελοποννήσου φιλοξενεί το τελικό συνέδριο του έργου SECON για την κοινωνική οικονομία.',
  bg: 'Базар на социалните предприятия. Социалните предприятия от Хасково представят продуктите си на жителите на града.',
  pt: 'Visita de estudo a Oliveira de Azeméis. Os parceiros do SECON visitaram empresas sociais e discutiram as políticas regionais.',
};

const ENGLISH_IN_GERMAN_FEED =
  'Social enterprises present themselves in Mannheim. On 17 December twelve social enterprises from the region present their work at Mannheim city hall. The region invites administrations, foundations and companies to meet the founders.';

/** English that franc ranks as French, then Spanish, then English (0.93): a right language in third place. */
const ENGLISH_READ_AS_FRENCH =
  'SECON partners publish a study on social enterprises. A new study compares how nine regions support social enterprises.';

describe('otherLanguage', () => {
  it('says nothing of a text in the language it is given in', () => {
    for (const [code, text] of Object.entries(TEXTS)) expect(otherLanguage(text, code), code).toBeUndefined();
    expect(otherLanguage(ENGLISH_READ_AS_FRENCH, 'en')).toBeUndefined();
  });

  it('names the language of a text given in a clearly different one, another script included', () => {
    expect(otherLanguage(TEXTS.en, 'lv')).toBe('en');
    expect(otherLanguage(TEXTS.lv, 'en')).toBe('lv');
    expect(otherLanguage(TEXTS.el, 'en')).toBe('el');
    expect(otherLanguage(TEXTS.en, 'bg')).toBe('en');
    expect(otherLanguage(TEXTS.pt, 'pl')).toBe('pt');
    // An English item in a German feed: franc ranks German third, after English and French.
    expect(otherLanguage(ENGLISH_IN_GERMAN_FEED, 'de')).toBe('en');
  });

  it('leaves close languages alone, and texts too short to tell, and languages without templates', () => {
    // German for Dutch, Spanish for Portuguese: close enough that a short text can read as either.
    expect(otherLanguage(TEXTS.de, 'nl')).toBeUndefined();
    expect(otherLanguage(TEXTS.pt, 'es')).toBeUndefined();
    expect(otherLanguage('Partners met in Riga.', 'lv')).toBeUndefined();
    // Links, tags and numbers are no language's: a long link does not make a short text long.
    expect(
      otherLanguage(`Partners met in Riga. https://www.rpr.gov.lv/${'x'.repeat(80)} #SECON 2027`, 'lv'),
    ).toBeUndefined();
    expect(otherLanguage(TEXTS.en, 'it')).toBeUndefined();
  });
});

/** 39 short texts of partner news in the project's languages (test/fixtures/language). */
const PARTNER_TEXTS = JSON.parse(
  readFileSync(new URL('../fixtures/language/partner-texts.json', import.meta.url), 'utf8'),
) as { language: string; text: string }[];
const LANGUAGES = ['en', 'de', 'nl', 'el', 'bg', 'ro', 'hu', 'pl', 'pt', 'lv', 'es', 'fr'];
/** Pairs a short text can read as either way: silence there is no miss. */
const CLOSE = new Set([
  'de nl',
  'nl de',
  'es pt',
  'pt es',
  'en fr',
  'fr en',
  'es fr',
  'fr es',
  'pt fr',
  'fr pt',
  'ro fr',
  'ro es',
  'es ro',
]);

describe('otherLanguage on partner texts, each alone and doubled, given in each of the 12 languages', () => {
  const checks = PARTNER_TEXTS.flatMap(({ language, text }) =>
    [text, `${text} ${text}`].flatMap((t) =>
      LANGUAGES.map((given) => ({ language, given, said: otherLanguage(t, given) })),
    ),
  );

  it('never calls a text wrong in its own language', () => {
    const falseAlarms = checks.filter((c) => c.given === c.language && c.said !== undefined);
    expect(falseAlarms).toEqual([]);
  });

  it('names the language of all but a few texts given in a clearly different one (the rest: second place)', () => {
    const wrong = checks.filter((c) => c.given !== c.language && !CLOSE.has(`${c.language} ${c.given}`));
    const missed = wrong.filter((c) => c.said === undefined);
    // Measured: 21 of 768 missed, each with the given language in franc's second place and some of
    // its function words (taken as right: close languages trade the first two). With franc's
    // ranking alone: 72; with function words deciding third place only: 26.
    // And the language named is the text's own, not franc's first place (French, for English text).
    expect(missed.length).toBeLessThanOrEqual(21);
    expect(wrong.filter((c) => c.said !== undefined && c.said !== c.language)).toEqual([]);
  });
});

describe('otherLanguage on short pieces of the partner texts (10 to 20 words, from every third word), each given in its own language', () => {
  const pieces = PARTNER_TEXTS.flatMap(({ language, text }) => {
    const words = text.split(' ');
    return words
      .flatMap((_, start) => (start % 3 ? [] : [10, 12, 15, 20].map((n) => words.slice(start, start + n).join(' '))))
      .map((piece) => ({ language, piece }));
  });

  it('calls a piece wrong in its own language only where it has none of its function words (Latvian, 2 pieces)', () => {
    const falseAlarms = pieces.filter(({ language, piece }) => otherLanguage(piece, language) !== undefined);
    // Measured, before and after second place could be wrong: 4 of 924 pieces, all Latvian without a
    // Latvian function word, which franc ranks fourth or fifth ("Projekta SECON ietvaros Rīgas
    // plānošanas reģions 2027. gada 21. janvārī rīko forumu.", thrice, as its text ends there).
    expect(pieces.length).toBe(924);
    expect(new Set(falseAlarms.map((f) => f.piece)).size).toBeLessThanOrEqual(2);
    const latvian = new Set(lav);
    const noFunctionWord = (piece: string) =>
      !piece
        .toLowerCase()
        .split(/[^\p{L}]+/u)
        .some((w) => latvian.has(w));
    expect(falseAlarms.every((f) => f.language === 'lv' && noFunctionWord(f.piece))).toBe(true);
  });
});

describe('languageNotes', () => {
  it("notes the item's own text and each translation by the language they are given in", () => {
    const [title, summary] = TEXTS.en.split(': ');
    const item = workshopItem({
      language: 'lv',
      title,
      summary,
      translations: { bg: { title: 'Хасково', summary: TEXTS.bg }, de: { title: 'Forum', summary: TEXTS.lv } },
    });
    const notes = languageNotes(item);
    expect([...notes.keys()]).toEqual(['lv', 'de']);
    expect(notes.get('lv')).toBe(
      `the text reads as English (en), not Latvian (lv): these posts use the lv templates and go to the channels that post in lv; if it is English (en), give the item language: en (a feed's item: \`secon-bot language ${item.id} en\`, or "Plan it in English (en)" on the post's page on the desk)`,
    );
    expect(notes.get('de')).toMatch(
      /^the text reads as Latvian \(lv\), not German \(de\): .*put it under translations\.lv$/,
    );
    expect(languageNotes(workshopItem()).size).toBe(0);
  });
});
