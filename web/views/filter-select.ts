import type { Config } from '../../src/config/config-schema.ts';
import { html, type SafeHtml } from '../../src/preview/safe-html.ts';

/**
 * A labelled filter list with "All" first; `selected` values are pre-selected. A selected value the
 * list does not offer (a channel removed from the configuration, still in the log) is added after
 * the others, so the form shows what the page counts. An empty value is "All" (a form sent with no
 * choice), never an option of its own: that drew a second, blank choice, selected, in place of "All".
 */
export function filterSelect(
  idPrefix: string,
  name: string,
  label: string,
  selected: readonly string[],
  options: ReadonlyArray<readonly [string, string]>,
  /** The id of the message that refused this field's value; none: the field is fine. */
  refusedBy?: string,
): SafeHtml {
  const id = `${idPrefix}-${name}`;
  const chosen = selected.filter(Boolean);
  const offered = new Set(options.map(([value]) => value));
  const extra = chosen.filter((value) => !offered.has(value)).map((value) => [value, value] as const);
  return html`<p><label for="${id}">${label}</label><select id="${id}" name="${name}"${refusedBy ? html` aria-invalid="true" aria-describedby="${refusedBy}"` : ''}><option value="">All</option>${[
    ...options,
    ...extra,
  ].map(
    ([value, text]) => html`<option value="${value}"${chosen.includes(value) ? html` selected` : ''}>${text}</option>`,
  )}</select></p>`;
}

/** Every language some channel posts in, sorted. */
export function channelLanguages(config: Config): string[] {
  return [...new Set(config.channels.flatMap((c) => c.languages))].sort();
}
