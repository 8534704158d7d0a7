import { describe, expect, it } from 'vitest';
import { excerpt } from '../../web/views/format.ts';

describe('excerpt: the start of a post on one line, for the desk’s lists', () => {
  const text = 'Study visit to Riga social enterprises · Partners from nine regions visit social enterprises in Riga.';

  it('a text that fits is shown whole', () => {
    expect(excerpt(text, 200)).toBe(text);
  });

  it('cut, it ends at a word (cutAtWord), its line breaks shown', () => {
    expect(excerpt(text, 60)).toBe('Study visit to Riga social enterprises · Partners from nine…');
    expect(excerpt('Save the date\n\n17 December 2026\n\nPartners from nine regions', 40)).toBe(
      'Save the date · 17 December 2026…',
    );
  });

  it('a text that starts with a long run of spaces is still read to its words', () => {
    expect(excerpt(`${' '.repeat(1000)}Haskovo`, 20)).toBe('Haskovo');
  });

  it('a text whose start is all emoji is cut with its ellipsis, never an emoji in half', () => {
    expect(excerpt(`${'🗓'.repeat(30)} and more`, 10)).toBe(`${'🗓'.repeat(9)}…`);
  });
});
