import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { describe, expect, it } from 'vitest';
import { escapeNonAscii, shiftMappings } from '../../dev/ascii-bundle.mjs';
import { REPO_ROOT } from '../helpers/cli.ts';

/** A UTF-16 unit above U+007F. */
const NON_ASCII = /[\u0080-\uffff]/;

/** Runs a function body and returns what it returns. */
const run = (body: string): unknown => new Function(body)();

/** Every kind of place esbuild leaves a non-ASCII character in, with the value it has there. */
const SAMPLE = [
  'const tag = (s, ...v) => s.join("|") + v.join("");',
  'return [',
  '  /[#＃]/.test("＃"),', // a regex without the u flag
  '  /^[«„“]+$/u.test("«„“"),', // with it
  '  /^[😀-🙏]$/u.test("🙂"),', // astral, in a class range: one code point under u
  '  /😀/.test("😀"), "😀".length,', // without u: two units
  '  /\\…/.test("…"),', // an identity escape of the character
  '  "a\\·b", "·",', // the same in strings
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the sample's own template, run below
  '  tag`x · ${1} – y`,', // a tagged template's cooked text
  '  `plain ’ template`,',
  '  /[\\s,;:.\\-–—]+$/u.exec("a –")[0],',
  '];',
].join('\n');

describe('the ASCII-only bundle (dev/ascii-bundle.mjs)', () => {
  it('writes every non-ASCII character as an escape that means the same', () => {
    const { code } = escapeNonAscii(SAMPLE);
    expect(code).not.toMatch(NON_ASCII);
    expect(code).toContain('/\\u2026/.test'); // the identity escape's backslash went with it
    expect(run(code)).toEqual(run(SAMPLE));
    expect(run(SAMPLE)).toEqual([true, true, true, true, 2, true, 'a·b', '·', 'x · | – y1', 'plain ’ template', ' –']);
  });

  it('refuses a String.raw template holding such a character (its raw text would change)', () => {
    expect(() => escapeNonAscii('const a = String.raw`é`;')).toThrow(/String\.raw/);
    expect(escapeNonAscii('const a = String.raw`\\u00e9`; const b = "é";').code).toBe(
      'const a = String.raw`\\u00e9`; const b = "\\u00e9";',
    );
  });

  it('moves the source map with the text: each segment by what grew before it on its line', () => {
    const { code, shifts } = escapeNonAscii('ab«cd\\»ef\nx·y');
    expect(code).toBe('ab\\u00abcd\\u00bbef\nx\\u00b7y');
    // Line 0: « at 2 (+5), \» at 5 (+4: the backslash goes); line 1: · at 1 (+5).
    expect(shifts).toEqual([
      [
        [2, 5],
        [5, 4],
      ],
      [[1, 5]],
    ]);
    const mappings = encode([
      [
        [0, 0, 0, 0],
        [3, 0, 0, 3],
        [7, 0, 0, 7],
      ],
      [
        [0, 0, 1, 0],
        [2, 0, 1, 2],
      ],
    ]);
    expect(decode(shiftMappings(mappings, shifts))).toEqual([
      [
        [0, 0, 0, 0],
        [8, 0, 0, 3],
        [16, 0, 0, 7],
      ],
      [
        [0, 0, 1, 0],
        [7, 0, 1, 2],
      ],
    ]);
  });

  it('the built bundle is ASCII, and its map still leads from a name after escapes to its source line', () => {
    const bundle = readFileSync(join(REPO_ROOT, 'dist', 'secon-bot.cjs'), 'utf8');
    expect(bundle).not.toMatch(NON_ASCII);
    const map = JSON.parse(readFileSync(join(REPO_ROOT, 'dist', 'secon-bot.cjs.map'), 'utf8')) as {
      sources: string[];
      mappings: string;
    };
    // DANGLING comes after a run of escaped punctuation classes on its (long, minified) line.
    const at = bundle.indexOf('DANGLING=/');
    const line = bundle.slice(0, at).split('\n').length - 1;
    const column = at - (bundle.lastIndexOf('\n', at) + 1);
    expect(bundle.slice(bundle.lastIndexOf('\n', at), at)).toContain('\\u00ab');
    const segment = decode(map.mappings)
      [line]!.filter((s) => s[0] <= column)
      .at(-1)!;
    const source = map.sources[segment[1]!]!;
    expect(source).toMatch(/src\/templates\/text-breaks\.ts$/);
    const sourceLine = readFileSync(join(REPO_ROOT, 'src', 'templates', 'text-breaks.ts'), 'utf8').split('\n')[
      segment[2]!
    ];
    expect(sourceLine).toContain('const DANGLING =');
  });
});
