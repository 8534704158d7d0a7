import twitter from 'twitter-text';
import type { HASHTAG_SOURCES, Platform } from '../config/config-schema.ts';
import { stripMarkers } from './elastic.ts';
import { linkedinHashtag, linkedinMention } from './linkedin-text.ts';

/**
 * The tail of a post: the mentions written for its platform and the hashtags, after the text.
 */

/**
 * Hashtags as people type them ("#Social Economy", "secon", "Interreg-Europe") made into tags every
 * platform accepts: letters, marks and digits only, with at least one letter.
 */
export function normaliseHashtag(raw: string): string {
  return raw.normalize('NFC').replace(/[^\p{L}\p{M}\p{N}]/gu, '');
}

/** The result of merging hashtag lists. */
export interface MergedHashtags {
  /** The tags to use, without "#", in order, within the limit. */
  tags: string[];
  /** Unique valid tags beyond the limit. */
  dropped: string[];
  /** Inputs that are no usable tag ("#2023", "#!!!"). */
  invalid: string[];
}

/**
 * Merges hashtag lists in order, normalised, without duplicates compared case-insensitively; the
 * first spelling wins ("SECON" before a later "secon").
 */
export function mergeHashtags(lists: ReadonlyArray<readonly string[]>, limit: number): MergedHashtags {
  const seen = new Set<string>();
  const all: string[] = [];
  const invalid: string[] = [];
  for (const raw of lists.flat()) {
    const tag = normaliseHashtag(raw);
    if (!/\p{L}/u.test(tag)) {
      invalid.push(raw);
      continue;
    }
    const key = tag.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    all.push(tag);
  }
  return { tags: all.slice(0, limit), dropped: all.slice(limit), invalid };
}

/**
 * Where hashtags come from, in the order a post takes them (config `platforms.<p>.hashtagOrder`):
 * `project-first` the project's first tag, `item` the item's tags in the post's language,
 * `project` the project's other tags, `channel` the channel's.
 */
export type HashtagSource = (typeof HASHTAG_SOURCES)[number];

/** The project's own tag first, then the item's (its own language), then the rest. */
export const DEFAULT_HASHTAG_ORDER: readonly HashtagSource[] = ['project-first', 'item', 'project', 'channel'];

/** The tag lists in `order`. */
export function orderedHashtags(
  order: readonly HashtagSource[],
  sources: { project: readonly string[]; item: readonly string[]; channel: readonly string[] },
): Array<readonly string[]> {
  const lists: Record<HashtagSource, readonly string[]> = {
    'project-first': sources.project.slice(0, 1),
    item: sources.item,
    project: sources.project.slice(1),
    channel: sources.channel,
  };
  return order.map((source) => lists[source]);
}

/**
 * A mention from a news item, in one of the forms the project writes:
 * - `@SeconProject_eu` — an X account;
 * - `SECON Project <urn:li:organization:93265886>` — a LinkedIn organisation (the name must be the
 *   organisation's name as LinkedIn shows it).
 * Each platform gets only the mentions written for it; Facebook gets none (the Graph API tags pages
 * only for apps with extra review, and a plain "@name" would be just text).
 */
export interface Mention {
  platform: Platform;
  /** X handle without "@", or the LinkedIn organisation's name. */
  name: string;
  /** LinkedIn organisation URN. */
  urn?: string;
}

const X_HANDLE = /^@([A-Za-z0-9_]{1,15})$/;
const LINKEDIN_ORG = /^(.+?)\s*<(urn:li:organization:\d+)>$/;

/** Parses a mention; null when it is in none of the known forms. */
export function parseMention(raw: string): Mention | null {
  const text = raw.trim();
  const handle = X_HANDLE.exec(text);
  if (handle) return { platform: 'twitter', name: handle[1]! };
  const org = LINKEDIN_ORG.exec(text);
  if (org) return { platform: 'linkedin', name: org[1]!, urn: org[2]! };
  return null;
}

/** What the tail is made of. */
export interface TailInputs {
  platform: Platform;
  /** The item's mentions, as written. */
  mentions: readonly string[];
  /** Hashtag lists, in the order the post takes them. */
  hashtags: ReadonlyArray<readonly string[]>;
  maxHashtags: number;
  /** LinkedIn syntax for tags and mentions. */
  linkedin: boolean;
}

/** A tail for one text of the post. */
export interface Tail {
  /** Mentions and hashtags in the platform's syntax, one space apart ("" for none). */
  text: string;
  warnings: string[];
}

/**
 * The tail as a function of the post's text: a tag the text already carries as a hashtag is not
 * repeated and takes one of the platform's hashtag places. The fitter calls it again on a
 * shortened text, so a tag cut out of the text comes back in the tail.
 */
export function tailFor(inputs: TailInputs): (body: string) => Tail {
  const fixed: string[] = [];
  const mentions: string[] = [];
  for (const raw of inputs.mentions) {
    const mention = parseMention(stripMarkers(raw));
    if (!mention) {
      fixed.push(
        `mention "${raw}" is neither an X handle (@name) nor a LinkedIn organisation (Name ` +
          `<urn:li:organization:ID>): left out`,
      );
    } else if (mention.platform === inputs.platform) {
      mentions.push(mention.urn ? linkedinMention(mention.name, mention.urn) : `@${mention.name}`);
    }
  }
  const merged = mergeHashtags(inputs.hashtags, Number.POSITIVE_INFINITY);
  if (merged.invalid.length) fixed.push(`hashtags without a letter left out: ${merged.invalid.join(', ')}`);
  return (body) => {
    const warnings = [...fixed];
    const found = body.includes('#') || body.includes('＃') ? twitter.extractHashtags(body) : [];
    const inText = new Set(found.map((tag) => tag.toLowerCase()));
    const wanted = merged.tags.filter((tag) => !inText.has(tag.toLowerCase()));
    const room = Math.max(0, inputs.maxHashtags - inText.size);
    const dropped = wanted.slice(room);
    if (dropped.length)
      warnings.push(
        `${inputs.platform} takes at most ${inputs.maxHashtags} hashtags` +
          `${inText.size ? ` (${inText.size} in the text)` : ''}: left out #${dropped.join(', #')}`,
      );
    const tags = wanted.slice(0, room).map((tag) => (inputs.linkedin ? linkedinHashtag(tag) : `#${tag}`));
    return { text: [...mentions, ...tags].join(' '), warnings };
  };
}
