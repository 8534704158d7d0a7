/** Made on first use: a command that names no language does not pay for it. */
let languageNames: Intl.DisplayNames | undefined;

/** "Greek (el)"; the code alone when it names no language. */
export function languageName(code: string): string {
  let name: string | undefined;
  try {
    languageNames ??= new Intl.DisplayNames(['en'], { type: 'language' });
    name = languageNames.of(code);
  } catch {
    name = undefined;
  }
  return name && name !== code ? `${name} (${code})` : code;
}
