import { DateTime } from 'luxon';
import twitter from 'twitter-text';
import type { ChannelConfig, Platform } from '../config/config-schema.ts';
import { PLATFORM_LIMITS } from '../platforms/platform-limits.ts';
import type { PostKind, PostState, RenderedPost } from '../posts/post.ts';
import { littleText } from '../templates/linkedin-text.ts';
import { measureText } from '../templates/text-measure.ts';
import { DISPLAY_LOCALE } from './display-locale.ts';

/**
 * A post as its platform will show it, independent of how it is drawn: the CLI preview prints it
 * as text, the review desk and the sandbox pages as HTML (post-card-html.ts). Pure: a rendered post
 * and its channel in, the card out.
 */

/** A piece of a post's text: plain text, or something the platform shows as a link. */
export type TextToken =
  | { kind: 'text'; text: string }
  | { kind: 'hashtag'; text: string; tag: string }
  | { kind: 'mention'; text: string }
  | { kind: 'link'; text: string; href: string };

/** One post of a thread (or the only post), with its own length against the limit. */
export interface CardPart {
  /** 1-based. */
  index: number;
  /** The text as sent. */
  text: string;
  /** The text as the platform displays it, split into tokens. */
  tokens: TextToken[];
  /** In the platform's unit: X weighted length, else UTF-16 code units. */
  length: number;
  limit: number;
  over: boolean;
}

/** The link preview LinkedIn and Facebook draw under the text. */
export interface LinkCard {
  url: string;
  domain: string;
  title: string;
  description: string;
}

export interface CardImage {
  src: string;
  alt: string;
  /** The image has no alt text (screen-reader users get nothing). */
  missingAlt: boolean;
}

export interface PostCard {
  postId?: string;
  platform: Platform;
  /** "X", "LinkedIn", "Facebook". */
  platformLabel: string;
  channelId: string;
  /** The name the platform shows above the post. */
  accountName: string;
  /** "@SeconProject_eu" on X; absent elsewhere. */
  handle?: string;
  /** One or two letters for the avatar circle. */
  avatarInitials: string;
  language: string;
  kind: PostKind;
  state?: PostState;
  /** ISO instant the post goes out. */
  plannedAt: string;
  /** "Mon 13 Nov 2023, 10:00" in the channel's zone. */
  localTime: string;
  /** IANA zone of the channel, and its abbreviation at that moment ("EET"). */
  zone: string;
  zoneAbbreviation: string;
  parts: CardPart[];
  /** True when the post is a thread of several parts. */
  thread: boolean;
  /** Length of the first (or only) part against the limit; `weighted` on X. */
  length: { value: number; limit: number; weighted: boolean };
  linkCard?: LinkCard;
  /** A link sent with the post that neither a card nor the text shows. */
  link?: string;
  images: CardImage[];
  warnings: string[];
  /** Why the post must wait for a person before it may go out (RenderedPost.hold). */
  hold?: string;
}

/** What a card is made of. */
export interface PostCardInput {
  rendered: RenderedPost;
  channel: Pick<ChannelConfig, 'id' | 'platform' | 'account' | 'name'>;
  /** ISO instant. */
  plannedAt: string;
  /** The channel's zone (channelZone in planning/channel-schedule.ts). */
  zone: string;
  language: string;
  kind: PostKind;
  postId?: string;
  state?: PostState;
}

export const PLATFORM_LABELS: Readonly<Record<Platform, string>> = {
  twitter: 'X',
  linkedin: 'LinkedIn',
  facebook: 'Facebook',
};

/**
 * A platform as people call it ("X", not the stored "twitter"); a name that is no platform (a value
 * from an older log) as it is.
 */
export function platformLabel(name: string): string {
  return PLATFORM_LABELS[name as Platform] ?? name;
}

/** Builds the card of one post. */
export function postCard(input: PostCardInput): PostCard {
  const { rendered, channel } = input;
  const platform = channel.platform;
  const measure = PLATFORM_LIMITS[platform].measure;
  const limit = rendered.metrics.limit;
  const texts = rendered.thread?.length ? rendered.thread : [rendered.text];
  const parts = texts.map((text, i): CardPart => {
    const length = measureText(text, measure);
    return { index: i + 1, text, tokens: tokenize(text, platform), length, limit, over: length > limit };
  });
  const when = DateTime.fromISO(input.plannedAt, { zone: input.zone, locale: DISPLAY_LOCALE });
  const accountName = channel.name ?? channel.account;
  return {
    ...(input.postId !== undefined ? { postId: input.postId } : {}),
    platform,
    platformLabel: PLATFORM_LABELS[platform],
    channelId: channel.id,
    accountName,
    ...(platform === 'twitter' ? { handle: `@${channel.account.replace(/^@/, '')}` } : {}),
    avatarInitials: initials(accountName),
    language: input.language,
    kind: input.kind,
    ...(input.state !== undefined ? { state: input.state } : {}),
    plannedAt: input.plannedAt,
    localTime: when.isValid ? when.toFormat('ccc d LLL yyyy, HH:mm') : input.plannedAt,
    zone: input.zone,
    zoneAbbreviation: when.isValid ? when.toFormat('ZZZZ') : input.zone,
    parts,
    thread: parts.length > 1,
    length: {
      value: rendered.metrics.weightedLength ?? rendered.metrics.length,
      limit,
      weighted: measure === 'twitter-text',
    },
    ...(rendered.article
      ? {
          linkCard: {
            url: rendered.article.source,
            domain: domainOf(rendered.article.source),
            title: rendered.article.title,
            description: rendered.article.description,
          },
        }
      : // X sends no link of its own: only the text's links show there.
        rendered.link && platform !== 'twitter' && !parts.some((part) => part.tokens.some((t) => t.kind === 'link'))
        ? { link: rendered.link }
        : {}),
    images: rendered.images.map((image) => ({ src: image.src, alt: image.alt, missingAlt: !image.alt.trim() })),
    warnings: [...rendered.warnings],
    ...(rendered.hold ? { hold: rendered.hold } : {}),
  };
}

