/**
 * The known name nearest a misspelt one ("summry" → summary, "keyprefix" → keyPrefix), for the
 * "did you mean" of templates, news items and the configuration.
 */

/** A name within this many edits of a known one is taken as a typo of it ("summry", "labeled"). */
const MAX_EDITS = 2;

/** Levenshtein distance between two short names. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length]!;
}

/** The known name nearest `name` and its distance, when it is a plausible typo of it. */
export function nearest(name: string, known: Iterable<string>): { name: string; distance: number } | undefined {
  let best: { name: string; distance: number } | undefined;
  let bestDistance = Math.min(MAX_EDITS, Math.ceil(name.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [{ name: candidate, distance: d }, d];
  }
  return best;
}

/** The known name nearest `name`, when it is a plausible typo of it. */
export function nearestName(name: string, known: Iterable<string>): string | undefined {
  return nearest(name, known)?.name;
}
