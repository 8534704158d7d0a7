// Makes the built bundle pure ASCII, its source map moved to match (dev/build.mjs runs it).
//
// Why: V8 keeps a script whose text has a single character above U+00FF as a two-byte string, and
// decoding such a file from UTF-8 is slower than decoding ASCII. esbuild writes ASCII escapes for
// strings, but leaves regular expression literals and tagged templates as they are, and
// twitter-text's regexes, the text fitting's punctuation classes and the desk's `html` templates
// hold a hundred-odd such characters. Measured on this command (20 alternating runs each):
// `preview` of one item 398 → 369 ms, `--help` 237 → 195 ms (bench/cli-startup.bench.ts measures it).
//
// Plain JavaScript (not TypeScript), as build.mjs: it runs before anything is compiled.
import { decode, encode } from '@jridgewell/sourcemap-codec';

/** Characters that stay as they are. */
const ASCII_MAX = 0x7f;
/** `\uXXXX` is six characters where there was one. */
const ESCAPE_LENGTH = 6;
/** A String.raw template holding a non-ASCII character (its raw text would change: refused). */
const RAW_WITH_NON_ASCII = /String\.raw`[^`]*[\u0080-\uffff]/;

/**
 * Writes every character above U+007F (each UTF-16 unit) as `\uXXXX`. The same text to JavaScript
 * wherever esbuild leaves one: in a regular expression (with or without the `u` flag: a surrogate
 * pair written as two escapes is one code point under `u`), a string, a template's cooked text,
 * an identifier. Only a template's raw text differs; the only reader of raw text in the bundle is
 * String.raw, and a String.raw template with such a character makes this throw. A backslash before
 * the character (`\…`, an identity escape, the character itself) is dropped with it.
 *
 * Returns the new text and, per line, where it grew: [column in the old text, characters added].
 */
export function escapeNonAscii(code) {
  if (RAW_WITH_NON_ASCII.test(code))
    throw new Error('ascii-bundle: a String.raw template holds a non-ASCII character; its raw text would change');
  const shifts = [];
  let out = '';
  let line = 0;
  let lineStart = 0;
  let copied = 0;
  for (let i = 0; i < code.length; i++) {
    const unit = code.charCodeAt(i);
    if (unit === 0x0a) {
      line++;
      lineStart = i + 1;
      continue;
    }
    if (unit <= ASCII_MAX) continue;
    let slashes = 0;
    while (i - slashes - 1 >= lineStart && code[i - slashes - 1] === '\\') slashes++;
    const escaped = slashes % 2 === 1;
    const from = escaped ? i - 1 : i;
    out += `${code.slice(copied, from)}\\u${unit.toString(16).padStart(4, '0')}`;
    copied = i + 1;
    shifts[line] ??= [];
    shifts[line].push([from - lineStart, ESCAPE_LENGTH - (i + 1 - from)]);
  }
  return { code: out + code.slice(copied), shifts };
}

/** Moves the generated columns of a source map's mappings by the shifts escapeNonAscii reported. */
export function shiftMappings(mappings, shifts) {
  const lines = decode(mappings);
  shifts.forEach((lineShifts, line) => {
    if (!lineShifts || !lines[line]) return;
    for (const segment of lines[line]) {
      let added = 0;
      for (const [column, grew] of lineShifts) if (column < segment[0]) added += grew;
      segment[0] += added;
    }
  });
  return encode(lines);
}

/** The bundle and its source map (JSON text), both made to match its ASCII-only text. */
export function asciiBundle(code, mapJson) {
  const { code: ascii, shifts } = escapeNonAscii(code);
  const map = JSON.parse(mapJson);
  map.mappings = shiftMappings(map.mappings, shifts);
  return { code: ascii, map: JSON.stringify(map), escaped: shifts.flat().length };
}
