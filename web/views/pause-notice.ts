import type { Config } from '../../src/config/config-schema.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import { html, type SafeHtml } from '../../src/preview/safe-html.ts';
import type { ChannelPause } from '../../src/publishing/channel-state.ts';
import { timeHtml } from './format.ts';

/**
 * A paused channel, said where its posts are shown: since when (in the channel's zone), by whom,
 * why, then `what` (what the pause means on that page).
 */
export function pauseNotice(config: Config, pause: ChannelPause, what: SafeHtml | string): SafeHtml {
  return html`<p class="notice" role="note"><strong>${pause.channel} is paused</strong> since ${timeHtml(pause.since, channelZoneById(config, pause.channel))} by ${pause.by}: ${pause.reason}. ${what}</p>`;
}

/** The mark beside a paused channel's name, where its posts are listed. */
export function pausedBadge(): SafeHtml {
  return html` <span class="badge state-failed" title="Its posts wait until it is resumed">paused</span>`;
}
