import twitter from 'twitter-text';

/**
 * LinkedIn "little text": these characters are markup. Unescaped, LinkedIn silently cuts the post
 * at the first one and still answers 201, so every one in plain text gets a backslash.
 */
const RESERVED = /[|{}@[\]()<>#\\*_~]/g;

/** Escapes plain text for a LinkedIn commentary. */
export function escapeLittleText(text: string): string {
  return text.replace(RESERVED, '\\$&');
}

/** A hashtag in LinkedIn's syntax: `{hashtag|\#|SocialEconomy}`. */
export function linkedinHashtag(tag: string): string {
  return `{hashtag|\\#|${escapeLittleText(tag)}}`;
}

/** An organisation mention: `@[SECON Project](urn:li:organization:93265886)`. */
export function linkedinMention(name: string, urn: string): string {
  return `@[${escapeLittleText(name)}](${urn})`;
}

/** A link written into LinkedIn commentary, and what had to change for it to survive there. */
export interface LinkedInTextLink {
  /** The link with every reserved character percent-encoded: escaping needs nothing in it. */
  url: string;
  /** What could not be kept or encoded (for the post's warnings); empty when the link is whole. */
  notes: string[];
}

const RESERVED_ONE = new RegExp(RESERVED.source, 'gu');
const HAS_RESERVED = new RegExp(RESERVED.source, 'u');

/** `_` → `%5F`: the reserved characters are all ASCII. */
function percentEncodeReserved(text: string): string {
  return text.replace(RESERVED_ONE, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * The link as LinkedIn commentary can carry it. A backslash inside a URL (`utm\_source`) breaks it,
 * so instead every reserved character of host, path and query is percent-encoded (`_` → %5F,
 * `(` → %28…): servers and analytics decode it to the same address. Two parts have no such form:
 * the fragment's `#` (encoded, it would join the last query value; a fragment never reaches the
 * server, so it is left out) and a user name or password before `@` (left out: no place in a
 * public post). An IPv6 host keeps its brackets (they cannot be encoded); the fitter then escapes
 * them, which keeps the post whole, and a note says the link may not be clickable.
 */
export function linkedinTextLink(link: string): LinkedInTextLink {
  const known = textLinks.get(link);
  if (known) return known;
  const made = encodeTextLink(link);
  if (textLinks.size >= 10_000) textLinks.clear();
  textLinks.set(link, made);
  return made;
}

/** Links already encoded: every LinkedIn post of an item has the same one. */
const textLinks = new Map<string, LinkedInTextLink>();

function encodeTextLink(link: string): LinkedInTextLink {
  const url = new URL(link);
  const notes: string[] = [];
  if (url.username || url.password) {
    notes.push('the user name and password of the link are left out of the LinkedIn text');
    url.username = '';
    url.password = '';
  }
  if (url.hash) {
    notes.push(
      `the fragment ${url.hash} of the link is left out of the LinkedIn text (# cannot be written in a URL there)`,
    );
    url.hash = '';
  }
  const host = url.host.startsWith('[') ? url.host : percentEncodeReserved(url.host);
  const encoded = `${url.protocol}//${host}${percentEncodeReserved(`${url.pathname}${url.search}`)}`;
  if (HAS_RESERVED.test(encoded)) {
    notes.push(
      `the host of ${encoded} holds characters LinkedIn reserves: escaped in the text, the link may not be clickable`,
    );
  }
  return { url: encoded, notes };
}

/** What plain text becomes in a LinkedIn commentary, and what had to change on the way. */
export interface LittleText {
  text: string;
  /** Fragments of in-text URLs left out (no encoded form). */
  notes: string[];
}

/** A hashtag sign, or a dot or colon followed by a character a URL may continue with: else no entity. */
const MAY_HOLD_ENTITY = /[#＃]|[.:][^\s.,;:!?)\]}»”’"']/u;

/** A URL written in the item's own text, as LinkedIn can carry it: fragment left out, reserved characters encoded. */
function textUrl(url: string, notes: string[]): string {
  const hash = url.indexOf('#');
  const kept = hash < 0 ? url : url.slice(0, hash);
  if (hash >= 0)
    notes.push(
      `the fragment ${url.slice(hash)} of ${kept} is left out of the LinkedIn text (# cannot be written in a URL ` +
        `there)`,
    );
  return percentEncodeReserved(kept);
}

/**
 * Plain text (the rendered template, the item's own words) as LinkedIn commentary: URLs in it
 * percent-encoded like the link (a backslash inside a URL breaks it), hashtags in it as LinkedIn
 * hashtags, every other reserved character escaped. Without any URL or hashtag it is
 * {@link escapeLittleText}.
 */
export function littleText(text: string, safe?: string): LittleText {
  const notes: string[] = [];
  // `safe`: a URL known to be percent-encoded already (the post's link), which escaping leaves whole.
  const rest = safe ? text.replaceAll(safe, ' ') : text;
  if (!MAY_HOLD_ENTITY.test(rest)) return { text: escapeLittleText(text), notes };
  const entities = twitter
    .extractEntitiesWithIndices(text)
    .filter((entity) => 'url' in entity || 'hashtag' in entity)
    .sort((a, b) => a.indices[0] - b.indices[0]);
  let out = '';
  let from = 0;
  for (const entity of entities) {
    const [start, end] = entity.indices;
    out += escapeLittleText(text.slice(from, start));
    out += 'hashtag' in entity ? linkedinHashtag(entity.hashtag) : textUrl(text.slice(start, end), notes);
    from = end;
  }
  return { text: out + escapeLittleText(text.slice(from)), notes };
}
