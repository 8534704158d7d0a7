/**
 * Every secret value the process has read. The logger and error formatting scrub these from any
 * text they emit, so a token that slips into an error message from a client library still never
 * reaches a log line, an error shown to a person, or the publishing history.
 */
const secrets = new Set<string>();

/** Minimum length worth scrubbing: shorter values would mangle ordinary words. */
const MIN_SECRET_LENGTH = 6;

export function registerSecret(value: string): void {
  if (value.length >= MIN_SECRET_LENGTH) secrets.add(value);
}

export const REDACTED = '[REDACTED]';

/** Replaces every registered secret (and its URL-encoded form) in `text`. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
  }
  return out;
}
