import type { Config } from '../../src/config/config-schema.ts';
import { html, type SafeHtml } from '../../src/preview/safe-html.ts';

/** A labelled filter list with "All" first; `selected` values are pre-selected. */
export function filterSelect(
  idPrefix: string,
  name: string,
  label: string,
  selected: readonly string[],
  options: ReadonlyArray<readonly [string, string]>,
): SafeHtml {
  const id = `${idPrefix}-${name}`;
  return html`<p><label for="${id}">${label}</label><select id="${id}" name="${name}"><option value="">All</option>${options.map(
    ([value, text]) =>
      html`<option value="${value}"${selected.includes(value) ? html` selected` : ''}>${text}</option>`,
  )}</select></p>`;
}

/** Every language some channel posts in, sorted. */
export function channelLanguages(config: Config): string[] {
  return [...new Set(config.channels.flatMap((c) => c.languages))].sort();
}
