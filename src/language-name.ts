const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

/** "Greek (el)"; the code alone when it names no language. */
export function languageName(code: string): string {
  let name: string | undefined;
  try {
    name = LANGUAGE_NAMES.of(code);
  } catch {
    name = undefined;
  }
  return name && name !== code ? `${name} (${code})` : code;
}
