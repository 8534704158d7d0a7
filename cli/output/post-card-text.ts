import type { PostCard, TextToken } from '../../src/preview/post-card.ts';
import { paint } from './colour.ts';

/** Breaks text (with colour codes) into lines of at most `width` columns, at spaces. */
export type WrapText = (text: string, width: number) => string;

/** Options of {@link postCardText}. */
export interface CardTextOptions {
  /** The terminal's width; text wraps at spaces (a link is never broken). Default: no wrapping. */
  width?: number;
  /** How to wrap (from {@link cardTextOptions}); required for `width` to take effect. */
  wrap?: WrapText;
}

/**
 * The options for a terminal `width` columns wide (none: a file or a pipe, no wrapping). wrap-ansi
 * is loaded only when there is something to wrap: the Unicode tables it measures width with take
 * some 20 ms to build, a noticeable part of a `preview` that writes to a pipe.
 */
export async function cardTextOptions(width: number | undefined): Promise<CardTextOptions> {
  if (!width) return {};
  const { default: wrapAnsi } = await import('wrap-ansi');
  return { width, wrap: (text, columns) => wrapAnsi(text, columns, { hard: false, trim: false }) };
}

/** The text as the platform shows it: hashtags, mentions and links coloured. */
function shown(tokens: TextToken[]): string {
  return tokens
    .map((token) => (token.kind === 'text' ? token.text : paint(token.kind === 'link' ? 'blue' : 'cyan', token.text)))
    .join('');
}

/**
 * The shared post card (src/preview/post-card.ts) on a terminal: the same card the review desk
 * and the sandbox pages draw, as text — who posts, when (local time with zone), the text as the
 * platform shows it, each thread part with its length against the limit, the link card, the
 * images with their alt text, the warnings, and why it would wait for a person.
 */
export function postCardText(card: PostCard, options: CardTextOptions = {}): string {
  const inner = options.width ? Math.max(20, options.width - 2) : undefined;
  const { wrap } = options;
  const body = (text: string) =>
    (inner && wrap ? wrap(text, inner) : text).split('\n').map((line) => `│ ${line}`.trimEnd());
  const count = (value: number, limit: number, over: boolean) =>
    paint(over ? 'red' : 'green', `${value}/${limit}${card.length.weighted ? ' weighted' : ''}`);
  const who = `${paint('bold', card.accountName)}${card.handle ? ` ${card.handle}` : ''}`;
  const lines = [
    `┌─ ${who} · ${card.platformLabel} · ${card.language} · ${card.kind}`,
    `│ ${card.localTime} ${card.zoneAbbreviation} (${card.zone})` +
      `${card.postId ? paint('dim', ` · ${card.postId}`) : ''}`,
    '│',
  ];
  for (const part of card.parts) {
    if (card.thread) lines.push(`│ ${paint('dim', `── part ${part.index} of ${card.parts.length}`)}`);
    lines.push(...body(shown(part.tokens)), `│ ${count(part.length, part.limit, part.over)}`);
  }
  if (card.linkCard)
    lines.push(`│ link card: ${card.linkCard.domain} — ${card.linkCard.title}`, `│   ${card.linkCard.url}`);
  if (card.link) lines.push(`│ link: ${card.link}`);
  for (const image of card.images)
    lines.push(`│ image: ${image.src}`, `│   alt: ${image.missingAlt ? paint('red', '(none)') : image.alt}`);
  for (const warning of card.warnings) lines.push(`│ ${paint('yellow', `⚠ ${warning}`)}`);
  if (card.hold) lines.push(`│ ${paint('red', `waits for a person: ${card.hold}`)}`);
  lines.push('└─');
  return lines.join('\n');
}
