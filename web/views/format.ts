import { cutAtWord } from '../../src/cut-at-word.ts';
import { entryDetail } from '../../src/log/history-format.ts';
import type { LogEntry } from '../../src/log/log-entry.ts';
import type { PostState } from '../../src/posts/post.ts';
import { DISPLAY_LOCALE } from '../../src/preview/display-locale.ts';
import { oneLine } from '../../src/preview/one-line.ts';
import { html, type SafeHtml } from '../../src/preview/safe-html.ts';
import type { ChannelEvent } from '../../src/publishing/channel-state.ts';

/**
 * Intl formatters, one per zone and style, kept: building one (what a date library does per call
 * when asked for a zone name) costs most of a millisecond, and a calendar shows thousands of times.
 */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

const STYLES = {
  // "Thu, 10 Dec 2026, 10:00 EET"
  dateTime: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' },
  // "10:00 EET"
  clock: { hour: '2-digit', minute: '2-digit' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

function formatted(iso: string, zone: string, style: keyof typeof STYLES): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const key = `${style}|${zone}`;
  let found = FORMATTERS.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(DISPLAY_LOCALE, {
      ...STYLES[style],
      hourCycle: 'h23',
      timeZoneName: 'short',
      timeZone: zone,
    });
    FORMATTERS.set(key, found);
  }
  return found.format(at);
}

/** "Thu, 10 Dec 2026, 10:00 EET" in `zone`. */
export function localDateTime(iso: string, zone: string): string {
  return formatted(iso, zone, 'dateTime');
}

/** "10:00 EET". */
export function localClock(iso: string, zone: string): string {
  return formatted(iso, zone, 'clock');
}

const DAY_FORMATTERS = new Map<string, Intl.DateTimeFormat>();

/** The local day of an instant in `zone`, "2026-12-02" (en-CA writes dates the ISO way). */
export function localDay(iso: string, zone: string): string {
  let found = DAY_FORMATTERS.get(zone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    DAY_FORMATTERS.set(zone, found);
  }
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso.slice(0, 10) : found.format(at);
}

/** The state as a badge (text, not colour alone, carries the meaning). */
export function stateBadge(state: PostState): SafeHtml {
  return html`<span class="badge state-${state}">${state}</span>`;
}

/**
 * What a log entry says happened: the live post's link (labelled `linkLabel`, else its address),
 * the platform's error, and the note (or, without one, when the post is planned).
 */
export function entryDetailHtml(entry: LogEntry, zone: string, linkLabel?: string): SafeHtml {
  const rest = entryDetail({ ...entry, url: undefined }, (iso) => localDateTime(iso, zone));
  const link = entry.url ? html`<a href="${entry.url}" rel="noopener noreferrer">${linkLabel ?? entry.url}</a>` : '';
  return html`${link}${link && rest ? ' — ' : ''}${rest}`;
}

/** A channel's pause (in the colour of a failure: its posts wait) or resume. */
export function channelEventBadge(kind: ChannelEvent['kind']): SafeHtml {
  return html`<span class="badge ${kind === 'paused' ? 'state-failed' : 'state-published'}">${kind}</span>`;
}

/**
 * A post id that breaks only after its dots (news id · channel · language · kind) in a narrow
 * column: "riga-study-visit.⏎facebook-secon.⏎en.announcement", not at any letter.
 */
export function postIdHtml(postId: string): SafeHtml {
  const parts = postId.split('.');
  return html`${parts.map((part, i) => (i < parts.length - 1 ? html`${part}.<wbr>` : part))}`;
}

/** A time element with the machine-readable instant. */
export function timeHtml(iso: string, zone: string): SafeHtml {
  return html`<time datetime="${iso}">${localDateTime(iso, zone)}</time>`;
}

/**
 * The start of a text on one line (its line breaks shown as `oneLine` shows them), at most `max`
 * characters; cut, it ends at a word (unless the word is very long) and then an ellipsis.
 */
export function excerpt(text: string, max = 140): string {
  // Only the start matters: a long text is not scanned to the end, unless its start is mostly
  // spaces (four code units a character covers any emoji).
  const start = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const flat = oneLine(start);
  if (start !== text && Array.from(flat).length <= max) return cutAtWord(oneLine(text), max);
  return cutAtWord(flat, max);
}

/** Why a failed post failed (the platform's answer, as its log entry has it); nothing for any other post. */
export function failureHtml(post: { state: PostState; errorKind?: string; errorMessage?: string }): SafeHtml {
  if (post.state !== 'failed' || !post.errorKind) return html``;
  return html`<p class="mc-error">${excerpt(`${post.errorKind}: ${post.errorMessage ?? ''}`, 160)}</p>`;
}

/** Who made a change, as a link to everything they did (the Activity page narrowed to them). */
export function actorLink(actor: string | undefined): SafeHtml {
  return actor ? html`<a href="/activity?by=${encodeURIComponent(actor)}" class="actor">${actor}</a>` : html``;
}
