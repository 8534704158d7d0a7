import slugify from '@sindresorhus/slugify';
import { DateTime } from 'luxon';
import type { Config } from '../config/config-schema.ts';
import { InputError } from '../input-error.ts';
import { nearestName } from '../nearest-name.ts';
import { eventZoneGuess, eventZoneNote } from './language-zones.ts';
import { isKnownLanguage, isKnownZone, languageExpectation, type NewsKind } from './news-item.ts';
import { isoFromSpreadsheet } from './spreadsheet-date.ts';

/** Options of {@link buildSkeleton}: what is known of the news before it is written. */
export interface SkeletonOptions {
  /** Language of the original text. Default: the project's default language (else en). */
  language?: string;
  /** Other languages to write translation sections for, comma-separated ("de,bg"). Default: none. */
  translations?: string;
  /** The news id. Default: from the title, else the kind and the date. */
  id?: string;
  /** Days from today to the event (ahead for an announcement, back for a recap), as text. Default 14 / 2. */
  in?: string;
  /**
   * The event's day, "2027-01-20", with its start time if known ("2027-01-20 14:30"), in the
   * event's zone; instead of `in`. Default: `in` days from today, at 10:00.
   */
  on?: string;
  /**
   * The event's IANA time zone; its times are written at its offsets. Default: the project's zone.
   * A Polish event written on a desk in Athens needs Europe/Warsaw, or its 10:00 is Athens' 10:00.
   */
  timezone?: string;
  /** Where the event takes place ("Warszawa, Polska"). Default: left as a commented example. */
  location?: string;
  /** The headline. Default: left for the person to fill in. */
  title?: string;
  /** Two or three sentences. Default: left for the person to fill in. */
  summary?: string;
  /** Where the file goes. Default `news/<date>-<id>.md`. */
  output?: string;
  /** Who wrote it, in the first comment. Default `` `secon-bot new <kind>` ``. */
  writtenBy?: string;
  /** What to do once filled in, in the second comment. Default "secon-bot preview <this file>". */
  next?: string;
}

/** Days between today and the event when --in is not given: ahead for an announcement, behind for a recap. */
const DEFAULT_DAYS: Record<NewsKind, number> = { announcement: 14, recap: 2, news: 0 };
/** The event's hours in the skeleton (local to the event's zone) when no start time is given. */
const EVENT_HOURS = { start: 10, end: 16 } as const;
/** An event with a start time given lasts this long in the skeleton (to be corrected), within its day. */
const EVENT_LENGTH_HOURS = EVENT_HOURS.end - EVENT_HOURS.start;
/** `on`: a day, and a start time if known. */
const EVENT_DAY = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2}))?$/;
/** Where the skeleton's comments start (0-based column), so that they read as one column. */
const COMMENT_COLUMN = 32;

/** What the skeleton is made of, as `--json` reports it. */
export interface Skeleton {
  id: string;
  kind: NewsKind;
  language: string;
  translations: string[];
  published: string;
  event?: { start: string; end: string; timezone: string };
  file: string;
  text: string;
  /** What the person should check, e.g. an event in the project's zone only because none was given. */
  notes: string[];
  /** The zone the event more likely has, when `notes` says the project's may be wrong. */
  suggestedZone?: string;
}

/** The longest id made from a title: the id is part of every post id and of the file name. */
const TITLE_ID_LENGTH = 48;

/**
 * "Partner meeting in Riga!" → "partner-meeting-in-riga"; "Συνάντηση στη Θεσσαλονίκη" →
 * "synantisi-sti-thessaloniki". Other scripts are transliterated (a Greek or Bulgarian title must
 * not come out empty); `decamelize` is off, or "Θ" (→ "Th") would split into "t-h". A long title
 * is cut after its last whole word within the limit. Empty when nothing is left (emoji only).
 */
function slug(text: string): string {
  const whole = slugify(text, { decamelize: false });
  if (whole.length <= TITLE_ID_LENGTH) return whole;
  // Cut at the last word that fits whole; a single word that long is cut where it must be.
  const end = whole.lastIndexOf('-', TITLE_ID_LENGTH);
  return end > 0 ? whole.slice(0, end) : whole.slice(0, TITLE_ID_LENGTH);
}

function codes(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
}

/** A YAML scalar that reads back as exactly this text (a JSON string is valid YAML). */
function quoted(text: string): string {
  return JSON.stringify(text);
}

