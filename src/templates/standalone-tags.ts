/** A line holding only Liquid tags (`{% if … %}`, `{% endif %}`, `{% # note %}`), and blanks. */
const TAG_ONLY_LINE = /^[ \t]*(?:\{%-?(?:(?!%\}).)*-?%\}[ \t]*)+$/u;

/**
 * Lets templates be written one tag per line without leaving empty lines in the post: a line that
 * holds only tags gets its newline trimmed (`%}` → `-%}`), like Jinja's trim_blocks. Tags inside a
 * line are left alone, so `… {% if x %}· {{ x }}{% endif %}` keeps its spaces and line break.
 * Newlines stay in the source, so error line numbers still match the file.
 */
export function trimStandaloneTags(source: string): string {
  return source
    .split('\n')
    .map((line) => {
      const body = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (!TAG_ONLY_LINE.test(body)) return line;
      return line.replace(/-?%\}([ \t]*\r?)$/u, '-%}$1');
    })
    .join('\n');
}
