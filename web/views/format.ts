import { DateTime } from 'luxon';
import type { PostState } from '../../src/posts/post.ts';
import { html, type SafeHtml } from '../../src/preview/safe-html.ts';

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

/** "Greek (el)". */
export function languageName(code: string): string {
  let name: string | undefined;
  try {
    name = LANGUAGE_NAMES.of(code);
  } catch {
    name = undefined;
  }
  return name && name !== code ? `${name} (${code})` : code;
}

/** "Mon 13 Nov 2023, 10:00 EET" in `zone`. */
export function localDateTime(iso: string, zone: string): string {
  const at = DateTime.fromISO(iso, { zone, locale: 'en' });
  return at.isValid ? at.toFormat('ccc d LLL yyyy, HH:mm ZZZZ') : iso;
}

/** "10:00 EET". */
export function localClock(iso: string, zone: string): string {
  const at = DateTime.fromISO(iso, { zone, locale: 'en' });
  return at.isValid ? at.toFormat('HH:mm ZZZZ') : iso;
}

/** The state as a badge (text, not colour alone, carries the meaning). */
export function stateBadge(state: PostState): SafeHtml {
  return html`<span class="badge state-${state}">${state}</span>`;
}

/** A time element with the machine-readable instant. */
export function timeHtml(iso: string, zone: string): SafeHtml {
  return html`<time datetime="${iso}">${localDateTime(iso, zone)}</time>`;
}

/** The first line of a text, at most `max` characters. */
export function excerpt(text: string, max = 140): string {
  const flat = [...text.replace(/\s+/g, ' ').trim()];
  // By code points: an emoji is never cut in half.
  return flat.length > max ? `${flat.slice(0, max - 1).join('')}…` : flat.join('');
}