/** "SECON Project" → "SP"; "secon" → "S". */
export function initials(name: string): string {
  const words = name
    .replace(/^@/, '')
    .split(/[\s_.-]+/u)
    .filter((w) => /\p{L}|\p{N}/u.test(w));
  const letters = words.slice(0, 2).map((w) => [...w.replace(/[^\p{L}\p{N}]/gu, '')][0] ?? '');
  return letters.join('').toLocaleUpperCase('en') || '?';
}

function domainOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** The text as the platform displays it, in tokens: LinkedIn's markup is read, X and Facebook's entities found. */
export function tokenize(text: string, platform: Platform): TextToken[] {
  return platform === 'linkedin' ? littleTextTokens(text) : entityTokens(text);
}

/**
 * The text as a person sees it on the platform, as plain text: LinkedIn's escapes and markup read
 * and its percent-encoded links decoded ("utm_source", not "utm%5Fsource": the history, the desk
 * and `edit` show what readers see); X and Facebook show the text as sent.
 */
export function shownText(text: string, platform: Platform): string {
  if (platform !== 'linkedin') return text;
  return littleTextTokens(text)
    .map((token) => token.text)
    .join('');
}

/** Hashtags, mentions and links as X (and Facebook, which links the same way) find them. */
function entityTokens(text: string): TextToken[] {
  const out: TextToken[] = [];
  let last = 0;
  const entities = twitter.extractEntitiesWithIndices(text).sort((a, b) => a.indices[0] - b.indices[0]);
  for (const entity of entities) {
    const [start, end] = entity.indices;
    if (start < last) continue;
    pushText(out, text.slice(last, start));
    const shown = text.slice(start, end);
    if ('url' in entity) out.push({ kind: 'link', text: shown, href: withScheme(entity.url) });
    else if ('hashtag' in entity) out.push({ kind: 'hashtag', text: shown, tag: entity.hashtag });
    else out.push({ kind: 'mention', text: shown });
    last = end;
  }
  pushText(out, text.slice(last));
  return out;
}

/** `{hashtag|\#|tag}` */
const LINKEDIN_HASHTAG = /^\{hashtag\|\\#\|((?:[^{}|\\]|\\.)+)\}/u;
/** `@[Name](urn:li:organization:123)` */
const LINKEDIN_MENTION = /^@\[((?:[^\]\\]|\\.)*)\]\((urn:li:(?:organization|person):\d+)\)/u;

/** LinkedIn "little text" as LinkedIn shows it: escapes removed, hashtag and mention markup read. */
function littleTextTokens(text: string): TextToken[] {
  // Links in LinkedIn text are percent-encoded (a reserved "_" goes as %5F): LinkedIn shows them
  // decoded, as the reader would type them; the href keeps what was sent.
  return readLittleText(text, (plain) =>
    entityTokens(plain).map((token) =>
      token.kind === 'link' ? { ...token, text: decodedLink(token.text) } : { kind: 'text' as const, text: token.text },
    ),
  );
}

/** Reads LinkedIn markup; `plainTokens` turns each stretch of unescaped plain text into tokens. */
function readLittleText(text: string, plainTokens: (plain: string) => TextToken[]): TextToken[] {
  const out: TextToken[] = [];
  let plain = '';
  const flush = () => {
    if (plain)
      for (const token of plainTokens(plain)) token.kind === 'text' ? pushText(out, token.text) : out.push(token);
    plain = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      plain += text[i + 1];
      i++;
      continue;
    }
    if (char === '{' || char === '@') {
      const rest = text.slice(i);
      const hashtag = char === '{' ? LINKEDIN_HASHTAG.exec(rest) : null;
      const mention = char === '@' ? LINKEDIN_MENTION.exec(rest) : null;
      const match = hashtag ?? mention;
      if (match) {
        flush();
        const name = unescapeLittleText(match[1]!);
        out.push(hashtag ? { kind: 'hashtag', text: `#${name}`, tag: name } : { kind: 'mention', text: name });
        i += match[0].length - 1;
        continue;
      }
    }
    plain += char;
  }
  flush();
  return out;
}

/**
 * `utm%5Fsource` → `utm_source`. A link stays as sent when it is not valid percent-encoding, or
 * when its decoded form, written again (`edit` takes the shown text), would not become the same
 * link: a ")" ending a query is not part of a URL to twitter-text, and the link would lose it.
 */
function decodedLink(link: string): string {
  let decoded: string;
  try {
    decoded = decodeURI(link);
  } catch {
    return link;
  }
  return decoded === link || littleText(decoded).text === link ? decoded : link;
}

function unescapeLittleText(text: string): string {
  return text.replace(/\\(.)/gu, '$1');
}

function pushText(out: TextToken[], text: string): void {
  if (!text) return;
  const previous = out[out.length - 1];
  if (previous?.kind === 'text') previous.text += text;
  else out.push({ kind: 'text', text });
}

function withScheme(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`;
}
