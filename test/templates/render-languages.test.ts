import twitter from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, PLATFORMS } from '../../src/config/config-schema.ts';
import { escapeLittleText } from '../../src/templates/linkedin-text.ts';
import { createRenderer } from '../../src/templates/post-renderer.ts';
import { channelFor, shippedConfig } from '../helpers/config.ts';
import { HASKOVO_OWN, HASKOVO_TEXTS, haskovoItem } from '../helpers/haskovo.ts';

const config = shippedConfig();
const renderer = createRenderer({ config });
const item = haskovoItem();
const now = new Date('2023-11-10T09:00:00+02:00');

/**
 * How each language frames the announcement and writes the event's dates (13–14 November 2023; ICU keeps "2023 г."
 * together with a narrow no-break space).
 */
const EXPECTED: Record<string, { saveTheDate: string; dates: string; readMore: string }> = {
  en: { saveTheDate: 'Save the date:', dates: '13–14 November 2023', readMore: 'Read more:' },
  de: { saveTheDate: 'Termin vormerken:', dates: '13.–14. November 2023', readMore: 'Mehr dazu:' },
  nl: { saveTheDate: 'Noteer alvast:', dates: '13–14 november 2023', readMore: 'Lees meer:' },
  el: { saveTheDate: 'Σημειώστε την ημερομηνία:', dates: '13–14 Νοεμβρίου 2023', readMore: 'Διαβάστε περισσότερα:' },
  bg: { saveTheDate: 'Запазете датата:', dates: '13–14 ноември 2023\u202fг.', readMore: 'Прочетете повече:' },
  ro: { saveTheDate: 'Notați în calendar:', dates: '13–14 noiembrie 2023', readMore: 'Citiți mai mult:' },
  hu: { saveTheDate: 'Jegyezze fel a naptárába:', dates: '2023. november 13–14.', readMore: 'Bővebben:' },
  pl: { saveTheDate: 'Zapisz w kalendarzu:', dates: '13–14 listopada 2023', readMore: 'Czytaj więcej:' },
  pt: { saveTheDate: 'Marque na agenda:', dates: '13–14 de novembro de 2023', readMore: 'Saiba mais:' },
  lv: { saveTheDate: 'Atzīmējiet kalendārā:', dates: '2023. gada 13.–14. novembris', readMore: 'Lasiet vairāk:' },
  es: { saveTheDate: 'Reserva la fecha:', dates: '13–14 de noviembre de 2023', readMore: 'Más información:' },
  fr: { saveTheDate: 'À vos agendas\u00a0:', dates: '13–14 novembre 2023', readMore: 'En savoir plus\u00a0:' },
};

