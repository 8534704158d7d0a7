/** A phrase with its first letter in capitals: "no reminder on …" as a sentence, "valkey" as a name. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
