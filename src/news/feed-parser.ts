import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DateTime } from 'luxon';
import { cutAtWord } from '../cut-at-word.ts';
import { FeedFormatError } from './feed-format-error.ts';
import type { ItemIssue } from './item-issue.ts';
import type { NewsKind } from './news-item.ts';
import { htmlToPlainText, looksLikeHtml } from './plain-text.ts';
import type { Rejection } from './rejection.ts';
import type { Candidate } from './validate-item.ts';

/** How feed items become news items. */
export interface FeedParseOptions {
  kind: NewsKind;
  /** The feed's language from the configuration; wins over what the feed says. Default: the feed's own. */
  language?: string;
  /** When neither the configuration nor the feed names a language. */
  defaultLanguage: string;
  /** Limit the items to these channels. Default: all. */
  channels?: string[];
  /** Longest summary taken from a description; longer ones are cut at a word. Default 500. */
  maxSummaryLength?: number;
  /** More items than this and the feed is refused whole (ingest.maxItemsPerSource). Default: no limit. */
  maxItems?: number;
}

/** An item from a feed: its id (GUID, else link) when it has one, and whether it carried a date. */
export interface FeedCandidate extends Candidate {
  id?: string;
  /** The item had no date: the caller fills `published` (see FeedPoller, which keeps the first one seen). */
  undated: boolean;
}

/** A candidate's `published` as the feed gives it (a readable date string), else undefined. */
export function publishedOf(candidate: FeedCandidate): string | undefined {
  const published = (candidate.data as { published?: unknown }).published;
  return typeof published === 'string' ? published : undefined;
}

/** True when the candidate is dated (readably) before `time` (ms): a feed's back catalogue beyond maxAgeDays. */
export function datedBefore(candidate: FeedCandidate, time: number): boolean {
  const published = publishedOf(candidate);
  return published !== undefined && Date.parse(published) < time;
}

export interface ParsedFeed {
  format: 'rss' | 'atom';
  title?: string;
  candidates: FeedCandidate[];
  rejected: Rejection[];
}

const DEFAULT_MAX_SUMMARY = 500;

// Elements that may repeat are always arrays, so one item and many items look the same.
const ARRAYS = new Set([
  'rss.channel.item',
  'rss.channel.item.category',
  'rss.channel.item.enclosure',
  'rss.channel.item.media:content',
  'rss.channel.item.media:thumbnail',
  'feed.entry',
  'feed.entry.link',
  'feed.entry.category',
  'feed.link',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  // Keep every value as text: a GUID "0012" must not become the number 12.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (_name, jpath) => ARRAYS.has(String(jpath)),
});

type Node = Record<string, unknown>;

/**
 * RSS 2.0 or Atom text → candidate items, every item in the feed (not only the newest): which are
 * new is decided by the NewsStore, by id and content hash, so items that appear out of order are
 * taken too. Throws FeedFormatError when the text is not XML or not a feed.
 */
export function parseFeed(xml: string, source: string, options: FeedParseOptions): ParsedFeed {
  refuseEntityDeclarations(xml);
  let doc: Node;
  try {
    const valid = XMLValidator.validate(xml);
    if (valid !== true) {
      throw new FeedFormatError(
        `not XML (${valid.err.msg} at line ${valid.err.line}, column ${valid.err.col}); expected an RSS 2.0 or ` +
          `Atom feed`,
        valid.err.line,
      );
    }
    doc = parser.parse(xml) as Node;
  } catch (error) {
    if (error instanceof FeedFormatError) throw error;
    // The parser's own limits (nesting, a malformed DOCTYPE or declaration) end here, as this feed's problem.
    throw new FeedFormatError(`cannot read it as XML (${(error as Error).message}); expected an RSS 2.0 or Atom feed`);
  }
  const feed = isNode(doc.rss) && isNode(doc.rss.channel) ? parseRss(doc.rss.channel, source, options) : undefined;
  const parsed = feed ?? (isNode(doc.feed) ? parseAtom(doc.feed, source, options) : undefined);
  if (parsed) {
    const count = parsed.candidates.length + parsed.rejected.length;
    if (options.maxItems !== undefined && count > options.maxItems) {
      throw new FeedFormatError(
        `holds ${count} items, over the limit of ${options.maxItems} per source (ingest.maxItemsPerSource); ` +
          `expected at most ${options.maxItems}`,
      );
    }
    return parsed;
  }
  const root = Object.keys(doc).find((k) => !k.startsWith('?')) ?? 'nothing';
  throw new FeedFormatError(
    root === 'rss'
      ? 'not an RSS 2.0 feed: the <rss> root has no <channel> with content; expected <rss><channel>…</channel></rss>'
      : `not an RSS 2.0 or Atom feed; expected a <rss> root with a <channel>, or an Atom <feed> root, got <${root}>`,
  );
}

