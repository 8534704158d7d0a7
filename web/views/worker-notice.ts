import { html, type SafeHtml } from '../../src/preview/safe-html.ts';

/**
 * On the pages people watch for what goes out: with no worker running, none of it does. Said where
 * the plan is shown (Health says how the last worker ended); nothing when one runs or nothing waits.
 */
export function noWorkerNotice(workersRunning: number, somethingToGoOut: boolean): SafeHtml {
  if (workersRunning || !somethingToGoOut) return html``;
  return html`<p class="notice" role="alert"><strong>No worker is running:</strong> nothing below is published until one starts. <a href="/health#h-workers">Health</a> says which ran last and when.</p>`;
}
