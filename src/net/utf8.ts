import { Utf8Error } from './utf8-error.ts';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * UTF-8 bytes → text (a leading byte order mark dropped), refusing anything that is not UTF-8
 * instead of turning it into "�" that would then be posted. Throws a {@link Utf8Error}.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    throw utf8ErrorAt(bytes);
  }
}

/**
 * Finds the first byte that is not UTF-8 (only called once decoding failed): decoded leniently,
 * every "�" that the bytes do not spell out as EF BF BD marks a bad byte.
 */
export function utf8ErrorAt(bytes: Uint8Array, baseOffset = 0, baseLine = 1): Utf8Error {
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
  const encoder = new TextEncoder();
  let offset = 0;
  let from = 0;
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) {
    offset += encoder.encode(text.slice(from, i)).length;
    from = i;
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) break;
    offset += 3;
    from = i + 1;
  }
  offset = Math.min(offset, Math.max(bytes.length - 1, 0));
  let line = baseLine;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return new Utf8Error(baseOffset + offset, line, bytes[offset] ?? 0);
}
