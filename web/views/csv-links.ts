import { html, type SafeHtml } from '../../src/preview/safe-html.ts';

/** Why the second link: Excel set to most European regions opens a comma-separated file as one column. */
const SEMICOLON_TITLE =
  'For Excel set to a region that writes decimal commas (most of Europe), which opens a comma-separated file as one column';

/**
 * The CSV download twice: comma-separated (the standard, for every other program) and with
 * semicolons, for Excel in the partner regions. `href` gives the link with extra query values.
 */
export function csvLinks(href: (extra: Record<string, string>) => string, label = 'CSV'): SafeHtml {
  return html`<a href="${href({})}" download>${label}</a> · <a href="${href({ separator: 'semicolon' })}" download title="${SEMICOLON_TITLE}">${label} for Excel (;)</a>`;
}
