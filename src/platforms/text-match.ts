import twitterText from 'twitter-text';

/**
 * Comparing the text we sent with the text a platform shows, for reconciliation. Each platform
 * changes the text a little on the way; these undo exactly those changes and nothing more, so a
 * different post never matches.
 */

/** Whitespace at the ends is not kept by any platform; Unicode is compared in NFC. */
function basic(text: string): string {
  return text.normalize('NFC').trim();
}

/** A post as the X timeline returns it with `tweet.fields=entities,attachments` (the fields read here). */
export interface XPostAsShown {
  text: string;
  entities?: { urls?: Array<{ url?: string; expanded_url?: string; media_key?: string }> };
  attachments?: { media_keys?: string[] };
}

/** A text cut at its URLs: the words around them (URLs replaced by URL_MARK) and the URLs in order. */
interface UrlFrame {
  frame: string;
  /** A URL, or undefined where X gave no expansion for a link (then any URL is taken there). */
  urls: Array<string | undefined>;
}

const URL_MARK = '\u0000';
const TCO_LINK = /https:\/\/t\.co\/[A-Za-z0-9]+/g;
/** Where X's media link points: the post's photo, video or GIF page. */
const MEDIA_PAGE = /^https?:\/\/(?:www\.)?(?:x|twitter)\.com\/[^/]+\/status\/\d+\/(?:photo|video)\/\d+$/i;

/** X HTML-escapes &, < and > (one pass: "&amp;lt;" is a literal "&lt;"). */
function unescapeX(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>' })[name]!);
}

/** The sent text cut at the URLs X will wrap (twitter-text is X's own extractor). */
function sentFrame(sent: string): { frame: string; urls: string[] } {
  const text = basic(sent);
  const urls: string[] = [];
  let frame = '';
  let last = 0;
  for (const { url, indices } of twitterText.extractUrlsWithIndices(text)) {
    frame += text.slice(last, indices[0]) + URL_MARK;
    urls.push(url);
    last = indices[1];
  }
  return { frame: frame + text.slice(last), urls };
}

/**
 * X's text cut at its t.co links, each expanded through `entities.urls`; the media link is dropped.
 * A t.co link X gave no entity for is a link of unknown target, except a last one at the very end
 * of a post with media: that is the media link.
 */
function shownFrame(shown: XPostAsShown): UrlFrame {
  const entities = new Map((shown.entities?.urls ?? []).filter((u) => u.url).map((u) => [u.url!, u]));
  const hasMedia = (shown.attachments?.media_keys?.length ?? 0) > 0;
  const raw = shown.text.trimEnd();
  const links = [...raw.matchAll(TCO_LINK)];
  const urls: Array<string | undefined> = [];
  let frame = '';
  let last = 0;
  for (const [index, match] of links.entries()) {
    const entity = entities.get(match[0]);
    const atEnd = index === links.length - 1 && match.index + match[0].length === raw.length;
    const isMedia = entity
      ? entity.media_key !== undefined || MEDIA_PAGE.test(entity.expanded_url ?? '')
      : hasMedia && atEnd && ![...entities.values()].some((u) => u.media_key !== undefined);
    frame += unescapeX(raw.slice(last, match.index));
    if (isMedia) {
      frame = frame.trimEnd();
    } else {
      frame += URL_MARK;
      urls.push(entity?.expanded_url);
    }
    last = match.index + match[0].length;
  }
  return { frame: basic(frame + unescapeX(raw.slice(last))), urls };
}

/** Two URLs alike once scheme-less ones get X's "http://" and both are WHATWG-normalised (host case, empty path). */
function sameUrl(sent: string, expanded: string | undefined): boolean {
  if (expanded === undefined) return true;
  const canonical = (url: string) => {
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;
    try {
      return new URL(withScheme).href;
    } catch {
      return withScheme;
    }
  };
  return canonical(sent) === canonical(expanded);
}

/**
 * Whether the post X shows is the text we sent. X hands the text back changed: every URL replaced
 * by a t.co link, a post with media given one more t.co link at the end, &, <, > escaped. This
 * undoes exactly that: the t.co links are expanded back through `entities.urls` (ask for
 * `tweet.fields=entities,attachments`), the media link dropped, escapes undone, both sides NFC and
 * trimmed; the words must then be equal and the URLs the same one by one.
 *
 * Why expand rather than mask every URL on both sides: masked, two posts of one template that
 * differ only in their link ("New on the blog: <link>") look the same, and reconciliation would
 * take another item's post for ours, mark ours published and never send it. X reports
 * `expanded_url` as extracted from our own text by twitter-text, its own extractor, so expansion
 * is exact; scheme-less and host-case differences are absorbed by URL normalisation. Only a link
 * X gave no entity for is taken as "any URL" there (masking is the best left for it).
 */
export function sameXText(sent: string, shown: XPostAsShown | string): boolean {
  const a = sentFrame(sent);
  const b = shownFrame(typeof shown === 'string' ? { text: shown } : shown);
  return a.frame === b.frame && a.urls.length === b.urls.length && a.urls.every((url, i) => sameUrl(url, b.urls[i]));
}

/** LinkedIn returns the commentary as sent (little text, escapes included). */
export function sameLinkedInText(sent: string, shown: string): boolean {
  return basic(sent) === basic(shown);
}

/**
 * Facebook returns the message as sent; a photo post carries the link appended after a blank line
 * (see FacebookAdapter), so that form matches too.
 */
export function sameFacebookText(sent: string, shown: string, link?: string): boolean {
  const a = basic(sent);
  const b = basic(shown);
  return a === b || (link !== undefined && b === basic(`${sent}\n\n${link}`)) || b.startsWith(`${a}\n\nhttp`);
}
