/**
 * The Intl locale used for each project language. Plain language codes would pick a region the
 * project does not write for (`en` → US dates "November 13", `pt` → Brazil); these are the
 * partners' regions.
 */
export const LOCALE_TAGS: Readonly<Record<string, string>> = {
  en: 'en-GB',
  de: 'de-DE',
  nl: 'nl-BE',
  el: 'el-GR',
  bg: 'bg-BG',
  ro: 'ro-RO',
  hu: 'hu-HU',
  pl: 'pl-PL',
  pt: 'pt-PT',
  lv: 'lv-LV',
  es: 'es-ES',
  fr: 'fr-FR',
};

/** The Intl locale for a language code: the project's region for its languages, else the code itself. */
export function localeFor(language: string): string {
  return LOCALE_TAGS[language] ?? language;
}
