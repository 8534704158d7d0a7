import twitter from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { escapeLittleText, linkedinHashtag, linkedinMention } from '../../src/templates/linkedin-text.ts';
import {
  calendarDaysBetween,
  formatDateRange,
  formatList,
  formatRelativeDays,
  isMultiDay,
  zoneLabel,
} from '../../src/templates/locale-format.ts';
import { mergeHashtags, normaliseHashtag, parseMention } from '../../src/templates/post-tail.ts';
import { shortenText } from '../../src/templates/shorten-text.ts';
import { startsWithEmoji } from '../../src/templates/template-filters.ts';
import { normaliseText } from '../../src/templates/template-post-renderer.ts';
import { trimStandaloneTags } from '../../src/templates/template-resolver.ts';
import { trackingLink } from '../../src/templates/template-variables.ts';
import { graphemeCount } from '../../src/templates/text-measure.ts';
import { splitThread, type ThreadSplit } from '../../src/templates/thread-splitter.ts';
import { languageOf } from '../helpers/language.ts';

const weighted = (text: string) => twitter.parseTweet(text).weightedLength;

describe('hashtags', () => {
  it('normalises, dedupes case-insensitively keeping the first spelling, and limits', () => {
    expect(normaliseHashtag('#Social Economy!')).toBe('SocialEconomy');
    expect(normaliseHashtag('Interreg-Europe')).toBe('InterregEurope');
    expect(normaliseHashtag('Κοινωνική Οικονομία')).toBe('ΚοινωνικήΟικονομία');
    const merged = mergeHashtags(
      [['SECON', 'Social Economy'], ['#secon', 'socialeconomy', 'Haskovo', '2023'], ['Interreg Europe']],
      3,
    );
    expect(merged).toEqual({
      tags: ['SECON', 'SocialEconomy', 'Haskovo'],
      dropped: ['InterregEurope'],
      invalid: ['2023'],
    });
  });
});

describe('LinkedIn little text and mentions', () => {
  it('escapes each reserved character once', () => {
    expect(escapeLittleText('a|b{c}d@e[f]g(h)i<j>k#l\\m*n_o~p')).toBe(
      'a\\|b\\{c\\}d\\@e\\[f\\]g\\(h\\)i\\<j\\>k\\#l\\\\m\\*n\\_o\\~p',
    );
    expect(linkedinHashtag('SocialEconomy')).toBe('{hashtag|\\#|SocialEconomy}');
    expect(linkedinMention('SECON (EU)', 'urn:li:organization:1')).toBe('@[SECON \\(EU\\)](urn:li:organization:1)');
  });

  it('reads the two mention forms and refuses others', () => {
    expect(parseMention('@SeconProject_eu')).toEqual({ platform: 'twitter', name: 'SeconProject_eu' });
    expect(parseMention('SECON Project <urn:li:organization:93265886>')).toEqual({
      platform: 'linkedin',
      name: 'SECON Project',
      urn: 'urn:li:organization:93265886',
    });
    expect(parseMention('SECON Project')).toBeNull();
    expect(parseMention('@way_too_long_handle_for_x')).toBeNull();
  });
});

