import { createHash } from 'node:crypto';
import twitterText from 'twitter-text';
import type { SandboxPost } from './sandbox-types.ts';

/**
 * How X hands a post's text back (create answer, timeline): every URL replaced by a t.co link,
 * a post with media carrying one more t.co link at the end that points at its first photo, and
 * &, <, > HTML-escaped. The sandbox stores the text as sent and builds this view on every read,
 * so reconciliation is tested against what X really returns, not against what we sent.
 */

/** A URL entity as X returns it with `tweet.fields=entities` (OpenAPI: PostEntities.urls). */
export interface XUrlEntity {
  /** Code points from the start of the returned `text` (inclusive). */
  start: number;
  /** Code points from the start of the returned `text` (exclusive). */
  end: number;
  /** The t.co link as it stands in the text. */
  url: string;
  /** The URL as written (scheme added when it had none), or the photo page for the media link. */
  expanded_url: string;
  /** What X shows: without scheme and "www.", long ones cut with "…"; `pic.x.com/…` for media. */
  display_url: string;
  /** Set on the media link only: the key of the first attached media. */
  media_key?: string;
}

/** The post as X returns it. */
export interface XShownText {
  text: string;
  urls: XUrlEntity[];
}

/** X shows at most this many characters of a link (then "…"). */
const DISPLAY_URL_LENGTH = 26;

/** A t.co-looking code, stable for this post, link position and URL. */
function tcoLink(postId: string, index: number, target: string): string {
  const code = createHash('sha256')
    .update(`${postId}\n${index}\n${target}`)
    .digest('base64url')
    .replace(/[-_]/g, '')
    .slice(0, 10);
  return `https://t.co/${code}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function codePoints(text: string): number {
  return [...text].length;
}

function displayUrl(url: string): string {
  const bare = url.replace(/^https?:\/\//i, '').replace(/^www\./i, '');
  return bare.length > DISPLAY_URL_LENGTH ? `${bare.slice(0, DISPLAY_URL_LENGTH)}…` : bare;
}

/** The media key X gives an uploaded media id (the upload answers name it the same way). */
export function xMediaKey(mediaId: string): string {
  return `3_${mediaId}`;
}

/** The text of a stored X post, and its URL entities, as X returns them. */
export function xShownText(post: SandboxPost, username: string): XShownText {
  const urls: XUrlEntity[] = [];
  let out = '';
  let last = 0;
  for (const { url, indices } of twitterText.extractUrlsWithIndices(post.text)) {
    out += escapeHtml(post.text.slice(last, indices[0]));
    const link = tcoLink(post.id, urls.length, url);
    const start = codePoints(out);
    out += link;
    urls.push({
      start,
      end: start + codePoints(link),
      url: link,
      expanded_url: /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`,
      display_url: displayUrl(url),
    });
    last = indices[1];
  }
  out += escapeHtml(post.text.slice(last));
  const first = post.media[0];
  if (first) {
    const link = tcoLink(post.id, urls.length, 'media');
    if (out) out += ' ';
    const start = codePoints(out);
    out += link;
    urls.push({
      start,
      end: start + codePoints(link),
      url: link,
      expanded_url: `https://x.com/${username}/status/${post.id}/photo/1`,
      display_url: `pic.x.com/${link.slice('https://t.co/'.length)}`,
      media_key: xMediaKey(first.id),
    });
  }
  return { text: out, urls };
}
