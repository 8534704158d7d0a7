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

describe('otherLanguage', () => {
  it('says nothing of a text in the language it is given in', () => {
    for (const [code, text] of Object.entries(TEXTS)) expect(otherLanguage(text, code), code).toBeUndefined();
  });

  it('names the language of a text given in a clearly different one, another script included', () => {
    expect(otherLanguage(TEXTS.en, 'lv')).toBe('en');
    expect(otherLanguage(TEXTS.lv, 'en')).toBe('lv');
    expect(otherLanguage(TEXTS.el, 'en')).toBe('el');
    expect(otherLanguage(TEXTS.en, 'bg')).toBe('en');
    expect(otherLanguage(TEXTS.pt, 'pl')).toBe('pt');
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
      "the text reads as English (en), not Latvian (lv): these posts use the lv templates and go to the channels that post in lv; if it is English (en), give the item language: en (a feed's item: edit this post's text or cancel it)",
    );
    expect(notes.get('de')).toMatch(
      /^the text reads as Latvian \(lv\), not German \(de\): .*put it under translations\.lv$/,
    );
    expect(languageNotes(workshopItem()).size).toBe(0);
  });
});