describe('locale formatting', () => {
  const start = new Date('2023-11-13T09:00:00+02:00');
  const end = new Date('2023-11-14T17:00:00+02:00');
  it('writes day ranges as each language does', () => {
    expect(formatDateRange(start, end, 'en-GB', 'Europe/Sofia')).toBe('13–14 November 2023');
    expect(formatDateRange(start, end, 'de-DE', 'Europe/Sofia')).toBe('13.–14. November 2023');
    expect(formatDateRange(start, end, 'bg-BG', 'Europe/Sofia')).toBe('13–14 ноември 2023\u202fг.');
    expect(formatDateRange(start, new Date('2023-12-02T12:00:00+02:00'), 'en-GB', 'Europe/Sofia')).toBe(
      '13 November\u2009–\u20092 December 2023',
    );
    expect(formatDateRange(start, new Date('2023-11-13T18:00:00+02:00'), 'en-GB', 'Europe/Sofia')).toBe(
      '13 November 2023',
    );
  });

  it('an evening event ending in the small hours is one day; a longer or later-ending one is not', () => {
    const zone = 'Europe/Lisbon';
    const evening = new Date('2026-05-30T22:00:00+01:00');
    const at = (iso: string) => new Date(iso);
    expect(isMultiDay(evening, at('2026-05-31T01:30:00+01:00'), zone)).toBe(false);
    expect(isMultiDay(evening, at('2026-05-31T05:59:00+01:00'), zone)).toBe(false);
    expect(isMultiDay(evening, at('2026-05-31T06:00:00+01:00'), zone)).toBe(true);
    expect(isMultiDay(evening, at('2026-05-31T17:00:00+01:00'), zone)).toBe(true);
    // Starting at 02:00 and ending at 03:00 the next day: over 24 hours, two days.
    expect(isMultiDay(at('2026-05-30T02:00:00+01:00'), at('2026-05-31T03:00:00+01:00'), zone)).toBe(true);
    // Two nights later is two days further, however early.
    expect(isMultiDay(evening, at('2026-06-01T01:00:00+01:00'), zone)).toBe(true);
    expect(formatDateRange(evening, at('2026-05-31T01:30:00+01:00'), 'en-GB', zone)).toBe('30 May 2026');
    expect(formatDateRange(evening, at('2026-05-31T01:30:00+01:00'), 'pt-PT', zone)).toBe('30 de maio de 2026');
  });

  it("names the event's zone only when the readers' clock differs then", () => {
    const summer = new Date('2026-04-15T08:00:00Z');
    const winter = new Date('2026-01-15T09:00:00Z');
    expect(zoneLabel(summer, 'Europe/Brussels', 'Europe/Athens', 'en-GB')).toBe('CEST');
    expect(zoneLabel(winter, 'Europe/Brussels', 'Europe/Athens', 'en-GB')).toBe('CET');
    expect(zoneLabel(summer, 'Europe/Brussels', 'Europe/Athens', 'de-DE')).toBe('MESZ');
    expect(zoneLabel(summer, 'Europe/Brussels', 'Europe/Athens', 'fr-FR')).toBe('UTC+2');
    // Same offset, other zone (Sofia read in Athens; Brussels read in Paris): nothing to add.
    expect(zoneLabel(summer, 'Europe/Sofia', 'Europe/Athens', 'en-GB')).toBeNull();
    expect(zoneLabel(summer, 'Europe/Brussels', 'Europe/Paris', 'en-GB')).toBeNull();
  });

  it('tells a title that starts with an emoji', () => {
    for (const title of ['🌙 Night', ' 🚀 Launch', '❤️ Care', '🇵🇹 Portugal', '👩🏽‍💻 Coding'])
      expect(startsWithEmoji(title)).toBe(true);
    for (const title of ['Night 🌙', '© 2026 report', '2026 roadmap', '#SECON', '', null])
      expect(startsWithEmoji(title)).toBe(false);
  });

  it('a late-evening UTC time is the next day in the event zone', () => {
    const utcEvening = new Date('2023-11-12T23:30:00Z'); // 13 November 01:30 in Sofia
    expect(formatDateRange(utcEvening, undefined, 'en-GB', 'Europe/Sofia')).toBe('13 November 2023');
    expect(formatDateRange(utcEvening, undefined, 'en-GB', 'Europe/Lisbon')).toBe('12 November 2023');
  });

  it("relative days use each language's plural forms", () => {
    const now = new Date('2023-11-01T12:00:00+02:00');
    const inDays = (n: number) => new Date(now.getTime() + n * 86_400_000);
    expect([1, 2, 5].map((n) => formatRelativeDays(inDays(n), now, 'pl-PL', 'Europe/Warsaw'))).toEqual([
      'jutro',
      'pojutrze',
      'za 5 dni',
    ]);
    expect([3, 5, 22].map((n) => formatRelativeDays(inDays(n), now, 'pl-PL', 'Europe/Warsaw'))).toEqual([
      'za 3 dni',
      'za 5 dni',
      'za 22 dni',
    ]);
    expect(formatRelativeDays(inDays(21), now, 'lv-LV', 'Europe/Riga')).toBe('pēc 21 dienas');
    expect(formatRelativeDays(inDays(3), now, 'ro-RO', 'Europe/Bucharest')).toBe('peste 3 zile');
    expect(formatRelativeDays(inDays(20), now, 'ro-RO', 'Europe/Bucharest')).toBe('peste 20 de zile');
    expect(
      calendarDaysBetween(new Date('2023-03-25T23:30:00+02:00'), new Date('2023-03-27T00:30:00+03:00'), 'Europe/Sofia'),
    ).toBe(2);
  });

  it('lists', () => {
    expect(formatList(['Haskovo', 'Riga', 'Tripoli'], 'en-GB')).toBe('Haskovo, Riga and Tripoli');
    expect(formatList(['Haskovo', 'Riga', 'Tripoli'], 'el-GR')).toBe('Haskovo, Riga και Tripoli');
    expect(formatList(['A', 'B'], 'fr-FR', 'disjunction')).toBe('A ou B');
  });
});

const en = languageOf('en');
const partsOf = (split: ThreadSplit) => {
  if (!split.ok) throw new Error(`no thread: ${split.reason}`);
  return split.parts;
};

