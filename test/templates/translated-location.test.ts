import { describe, expect, it } from 'vitest';
import { newsItemSchema } from '../../src/news/news-item.ts';
import { createRenderer } from '../../src/templates/post-renderer.ts';
import { channelFor, shippedConfig } from '../helpers/config.ts';

describe('event location per language', () => {
  const config = shippedConfig();
  const renderer = createRenderer({ config });
  const item = newsItemSchema.parse({
    id: 'loc',
    kind: 'announcement',
    language: 'de',
    title: 'Workshop in Haskovo',
    summary: 'Die Partner treffen sich.',
    url: 'https://www.interregeurope.eu/secon',
    published: '2023-11-09T10:00:00+01:00',
    event: {
      name: 'Workshop',
      start: '2023-11-13T09:00:00+02:00',
      location: 'Haskovo, Bulgarien',
      timezone: 'Europe/Sofia',
    },
    translations: {
      el: { title: 'Εργαστήριο στο Χάσκοβο', summary: 'Οι εταίροι συναντιούνται.', location: 'Χάσκοβο, Βουλγαρία' },
      pl: { title: 'Warsztaty w Haskowie', summary: 'Partnerzy spotykają się.' },
    },
  });
  const post = (language: string) =>
    renderer.render({
      item,
      channel: channelFor(config, 'facebook'),
      language,
      kind: 'announcement',
      now: new Date('2023-11-09T12:00:00Z'),
    });
  const render = (language: string) => post(language).text;

  it('uses the translated location when the translation gives one', () => {
    expect(render('el')).toContain('Χάσκοβο, Βουλγαρία');
    expect(render('el')).not.toContain('Bulgarien');
  });

  it('falls back to the original location otherwise', () => {
    expect(render('pl')).toContain('Haskovo, Bulgarien');
    expect(render('de')).toContain('Haskovo, Bulgarien');
  });

  it('warns when a translation gives no location, as for hashtags and alt text', () => {
    expect(post('pl').warnings).toContain("no pl location (translations.pl.location): the event's de location is used");
    expect(post('el').warnings.join('\n')).not.toContain('location');
    expect(post('de').warnings.join('\n')).not.toContain('location');
  });
});
