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
 * Merges hashtag lists in order (project, item, channel), normalised, without duplicates compared
 * case-insensitively; the first spelling wins ("SECON" before a later "secon").
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
    const key = tag.toLocaleLowerCase('und');
    if (seen.has(key)) continue;
    seen.add(key);
    all.push(tag);
  }
  return { tags: all.slice(0, limit), dropped: all.slice(limit), invalid };
}
