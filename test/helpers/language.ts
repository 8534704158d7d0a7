import { type LanguageData, languageData } from '../../src/templates/language-data.ts';
import { SHIPPED_TEMPLATES_DIR } from '../../src/templates/post-renderer.ts';

/** The shipped language data (templates/<lang>/language.yaml) of one language. */
export function languageOf(language: string): LanguageData {
  return languageData(SHIPPED_TEMPLATES_DIR, language);
}