describe('shortening', () => {
  const shorten = (text: string, budget: number, minGraphemes = 1, language = en) =>
    shortenText(text, { language, measure: 'twitter-text', budget, minGraphemes });

  it('cuts at a word boundary, drops dangling punctuation, adds an ellipsis', () => {
    expect(shorten('One two three, four five six seven eight nine ten.', 17)).toBe('One two three…');
  });

  it('never cuts inside a URL, hashtag or mention', () => {
    const text = 'See https://example.org/a_(b)/c?x=1 and #SocialEconomy with @SeconProject_eu today';
    const out = shorten(text, 30)!;
    expect(out).toBe('See https://example.org/a_(b)/c?x=1 …');
    expect(weighted(out)).toBeLessThanOrEqual(30);
  });

  it('never ends on a function word that the ellipsis would leave bare: "for;" or "the –"', () => {
    // In each text the latest clause break that fits comes right after a function word.
    const cases = [
      ['Partners met to ask what the fund is for; the answers came from the regions and their cities', 44, 'for'],
      ['Partners met to plan the – workshop days in Haskovo with the regions and their cities', 40, 'the'],
    ] as const;
    for (const [text, budget, word] of cases) {
      const out = shorten(text, budget)!;
      expect(out.endsWith('…'), out).toBe(true);
      expect(out.slice(0, -1).trim().split(/\s+/u).at(-1), out).not.toBe(word);
      expect(weighted(out)).toBeLessThanOrEqual(budget);
    }
    // Found by the render properties (seed 509286483): "… aaaaaaaa a; aa …" was cut to "… aaaaaaaa a…".
    expect(shorten('A; a! a a a a, aaaa aaaaaaaaa aaaaaaaa a; aa aaaaaaaaaaaa aaaaaaa', 52)).not.toMatch(/ a…$/u);
  });

  it('gives up rather than keep less than the minimum', () => {
    expect(shorten('Ωραία μέρα για την κοινωνική οικονομία στο Χάσκοβο', 10, 20, languageOf('el'))).toBeNull();
  });
});

describe('threads', () => {
  const split = (text: string, limit: number, language = en) =>
    partsOf(splitThread(text, '', { limit, measure: 'twitter-text', language, maxParts: 99 }));

  it('numbers parts, keeps sentences together, and every part fits', () => {
    const sentence = (i: number) => `Sentence number ${i} tells a little more about the workshop in Haskovo.`;
    const sentences = Array.from({ length: 12 }, (_, i) => sentence(i + 1)).join(' ');
    const text = `${sentences}\n\nhttps://example.org/news?id=1 #SECON`;
    const parts = split(text, 280);
    expect(parts.length).toBe(4);
    parts.forEach((part, i) => {
      expect(weighted(part)).toBeLessThanOrEqual(280);
      expect(part.endsWith(`\n${i + 1}/4`)).toBe(true);
      const body = part.replace(/\n\d+\/\d+$/u, '');
      if (i < 3) expect(body.endsWith('Haskovo.')).toBe(true);
    });
    expect(parts.at(-1)).toContain('https://example.org/news?id=1 #SECON');
  });

  it('splits a sentence longer than a post between words, each part that stops mid-sentence ending with "…"', () => {
    const text = Array.from({ length: 120 }, (_, i) => `w${i}`).join(' ');
    const parts = split(text, 100);
    const bodies = parts.map((p) => p.replace(/\n\d+\/\d+$/u, ''));
    for (const body of bodies.slice(0, -1)) expect(body.endsWith('…')).toBe(true);
    expect(
      bodies
        .map((body) => body.replace(/…$/u, ''))
        .join(' ')
        .split(' '),
    ).toEqual(text.split(' '));
    for (const part of parts) expect(weighted(part)).toBeLessThanOrEqual(100);
  });

  it('widens the numbering when there are ten parts or more', () => {
    const text = Array.from({ length: 40 }, (_, i) => `Satz ${i} endet hier.`).join(' ');
    const parts = split(text, 60, languageOf('de'));
    expect(parts.length).toBeGreaterThanOrEqual(10);
    expect(parts.at(-1)!.endsWith(`\n${parts.length}/${parts.length}`)).toBe(true);
    for (const part of parts) expect(weighted(part)).toBeLessThanOrEqual(60);
  });
});

describe('text tidying, tags and links', () => {
  it('tidies whitespace and normalises to NFC', () => {
    expect(normaliseText('  \nA  b \t\n\n\n\nc\u0065\u0301\r\n')).toBe('A b\n\ncé');
  });

  it('trims the newline of tag-only lines, keeping line numbers', () => {
    const source = '{% if a %}\nx {% if b %}y{% endif %}\n  {% endif %}  \n{{ z }}';
    const out = trimStandaloneTags(source);
    expect(out).toBe('{% if a -%}\nx {% if b %}y{% endif %}\n  {% endif -%}  \n{{ z }}');
    expect(out.split('\n')).toHaveLength(source.split('\n').length);
  });

  it('adds UTM parameters, keeping other parameters and the fragment', () => {
    expect(
      trackingLink('https://example.org/a_(b)?lang=de&utm_source=old#top', {
        source: 'linkedin',
        medium: 'social',
        campaign: 'news 1',
      }),
    ).toBe('https://example.org/a_(b)?lang=de&utm_source=linkedin&utm_medium=social&utm_campaign=news+1#top');
  });
});

describe('grapheme counting', () => {
  it('counts what people see as one character once, on the fast path and the slow one', () => {
    expect(graphemeCount('Хасково')).toBe(7);
    expect(graphemeCount('Ελλάδα')).toBe(6);
    expect(graphemeCount('e\u0301')).toBe(1);
    expect(graphemeCount('👩‍👩‍👧 🇧🇬')).toBe(3);
    expect(graphemeCount('a\r\nb')).toBe(3);
  });
});