/** Builds the skeleton: every field present or commented, with what it is for. Pure, for tests. */
export function buildSkeleton(
  kind: NewsKind,
  options: SkeletonOptions,
  config: Config | undefined,
  now: Date,
): Skeleton {
  const zone = config?.project.timezone ?? 'UTC';
  const language = options.language ?? config?.project.defaultLanguage ?? 'en';
  const translations = codes(options.translations).filter((c) => c !== language);
  for (const code of [language, ...translations])
    if (!isKnownLanguage(code))
      throw new InputError(`language "${code}": not a known language; ${languageExpectation(code)}`);
  const eventOnly = (['timezone', 'location', 'on'] as const).find((option) => options[option]);
  if (kind === 'news' && eventOnly)
    throw new InputError(
      `${eventOnly === 'on' ? 'event day' : eventOnly}: a news item has no event; give it to an announcement or a recap`,
    );
  const eventZone = options.timezone?.trim() || zone;
  if (!isKnownZone(eventZone)) throw new InputError(zoneProblem(eventZone));
  const today = DateTime.fromJSDate(now, { zone });
  const event = kind === 'news' ? undefined : eventTimes(kind, options, today.setZone(eventZone));
  const published = today.set({ second: 0, millisecond: 0 });
  const id = options.id ?? (slug(options.title ?? '') || `${kind}-${today.toISODate()}`);
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(id))
    throw new InputError(`--id "${id}": expected letters, digits, ".", "_" or "-" (it becomes part of every post id)`);
  const file = options.output ?? `news/${today.toISODate()}-${id}.md`;
  const iso = (t: DateTime) => t.toISO({ suppressMilliseconds: true, suppressSeconds: false })!;
  const title = options.title ?? '';
  const summary = options.summary ?? '';
  const location = options.location?.trim() ?? '';
  const website = config?.project.website ?? 'https://www.interregeurope.eu/secon';

  const lines = [
    '---',
    `# ${kind === 'announcement' ? 'An' : 'A'} ${kind === 'news' ? 'news item' : kind} for secon-bot (written by ` +
      `${options.writtenBy ?? `\`secon-bot new ${kind}\``} on ${today.toISODate()}).`,
    `# Fill in every "" below, then: ${options.next ?? 'secon-bot preview <this file>'}   (news/README.md explains every field)`,
    commented(`id: ${id}`, `part of every post id: ${id}.<channel>.<language>.<kind>`),
    commented(`kind: ${kind}`, 'announcement | recap | news'),
    commented(`language: ${language}`, 'language of the text below (BCP 47)'),
    commented(`title: ${quoted(title)}`, title ? '' : 'REQUIRED: the headline'),
    commented(
      `summary: ${quoted(summary)}`,
      summary ? '' : 'REQUIRED: two or three sentences; the posts are built from it',
    ),
    commented(`url: ${website}`, 'the page the posts link to'),
    commented(`published: ${iso(published)}`, 'when the news is public; planning starts from here'),
  ];
  // No zone given: the project's is taken, which may not be the clock of the event's country.
  const zoneNote = event && !options.timezone?.trim() ? eventZoneNote(language, eventZone, event.start) : undefined;
  const guess = zoneNote ? eventZoneGuess(language) : undefined;
  if (event) {
    lines.push(
      commented('event:', 'the event the news is about'),
      commented(`  name: ${quoted(title)}`, title ? '' : 'REQUIRED: the event'),
      `  start: ${iso(event.start)}`,
      commented(`  end: ${iso(event.end)}`, 'optional; not before start'),
      location
        ? `  location: ${quoted(location)}`
        : commented('  # location: Riga, Latvia', 'optional: the town, and the country'),
      commented(
        `  timezone: ${eventZone}`,
        guess
          ? `the event's IANA time zone; in ${guess.country}: ${guess.zone}`
          : "the event's IANA time zone (times are shown in it)",
      ),
    );
  }
  lines.push(
    commented('hashtags: []', 'optional, without "#": [SocialEconomy, Riga]'),
    commented('mentions: []', 'optional: accounts to mention'),
    commented('# images:', 'optional; every image needs alt text'),
    commented('#   - src: images/photo.jpg', 'relative to this file, or an http(s) URL'),
    '#     alt: What the picture shows',
    commented('# channels: [x-secon]', 'optional: only these channels (default: all)'),
    commented('# schedule: [2024-05-07T10:00:00+03:00]', 'optional: exact times instead of the planned ones'),
  );
  if (translations.length) {
    lines.push(commented('translations:', 'the same news in other languages'));
    for (const code of translations)
      lines.push(
        `  ${code}:`,
        commented('    title: ""', 'REQUIRED for this language'),
        commented('    summary: ""', 'REQUIRED for this language'),
        commented('    # body: |', 'optional (Markdown)'),
        commented('    # hashtags: []', "optional: this language's own tags (else the item's are left out)"),
        ...(event ? [commented('    # location: ""', 'optional: the location in this language')] : []),
      );
  }
  // The body's hint is an HTML comment, which the body's Markdown drops: left in, it is not taken as
  // the story (in English, under a German title, for a template that shows item.body).
  lines.push(
    '---',
    '',
    kind === 'recap'
      ? '<!-- Under this line: what happened, who took part, what comes next (Markdown; optional: the posts use the summary). -->'
      : '<!-- Under this line: the whole story (Markdown; optional: the posts use the title and the summary). -->',
    '',
  );
  return {
    id,
    kind,
    language,
    translations,
    published: iso(published),
    ...(event ? { event: { start: iso(event.start), end: iso(event.end), timezone: eventZone } } : {}),
    file,
    text: lines.join('\n'),
    notes: zoneNote ? [zoneNote] : [],
    ...(guess ? { suggestedZone: guess.zone } : {}),
  };
}

