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

/** X wraps every URL as a t.co link and HTML-escapes &, < and >. */
export function normalizeXText(text: string): string {
  const decoded = basic(text).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const urls = twitterText.extractUrlsWithIndices(decoded);
  let out = '';
  let last = 0;
  for (const { indices } of urls) {
    out += `${decoded.slice(last, indices[0])}<url>`;
    last = indices[1];
  }
  return out + decoded.slice(last);
}

export function sameXText(sent: string, shown: string): boolean {
  return normalizeXText(sent) === normalizeXText(shown);
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
