/**
 * Alt text cut to a platform's limit in UTF-16 code units (X 1,000, LinkedIn 4,086), never inside
 * a surrogate pair: a plain slice could end on half an emoji, and the platform would get a lone
 * surrogate (invalid text) in the upload's metadata.
 */
export function fitAltText(alt: string, maxUnits: number): string {
  if (alt.length <= maxUnits) return alt;
  const cut = alt.slice(0, maxUnits);
  const last = cut.charCodeAt(cut.length - 1);
  // A high surrogate at the end lost its low half to the cut: drop it too.
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
