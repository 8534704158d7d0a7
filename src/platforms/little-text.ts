/**
 * LinkedIn "little text" (the commentary format): these characters must be escaped with a
 * backslash, or LinkedIn silently cuts the post at the first one (and still answers 201).
 */
export const LITTLE_TEXT_RESERVED = new Set([...'|{}@[]()<>#\\*_~']);

/** `@[Name](urn:li:organization:123)`: a mention, legitimate syntax. */
const MENTION = /^@\[(?:[^\]\\]|\\.)*\]\(urn:li:(?:organization|person):\d+\)/;
/** `{hashtag|\#|tag}`: a hashtag, legitimate syntax. */
const HASHTAG = /^\{hashtag\|\\#\|(?:[^{}|\\]|\\.)+\}/;

/**
 * Index of the first reserved character that is neither escaped nor part of a mention or hashtag
 * template, or -1 when the commentary is safe. A lone trailing backslash counts as unescaped.
 * The LinkedIn sandbox cuts there; the LinkedIn adapter refuses to send such a commentary.
 */
export function firstUnescapedReserved(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\') {
      if (i + 1 >= text.length) return i;
      i += 1;
      continue;
    }
    if (char === '@' || char === '{') {
      const template = (char === '@' ? MENTION : HASHTAG).exec(text.slice(i));
      if (template) {
        i += template[0].length - 1;
        continue;
      }
    }
    if (LITTLE_TEXT_RESERVED.has(char)) return i;
  }
  return -1;
}

/** How much of the text around a cut a message quotes, on each side. */
const CUT_CONTEXT = 20;

/**
 * Why LinkedIn would silently cut this commentary, or undefined when it keeps it whole: names the
 * character, its position (1-based) and the text around it.
 */
export function littleTextCut(text: string): string | undefined {
  const at = firstUnescapedReserved(text);
  if (at < 0) return undefined;
  const around = text.slice(Math.max(0, at - CUT_CONTEXT), at + CUT_CONTEXT + 1).replace(/\s+/g, ' ');
  return `unescaped "${text[at]}" at character ${at + 1} (…${around}…)`;
}
