/**
 * Tidies rendered template output into post text: NFC (what X counts and platforms store), Unix line
 * breaks, no trailing spaces, no doubled spaces left by an empty value, at most one blank line in a
 * row, nothing at either end. Templates can then be written for readability.
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/gu, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/u, '').replace(/(?<=\S)[ \t]{2,}/gu, ' '))
    .join('\n')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
}
