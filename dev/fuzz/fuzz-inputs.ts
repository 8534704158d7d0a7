import fc from 'fast-check';

/**
 * Inputs for the fuzz targets: a seed (a real sample, or a hostile one built here) with a few
 * mutations on top. Mutations are not only small edits: one repeats a slice thousands of times
 * (deep nesting: ">>>>", "[[[[", "<div><div>"), one drops in a long word of up to 200 000
 * characters, and the tokens are the ones parsers trip over (entities, anchors, bidi controls,
 * unpaired surrogates, quotes).
 */

/** Longest word a mutation inserts (the figure). */
export const LONG_WORD_MAX = 200_000;
/** Inputs are cut here, as ingest.maxBytes (1 MB) cuts files before any parser sees them. */
export const MAX_INPUT_CHARS = 1_048_576;

/** Tokens that have broken parsers: structure, entities, YAML, bidi and invisible characters, bad UTF-16. */
export const HOSTILE_TOKENS = [
  '>',
  '> ',
  '- ',
  '[',
  ']',
  '{',
  '}',
  '(',
  '*',
  '_',
  '**',
  '`',
  '~~',
  '|',
  '#',
  '\\',
  '"',
  "'",
  ',',
  ';',
  ':',
  ': ',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '    ',
  '---\n',
  '<div>',
  '</div>',
  '<b>',
  '<table><tr><td>x</td></tr>',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '&amp;',
  '&lt;div&gt;',
  '&lol9;',
  '&#0;',
  '&#x202E;',
  '&#xD800;',
  '&nbsp;',
  '<!DOCTYPE rss [<!ENTITY a "b">]>',
  '<!DOCTYPE rss [<foo>]>',
  '<!DOCTYPE rss SYSTEM "x">',
  '<?xml version="1.0" encoding=?>',
  '&a',
  '*a',
  '!!binary ',
  '<<: *a',
  '? ',
  '%YAML 1.2\n',
  '\u0000',
  '\u001b',
  '\u0085',
  '\u202e',
  '\u2066',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\ud800',
  '\udfff',
  '🙂',
  '👩\u200d💻',
  '𝕏',
  'ü',
  'Χάσκοβο',
  'Хасково',
  '社会的経済',
  'https://www.interregeurope.eu/secon',
  'https://user:pw@x.test/',
  'javascript:alert(1)',
  '#SECON',
  '@SeconProject_eu',
  '2027-03-28T02:30:00',
  '2027-10-31T02:30',
  '+05:00',
  '=HYPERLINK("x")',
  '0',
  '1e999',
  'null',
  'NaN',
] as const;

type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'repeat'; at: number; length: number; times: number }
  | { kind: 'long-word'; at: number; size: number; char: string };

const position = fc.nat({ max: 1_000_000 });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: position,
      text: fc.oneof(fc.constantFrom(...HOSTILE_TOKENS), fc.string({ maxLength: 8, unit: 'binary' })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.nat({ max: 64 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('repeat' as const),
      at: position,
      length: fc.integer({ min: 1, max: 8 }),
      times: fc.oneof(fc.integer({ min: 2, max: 50 }), fc.integer({ min: 50, max: 20_000 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('long-word' as const),
      at: position,
      size: fc.oneof(fc.integer({ min: 100, max: 5_000 }), fc.integer({ min: 5_000, max: LONG_WORD_MAX })),
      char: fc.constantFrom('a', 'ü', 'ж', '社', '🙂', '_', '*', '&', '<', '['),
    }),
  },
);

function apply(text: string, m: Mutation): string {
  const at = text.length ? m.at % (text.length + 1) : 0;
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'repeat': {
      const slice = text.slice(at, at + m.length) || '>';
      return text.slice(0, at) + slice.repeat(m.times) + text.slice(at);
    }
    case 'long-word': {
      const word = m.char.repeat(Math.ceil(m.size / m.char.length)).slice(0, m.size);
      return text.slice(0, at) + word + text.slice(at);
    }
  }
}

/** A seed with up to `maxMutations` mutations applied, cut to MAX_INPUT_CHARS. */
export function mutatedText(seeds: readonly string[], maxMutations = 4): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutation, { maxLength: maxMutations }))
    .map(([seed, mutations]) => mutations.reduce(apply, seed).slice(0, MAX_INPUT_CHARS));
}

/** Text for one field of an item given to the renderer: real words in several scripts, hostile tokens, long words. */
export function fieldText(maxLongWord: number): fc.Arbitrary<string> {
  const word = fc.oneof(
    fc.constantFrom(
      'SECON',
      'workshop',
      'Haskovo',
      'Χάσκοβο',
      'Хасково',
      'Rīga',
      'Łódź',
      'z. B.',
      'Nr.',
      '6.',
      'г.',
      '«',
      '»',
      '…',
      '#SocialEconomy',
      '@SeconProject_eu',
      'https://www.interregeurope.eu/secon?a=(b)_c',
      '{{ title }}',
      '{% raw %}',
      '\u00a0',
    ),
    fc.constantFrom(...HOSTILE_TOKENS),
    fc.string({ maxLength: 12 }),
    fc.integer({ min: 1, max: maxLongWord }).map((n) => 'x'.repeat(n)),
  );
  return fc.array(word, { minLength: 1, maxLength: 60 }).map((words) => words.join(' ').trim() || 'x');
}
