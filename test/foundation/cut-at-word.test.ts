import { describe, expect, it } from 'vitest';
import { cutAtWord, WORD_LOOKBACK } from '../../src/cut-at-word.ts';

describe('cutAtWord: a line at most so long, cut where a reader expects it', () => {
  const text = 'Study visit to Riga social enterprises · Partners from nine regions visit social enterprises in Riga.';

  it('a text that fits is kept whole', () => {
    expect(cutAtWord(text, text.length)).toBe(text);
  });

  it('cut, it ends at a word, then the ellipsis: never inside a word', () => {
    // 60 characters end inside "regions".
    expect(cutAtWord(text, 60)).toBe('Study visit to Riga social enterprises · Partners from nine…');
    for (let max = 20; max < text.length; max++) {
      const out = cutAtWord(text, max);
      expect(Array.from(out).length, `max ${max}`).toBeLessThanOrEqual(max);
      expect(text.startsWith(out.slice(0, -1)), `max ${max}: ${out}`).toBe(true);
      // What comes before the ellipsis is a whole word.
      expect(text[out.length - 1], `max ${max}: ${out}`).toMatch(/[\s.]/);
      expect(out.at(-2), `max ${max}: ${out}`).toMatch(/\p{L}/u);
      expect(out.endsWith('…'), `max ${max}`).toBe(true);
    }
  });

  it('no full stop, comma, dash or line mark before the ellipsis', () => {
    expect(cutAtWord('Save the date. Workshop in Haskovo on social economy', 16)).toBe('Save the date…');
    expect(cutAtWord('Save the date · 13–14 November 2023', 16)).toBe('Save the date…');
    expect(cutAtWord('Haskovo, Bulgaria, hosts the partners', 10)).toBe('Haskovo…');
  });

  it(`a word longer than the look-back (${WORD_LOOKBACK}, or as given) is cut inside`, () => {
    const url = `Read: https://www.interregeurope.eu/secon/news/${'a'.repeat(80)}`;
    expect(cutAtWord(url, 60)).toBe(`${Array.from(url).slice(0, 59).join('')}…`);
    // Given the whole of the text to look back over, it cuts at the space.
    expect(cutAtWord(url, 60, 60)).toBe('Read…');
  });

  it('never cuts an emoji in half', () => {
    expect(cutAtWord('🗓'.repeat(30), 10)).toBe(`${'🗓'.repeat(9)}…`);
  });
});
