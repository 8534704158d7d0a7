import { describe, expect, test } from 'vitest';
import { sameXText } from '../../src/platforms/text-match.ts';

/** sameXText against X's answers written by hand (the sandbox builds the same form in x-shown-text.ts). */
describe('sameXText', () => {
  const sent = 'Read https://www.interregeurope.eu/secon & share';
  const urlEntity = {
    url: 'https://t.co/AbCdE12345',
    expanded_url: 'https://www.interregeurope.eu/secon',
    display_url: 'interregeurope.eu/secon',
  };
  const mediaEntity = {
    url: 'https://t.co/ZzZzZ99999',
    expanded_url: 'https://x.com/SeconProject_eu/status/1/photo/1',
    display_url: 'pic.x.com/ZzZzZ99999',
    media_key: '3_7',
  };

  test('expands t.co links through entities and drops the media link', () => {
    const shown = {
      text: 'Read https://t.co/AbCdE12345 &amp; share https://t.co/ZzZzZ99999',
      entities: { urls: [urlEntity, mediaEntity] },
      attachments: { media_keys: ['3_7'] },
    };
    expect(sameXText(sent, shown)).toBe(true);
    expect(sameXText('Read https://www.interregeurope.eu/other & share', shown)).toBe(false);
    expect(sameXText('Read https://www.interregeurope.eu/secon & share more', shown)).toBe(false);
  });

  test('a media link without media_key is known by its photo page; without an entity, by the attachments and its place at the end', () => {
    const { media_key: _, ...noKey } = mediaEntity;
    expect(
      sameXText(sent, {
        text: 'Read https://t.co/AbCdE12345 &amp; share https://t.co/ZzZzZ99999',
        entities: { urls: [urlEntity, noKey] },
      }),
    ).toBe(true);
    expect(
      sameXText(sent, {
        text: 'Read https://t.co/AbCdE12345 &amp; share https://t.co/ZzZzZ99999',
        entities: { urls: [urlEntity] },
        attachments: { media_keys: ['3_7'] },
      }),
    ).toBe(true);
    // Without media, a trailing link X gave no entity for is a link of ours, so the texts differ.
    expect(
      sameXText(sent, {
        text: 'Read https://t.co/AbCdE12345 &amp; share https://t.co/ZzZzZ99999',
        entities: { urls: [urlEntity] },
      }),
    ).toBe(false);
  });

  test("a scheme-less URL matches X's http:// expansion; escapes are undone once; a text without entities masks its links", () => {
    expect(
      sameXText('see interregeurope.eu/secon', {
        text: 'see https://t.co/AbCdE12345',
        entities: { urls: [{ ...urlEntity, expanded_url: 'http://interregeurope.eu/secon' }] },
      }),
    ).toBe(true);
    expect(sameXText('a &lt; b <c>', { text: 'a &amp;lt; b &lt;c&gt;' })).toBe(true);
    expect(sameXText('a < b <c>', { text: 'a &amp;lt; b &lt;c&gt;' })).toBe(false);
    expect(sameXText(sent, 'Read https://t.co/AbCdE12345 &amp; share')).toBe(true);
  });
});
