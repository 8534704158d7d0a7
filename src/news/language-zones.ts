import type { DateTime } from 'luxon';

/**
 * Where an event written in a template language most likely takes place: the partner region's
 * country and its zone (Hungarian, not a partner's, by its own country). English has none: it is
 * every partner's common language.
 */
const LANGUAGE_ZONES: Readonly<Record<string, { zone: string; country: string }>> = {
  de: { zone: 'Europe/Berlin', country: 'Germany' },
  nl: { zone: 'Europe/Brussels', country: 'Belgium' },
  fr: { zone: 'Europe/Brussels', country: 'Belgium' },
  el: { zone: 'Europe/Athens', country: 'Greece' },
  bg: { zone: 'Europe/Sofia', country: 'Bulgaria' },
  ro: { zone: 'Europe/Bucharest', country: 'Romania' },
  pl: { zone: 'Europe/Warsaw', country: 'Poland' },
  pt: { zone: 'Europe/Lisbon', country: 'Portugal' },
  lv: { zone: 'Europe/Riga', country: 'Latvia' },
  es: { zone: 'Europe/Madrid', country: 'Spain' },
  hu: { zone: 'Europe/Budapest', country: 'Hungary' },
};

/** The zone and country an event written in `language` most likely has, if any. */
export function eventZoneGuess(language: string): { zone: string; country: string } | undefined {
  return LANGUAGE_ZONES[language];
}

/**
 * What to say when an event written in `language` is given the project's zone only because no zone
 * was named, and the clocks of the language's country differ from it at the event's start: a
 * German workshop "at 10:00" written on an Athens project would be planned for 09:00 in Germany.
 * Undefined when the language has no country, or its clocks agree with `zone` then.
 */
export function eventZoneNote(language: string, zone: string, start: DateTime): string | undefined {
  const guess = eventZoneGuess(language);
  if (!guess) return undefined;
  const there = start.setZone(guess.zone);
  if (there.offset === start.setZone(zone).offset) return undefined;
  const clock = (t: DateTime) => t.toFormat('HH:mm');
  return (
    `the event's times are in ${zone}, the project's zone: ${clock(start.setZone(zone))} there is ` +
    `${clock(there)} in ${guess.zone}; for an event in ${guess.country}, give its time zone (${guess.zone})`
  );
}