describe('shipped templates: every language on every platform', () => {
  it('covers exactly the project languages', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...LANGUAGES].sort());
  });

  for (const language of LANGUAGES) {
    for (const platform of PLATFORMS) {
      it(`${language} on ${platform}: localised frame, title and dates, within the limit`, () => {
        const post = renderer.render({
          item,
          channel: channelFor(config, platform),
          language,
          kind: 'announcement',
          now,
        });
        const expected = EXPECTED[language]!;
        const title = HASKOVO_TEXTS[language]!.title;
        const shown = platform === 'linkedin' ? (s: string) => escapeLittleText(s) : (s: string) => s;

        expect(post.text).toContain(shown(expected.saveTheDate));
        expect(post.text).toContain(shown(title));
        expect(post.text).toContain(shown(expected.dates));
        expect(post.warnings.filter((w) => /^no \S+ (template|translation)\b/.test(w))).toEqual([]);
        expect(post.link).toBe(
          'https://www.interregeurope.eu/secon/news/haskovo-workshop?utm_source=' +
            platform +
            '&utm_medium=social&utm_campaign=haskovo-workshop-2023',
        );
        // Alt text in the post's own language, never another translation's.
        expect(post.images).toEqual([
          { src: 'https://www.interregeurope.eu/secon/haskovo.jpg', alt: HASKOVO_OWN[language]!.alt },
        ]);
        const own = HASKOVO_OWN[language]!.hashtag;

        if (platform === 'twitter') {
          const weighted = twitter.parseTweet(post.text).weightedLength;
          expect(weighted).toBeLessThanOrEqual(280);
          expect(post.metrics).toMatchObject({ weightedLength: weighted, limit: 280 });
          expect(post.text).toContain(`${expected.readMore} ${post.link}`);
          expect(twitter.extractUrls(post.text)).toEqual([post.link]);
          // Hashtags at the end, at most 3: the project's first, the item's own in this language,
          // the project's second; the mention written for X.
          const lastLine = post.text.split('\n').at(-1)!;
          expect(lastLine).toBe(`@SeconProject_eu #SECON #${own} #SocialEconomy`);
          expect(post.article).toBeUndefined();
        } else {
          expect(post.text.length).toBeLessThanOrEqual(platform === 'linkedin' ? 3000 : 63_206);
          expect(post.metrics).toEqual({ length: post.text.length, limit: platform === 'linkedin' ? 3000 : 63_206 });
          // The whole summary: nothing to shorten on these platforms.
          expect(post.text).toContain(shown(HASKOVO_TEXTS[language]!.summary));
        }
        if (platform === 'linkedin') {
          // The item has an image, so LinkedIn gets no article card: the commentary ends with the
          // language's "read more" line (the X wording) and the link, percent-encoded, not escaped.
          expect(post.article).toBeUndefined();
          expect(post.text).toContain(
            `\n\n${shown(expected.readMore)} ` +
              `https://www.interregeurope.eu/secon/news/haskovo-workshop?utm%5Fsource=linkedin&utm%5Fmedium=social&utm%5Fcampaign=haskovo-workshop-2023\n\n`,
          );
        }
        if (platform === 'facebook') {
          // A photo post has no link preview: the localised "read more" line carries the link,
          // before the hashtags, and the text is exactly what is sent.
          expect(post.article).toBeUndefined();
          expect(post.text).toContain(`\n\n${expected.readMore} ${post.link}\n\n#`);
        }
        if (platform === 'linkedin') {
          expect(
            post.text.endsWith(
              `@[SECON Project](urn:li:organization:93265886) {hashtag|\\#|SECON} {hashtag|\\#|${own}} ` +
                `{hashtag|\\#|SocialEconomy} {hashtag|\\#|InterregEurope}`,
            ),
          ).toBe(true);
        }
        if (platform === 'facebook') {
          expect(post.text.endsWith(`\n\n#SECON #${own} #SocialEconomy #InterregEurope`)).toBe(true);
        }
      });
    }
  }

  it('renders every kind in every language on every platform without error', () => {
    let count = 0;
    for (const language of LANGUAGES) {
      for (const platform of PLATFORMS) {
        for (const kind of ['announcement', 'recap', 'news', 'reminder', 'event-day'] as const) {
          const post = renderer.render({ item, channel: channelFor(config, platform), language, kind, now });
          expect(post.text.trim()).not.toBe('');
          expect(post.text).toContain(
            platform === 'linkedin' ? escapeLittleText(HASKOVO_TEXTS[language]!.title) : HASKOVO_TEXTS[language]!.title,
          );
          if (platform === 'twitter') expect(twitter.parseTweet(post.text).weightedLength).toBeLessThanOrEqual(280);
          count++;
        }
      }
    }
    expect(count).toBe(12 * 3 * 5);
  });

  it('says "in 3 days" with each language\'s plural rules in reminders', () => {
    const expected: Record<string, string> = {
      en: 'Reminder – in 3 days\n',
      de: 'Erinnerung – in 3 Tagen\n',
      nl: 'Herinnering – over 3 dagen\n',
      el: 'Υπενθύμιση – σε 3 ημέρες\n',
      bg: 'Напомняне – след 3 дни\n',
      ro: 'Reamintire – peste 3 zile\n',
      hu: 'Emlékeztető – 3 nap múlva\n',
      pl: 'Przypomnienie – za 3 dni\n',
      pt: 'Lembrete – dentro de 3 dias\n',
      lv: 'Atgādinājums – pēc 3 dienām\n',
      es: 'Recordatorio – dentro de 3 días\n',
      fr: 'Rappel – dans 3 jours\n',
    };
    for (const language of LANGUAGES) {
      const post = renderer.render({ item, channel: channelFor(config, 'facebook'), language, kind: 'reminder', now });
      expect(post.text, language).toContain(expected[language]);
    }
    const tomorrow = renderer.render({
      item,
      channel: channelFor(config, 'twitter'),
      language: 'pl',
      kind: 'reminder',
      now: new Date('2023-11-12T20:00:00+02:00'),
    });
    expect(tomorrow.text).toContain('Przypomnienie – jutro\n');
  });
});
