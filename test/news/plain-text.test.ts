import { describe, expect, it } from 'vitest';
import { htmlToPlainText, markdownThroughHtml, markdownToPlainText } from '../../src/news/plain-text.ts';

describe('markdownToPlainText', () => {
  it.each([
    'One paragraph.',
    'Line one\nline two of the same paragraph.\n\nA second paragraph.',
    '  Indented less than four.\n\n\n\nMany blank lines before this one.  ',
    'Die Gemeinde Haskovo empfängt am 13. und 14. November 2023 die Partner.\nZweite Zeile.',
    'Община Хасково посреща партньорите.\n\nΔήμος Χάσκοβο.',
    // Comment lines (the hint of `secon-bot new`), alone or around plain paragraphs.
    // Comment lines (the hint of `secon-bot new`), alone or around plain paragraphs: the fast path too.
    '<!-- Under this line: the whole story (Markdown; optional). -->\n',
    '<!-- Under this line: the story. -->\n\nThe partners meet in Riga.\nSecond line.',
    'The partners meet.\n<!-- a note -->\nIn Riga.',
    '   <!--\n  a hint over\n  two lines -->\n\nStory.',
    // Comments that are not whole lines of their own, and comments in code, keep the full conversion.
    'Text <!-- inline --> more.',
    '<!-- a --> trailing text',
    '<!-- a --> x -->',
    '    <!-- four spaces in: code -->',
    '```\n<!-- in a fence -->\n```',
  ])('gives the text the full conversion gives, whichever path it takes: %j', (text) => {
    expect(markdownToPlainText(text)).toBe(markdownThroughHtml(text));
  });

  it('converts Markdown syntax to text', () => {
    expect(
      markdownToPlainText(
        '# Title\n\nSome **bold** and a [link](https://www.interregeurope.eu/secon).\n\n- one\n- two',
      ),
    ).toBe('Title\n\nSome bold and a link (https://www.interregeurope.eu/secon).\n\n * one\n * two');
  });
});

describe('htmlToPlainText', () => {
  it('drops scripts, styles and images, decodes entities, keeps paragraphs', () => {
    expect(
      htmlToPlainText(
        '<style>p{}</style><p>A &amp; B&nbsp;C</p><img src="x.png" alt="x"><script>evil()</script><p>Next</p>',
      ),
    ).toBe('A & B\u00a0C\n\nNext');
  });
});
