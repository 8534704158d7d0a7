import { describe, expect, it } from 'vitest';
import { excerpt } from '../../web/views/format.ts';

describe('excerpt: the start of a post on one line, for the desk’s lists', () => {
  const text = 'Study visit to Riga social enterprises · Partners from nine regions visit social enterprises in Riga.';

  it('a text that fits is shown whole', () => {
    expect(excerpt(text, 200)).toBe(text);
  });

  it('cut, it ends at a word, then the ellipsis: never inside a word', () => {
    // 60 characters end inside "regions".
    expect(excerpt(text, 60)).toBe('Study visit to Riga social enterprises · Partners from nine…');
    for (let max = 20; max < text.length; max++) {
      const out = excerpt(text, max);
      expect(Array.from(out).length, `max ${max}`).toBeLessThanOrEqual(max);
      expect(text.startsWith(out.slice(0, -1)), `max ${max}: ${out}`).toBe(true);
      // What comes before the ellipsis is a whole word.
      expect(text[out.length - 1], `max ${max}: ${out}`).toMatch(/[\s.]/);
    }
  });

  it('no full stop, comma or line mark before the ellipsis', () => {
    expect(excerpt('Save the date. Workshop in Haskovo on social economy', 16)).toBe('Save the date…');
    expect(excerpt('Save the date · 13–14 November 2023', 16)).toBe('Save the date…');
  });

  it('a word longer than the look-back is cut inside, with the ellipsis', () => {
    const url = `Read: https://www.interregeurope.eu/secon/news/${'a'.repeat(80)}`;
    const out = excerpt(url, 60);
    expect(Array.from(out)).toHaveLength(60);
    expect(out).toMatch(/aaa…$/);
  });

  it('a text that starts with a long run of spaces is still read to its words', () => {
    expect(excerpt(`${' '.repeat(1000)}Haskovo`, 20)).toBe('Haskovo');
  });

  it('never cuts an emoji in half', () => {
    const out = excerpt(`${'🗓'.repeat(30)} and more`, 10);
    expect(out).toBe(`${'🗓'.repeat(9)}…`);
  });
});
