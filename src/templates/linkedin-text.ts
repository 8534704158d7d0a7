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
