const RESERVED = '|{}@[]()<>#\\*_~';

/**
 * What LinkedIn keeps of a commentary: it reads little text and silently cuts the post at the first
 * reserved character that is not escaped and not part of a hashtag or mention (platform-contracts.md).
 */
export function linkedinKeeps(commentary: string): string {
  const markup = /^(\{hashtag\|\\#\|[^{}|]+\}|@\[(?:[^\]\\]|\\.)+\]\(urn:li:organization:\d+\))/u;
  for (let i = 0; i < commentary.length; i++) {
    const ch = commentary[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    const tag = markup.exec(commentary.slice(i));
    if (tag) {
      i += tag[0].length - 1;
      continue;
    }
    if (RESERVED.includes(ch)) return commentary.slice(0, i);
  }
  return commentary;
}