/**
 * The event's start and end, read in its own zone ("10:00" is 10:00 where it takes place): the day
 * and start time given (`on`), else `in` days from today at 10:00; it ends 6 hours after it starts,
 * within its day. An announcement's day is not before today, a recap's not after.
 */
function eventTimes(
  kind: NewsKind,
  options: SkeletonOptions,
  eventToday: DateTime,
): { start: DateTime; end: DateTime } {
  const whole = { second: 0, millisecond: 0 };
  if (options.on !== undefined) {
    if (options.in !== undefined)
      throw new InputError('--on and --in: give one of them, the day or the days from today');
    // Also as people in the partner regions write a date: 20.01.2027, 20/01/2027 (day first).
    const given = EVENT_DAY.exec(isoFromSpreadsheet(options.on.trim()));
    const [, day, hour, minute] = given ?? [];
    const start = day
      ? DateTime.fromISO(day, { zone: eventToday.zone }).set({
          hour: hour === undefined ? EVENT_HOURS.start : Number(hour),
          minute: minute === undefined ? 0 : Number(minute),
          ...whole,
        })
      : undefined;
    if (!start?.isValid)
      throw new InputError(
        `event day (--on): expected the event's day as 2027-01-20 (or 20.01.2027), or with its start time as "2027-01-20 14:30", got "${options.on}"`,
      );
    const today = eventToday.startOf('day');
    if (kind === 'announcement' && start.startOf('day') < today)
      throw new InputError(
        `event day ${day}: the day has passed; an announcement is for an event ahead (a past one is a recap)`,
      );
    if (kind === 'recap' && start.startOf('day') > today)
      throw new InputError(
        `event day ${day}: the day is ahead; a recap is for an event that took place (an event ahead is an announcement)`,
      );
    const end = DateTime.min(start.plus({ hours: EVENT_LENGTH_HOURS }), start.endOf('day').set(whole));
    return { start, end };
  }
  const days = options.in === undefined ? DEFAULT_DAYS[kind] : Number(options.in);
  if (!Number.isInteger(days) || days < 0)
    throw new InputError(`--in: expected a whole number of days, got "${options.in}"`);
  const eventDay = kind === 'recap' ? eventToday.minus({ days }) : eventToday.plus({ days });
  return {
    start: eventDay.set({ hour: EVENT_HOURS.start, minute: 0, ...whole }),
    end: eventDay.set({ hour: EVENT_HOURS.end, minute: 0, ...whole }),
  };
}

/** What was wrong with a --timezone, with the nearest zone when it looks like a typo ("Europe/Warsow"). */
function zoneProblem(zone: string): string {
  const near = nearestName(zone, Intl.supportedValuesOf('timeZone'));
  return `timezone "${zone}": not a known time zone; expected an IANA name such as Europe/Warsaw${
    near ? ` (did you mean ${near}?)` : ''
  }`;
}

/**
 * A skeleton line with its comment in the skeleton's comment column, however long the value filled
 * in (an id or a time zone used to push its comment out of line); a longer line keeps three spaces
 * before it. No comment: the line as it is.
 */
function commented(line: string, comment: string): string {
  return comment ? `${line.padEnd(Math.max(COMMENT_COLUMN, line.length + 3))}# ${comment}` : line;
}