/**
 * A feed declaring entities is refused: no feed needs them, and they are how a few bytes expand
 * to gigabytes (nested entities, "billion laughs") or pull in a local file (an external entity).
 * Left in, the parser keeps the reference as literal text (a title "&lol9;") — refused instead.
 */
function refuseEntityDeclarations(xml: string): void {
  const doctype = xml.indexOf('<!DOCTYPE');
  if (doctype < 0) return;
  const entity = xml.indexOf('<!ENTITY', doctype);
  if (entity < 0) return;
  const line = xml.slice(0, entity).split('\n').length;
  throw new FeedFormatError(
    'the feed declares entities (<!ENTITY …> in its DOCTYPE); refused: entities can expand without bound or read ' +
      'local files. Expected a feed without entity declarations',
    line,
  );
}

function parseRss(channel: Node, source: string, options: FeedParseOptions): ParsedFeed {
  const feedLanguage = text(channel.language);
  const items = asArray(channel.item).filter(isNode);
  const out: ParsedFeed = { format: 'rss', candidates: [], rejected: [] };
  const title = text(channel.title);
  if (title) out.title = title;
  items.forEach((item, index) => {
    const guid = text(item.guid);
    const link = text(item.link);
    const where = `${source} item ${index + 1}${guid || link ? ` (${guid || link})` : ''}`;
    const images = [
      ...asArray(item['media:content'])
        .filter(isNode)
        .filter((m) => m['@_medium'] === 'image' || /^image\//.test(String(m['@_type'] ?? ''))),
      ...asArray(item.enclosure)
        .filter(isNode)
        .filter((e) => /^image\//.test(String(e['@_type'] ?? ''))),
      ...asArray(item['media:thumbnail']).filter(isNode),
    ];
    out.candidates.push(
      candidateFrom(
        {
          where,
          id: guid || link,
          title: text(item.title),
          link,
          description: text(item.description),
          content: text(item['content:encoded']),
          date: text(item.pubDate) || text(item['dc:date']),
          dateField: 'pubDate',
          language: options.language ?? canonicalLanguage(feedLanguage) ?? options.defaultLanguage,
          images: images.map((m) => ({
            src: String(m['@_url'] ?? ''),
            alt: text(m['media:description']) || text(m['media:title']),
          })),
        },
        options,
      ),
    );
  });
  return out;
}

function parseAtom(feed: Node, source: string, options: FeedParseOptions): ParsedFeed {
  const feedLanguage = attr(feed, 'xml:lang');
  const out: ParsedFeed = { format: 'atom', candidates: [], rejected: [] };
  const title = textOf(feed.title);
  if (title) out.title = title;
  asArray(feed.entry)
    .filter(isNode)
    .forEach((entry, index) => {
      const links = asArray(entry.link).filter(isNode);
      const alternate = links.find((l) => !l['@_rel'] || l['@_rel'] === 'alternate');
      const link = alternate ? String(alternate['@_href'] ?? '') : '';
      const id = text(entry.id);
      const where = `${source} entry ${index + 1}${id || link ? ` (${id || link})` : ''}`;
      const images = links.filter((l) => l['@_rel'] === 'enclosure' && /^image\//.test(String(l['@_type'] ?? '')));
      out.candidates.push(
        candidateFrom(
          {
            where,
            id: id || link,
            title: textOf(entry.title),
            link,
            description: textOf(entry.summary),
            content: textOf(entry.content),
            date: text(entry.published) || text(entry.updated),
            dateField: 'published',
            language:
              options.language ?? canonicalLanguage(attr(entry, 'xml:lang') ?? feedLanguage) ?? options.defaultLanguage,
            images: images.map((l) => ({ src: String(l['@_href'] ?? ''), alt: String(l['@_title'] ?? '') })),
          },
          options,
        ),
      );
    });
  return out;
}

interface RawEntry {
  where: string;
  id: string;
  title: string;
  link: string;
  description: string;
  content: string;
  date: string;
  dateField: string;
  language: string;
  images: Array<{ src: string; alt: string }>;
}

/** Maps one feed entry onto the item fields; HTML becomes clean text. */
function candidateFrom(raw: RawEntry, options: FeedParseOptions): FeedCandidate {
  const issues: ItemIssue[] = [];
  const clean = (value: string, field: string) => cleanField(value, field, issues);
  const title = clean(raw.title, 'title');
  const description = clean(raw.description, 'summary');
  const body = clean(raw.content, 'body') || description;
  const max = options.maxSummaryLength ?? DEFAULT_MAX_SUMMARY;
  // A summary is cut at a word as far back as its middle: a post reads a shorter whole sentence
  // part better than a cut word.
  const summary = cutAtWord(description || body || title, max, Math.floor(max / 2));
  let published: string | undefined;
  if (raw.date) {
    published = feedDate(raw.date);
    if (!published)
      issues.push({
        field: 'published',
        message: `${raw.dateField} "${raw.date}" is not a date; expected an RFC 822 (RSS) or RFC 3339 (Atom) date`,
      });
  }
  if (!raw.id)
    issues.push({
      field: 'id',
      message: 'the item has neither a guid/id nor a link; expected one of them to identify it',
    });
  const data: Node = {
    id: raw.id || undefined,
    kind: options.kind,
    language: raw.language,
    title: title || undefined,
    summary: summary || undefined,
    body,
    url: raw.link || undefined,
    published,
    // A feed gives no alt text; its image title, else the item title, describes the picture best.
    images: raw.images.map((image, i) => ({ src: image.src, alt: clean(image.alt, `images[${i}].alt`) || title })),
  };
  if (options.channels) data.channels = options.channels;
  const candidate: FeedCandidate = { data, source: raw.where, undated: !raw.date };
  if (raw.id) candidate.id = raw.id;
  if (issues.length) candidate.issues = issues;
  return candidate;
}

/** RSS dates are RFC 822 ("Thu, 09 Nov 2023 10:00:00 +0100"), Atom's RFC 3339; both keep their offset. */
export function feedDate(value: string): string | undefined {
  const trimmed = value.trim();
  for (const parsed of [
    DateTime.fromRFC2822(trimmed, { setZone: true }),
    DateTime.fromISO(trimmed, { setZone: true }),
    DateTime.fromHTTP(trimmed, { setZone: true }),
  ]) {
    if (parsed.isValid) return parsed.toISO({ suppressMilliseconds: true }) ?? undefined;
  }
  // Some feeds write "GMT"/"EST" zone names or no weekday; the JS parser copes, answering in UTC.
  const loose = new Date(trimmed);
  return Number.isNaN(loose.getTime()) || !/\d{4}/.test(trimmed)
    ? undefined
    : (DateTime.fromJSDate(loose, { zone: 'utc' }).toISO({ suppressMilliseconds: true }) ?? undefined);
}

/** HTML → text; markup too deep or too big to convert safely becomes an issue of the field, not a crash. */
function cleanField(value: string, field: string, issues: ItemIssue[]): string {
  if (!looksLikeHtml(value)) return value.trim();
  try {
    return htmlToPlainText(value);
  } catch (error) {
    issues.push({ field, message: `cannot be read as HTML: ${(error as Error).message}` });
    return '';
  }
}

function canonicalLanguage(code: string | undefined): string | undefined {
  if (!code) return undefined;
  try {
    return Intl.getCanonicalLocales(code.trim())[0];
  } catch {
    return code.trim();
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Text of an element that may carry attributes (`<guid isPermaLink="false">x</guid>`). */
function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (isNode(value) && typeof value['#text'] === 'string') return value['#text'].trim();
  return '';
}

/** Atom text constructs: type="html" text is HTML (entities already decoded); type="xhtml" is markup. */
function textOf(value: unknown): string {
  if (isNode(value) && value['@_type'] === 'xhtml') return xhtmlText(value);
  return text(value);
}

function xhtmlText(node: unknown): string {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map(xhtmlText).join(' ');
  if (!isNode(node)) return '';
  return Object.entries(node)
    .filter(([k]) => !k.startsWith('@_'))
    .map(([, v]) => xhtmlText(v))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function attr(node: Node, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}
