import * as z from 'zod';
import { isIanaZone, languageCode } from '../config/config-schema.ts';
import { counted } from '../counted.ts';
import { parseDateTimeText } from './item-times.ts';
import { FIELD_LIMITS, LIST_LIMITS } from './news-limits.ts';

/**
 * The one model every news source (Markdown, JSON, CSV, RSS/Atom) produces. Validation lives here;
 * the parsers only map their format onto these fields.
 */

export const NEWS_KINDS = ['announcement', 'recap', 'news'] as const;
export type NewsKind = (typeof NEWS_KINDS)[number];

/**
 * A date-time with an offset (2023-11-13T09:00:00+02:00) or a local one (2023-11-13T09:00:00) that
 * is read in the item's zone once the whole item is known (see item-times.ts); calendar-checked:
 * no 30 February.
 */
export const dateTime = z.string().refine((text) => parseDateTimeText(text)?.hasTime === true, {
  message:
    'expected an ISO 8601 date-time, e.g. 2023-11-13T09:00:00+02:00 (without the offset it is read in ' +
    'event.timezone, else the project time zone)',
});

/** `published`: a date-time as above, or a bare date (2023-11-13: the start of that day). */
export const publishedDateTime = z.string().refine((text) => parseDateTimeText(text) !== undefined, {
  message: 'expected an ISO 8601 date or date-time, e.g. 2023-11-13 or 2023-11-13T09:00:00+02:00',
});

const knownZones = new Map<string, boolean>();

/**
 * isIanaZone, remembered: building an Intl.DateTimeFormat per check costs more than the rest of an item's validation.
 */
export function isKnownZone(zone: string): boolean {
  let known = knownZones.get(zone);
  if (known === undefined) {
    known = isIanaZone(zone);
    if (knownZones.size < 1000) knownZones.set(zone, known);
  }
  return known;
}

/** The event's zone: an IANA name such as Europe/Sofia. */
export const newsTimeZone = z
  .string()
  .refine(isKnownZone, { message: 'expected an IANA time zone such as Europe/Sofia' });

/**
 * The 24 official languages of the EU, which ICU knows: they are answered without asking it, because
 * building ICU's language names costs about 20 ms, a tenth of a `preview`'s start-up.
 */
const EU_LANGUAGES: ReadonlySet<string> = new Set(
  'bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv'.split(' '),
);

/** Built on the first code that is not an EU language (see above). */
let languageNames: Intl.DisplayNames | undefined;

/** True when ICU knows the code as a language ("de", "pt-PT"), not merely well-formed ("xx"). */
export function isKnownLanguage(code: string): boolean {
  if (EU_LANGUAGES.has(code)) return true;
  try {
    languageNames ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
    return languageNames.of(code) !== undefined;
  } catch {
    return false;
  }
}

/** "EN" → "en", "pt-pt" → "pt-PT": the canonical BCP 47 form; text that is no language tag stays as it is. */
export function canonicalLanguage(code: string): string {
  try {
    return Intl.getCanonicalLocales(code.trim())[0] ?? code;
  } catch {
    return code;
  }
}

/** What a language code should look like, said wherever one is refused. */
const REAL_LANGUAGE = 'expected a BCP 47 code of a real language such as "de", "bg" or "pt-PT"';

let regionNames: Intl.DisplayNames | undefined;

/**
 * A country's code written where its language's belongs ("gr" for Greek: the code of Greece), said
 * with the language meant: 'the country code of Greece, whose language is "el"'. Undefined
 * for anything else. (A country code that is also a language's, "be" for Belarusian, cannot be told.)
 */
export function countryCodeHint(code: string): string | undefined {
  if (!/^[a-z]{2}$/i.test(code)) return undefined;
  const region = code.toUpperCase();
  try {
    regionNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    const country = regionNames.of(region);
    const language = new Intl.Locale(`und-${region}`).maximize().language;
    if (!country || language === 'und') return undefined;
    return `the country code of ${country}, whose language is "${language}"`;
  } catch {
    return undefined;
  }
}

/** What a code that is no language should have been, for options: the language its country code means, else its form. */
export function languageExpectation(code: string): string {
  const hint = countryCodeHint(code);
  return hint ? `it is ${hint}` : REAL_LANGUAGE;
}

/** What an item's unknown language code is told (validation adds `, got "xx"` unless it says "got"). */
function unknownLanguageMessage(code: unknown): string {
  const hint = typeof code === 'string' ? countryCodeHint(code) : undefined;
  return hint ? `unknown language code; got "${code}", ${hint}` : `unknown language code; ${REAL_LANGUAGE}`;
}

/** The language of news content: a BCP 47 code of a real language in any case, normalised ("EN" → "en"). */
export const newsLanguage = z.preprocess(
  (value) => (typeof value === 'string' ? canonicalLanguage(value) : value),
  languageCode.refine(isKnownLanguage, { error: (issue) => unknownLanguageMessage(issue.input) }),
);

/** The refusal of a URL with credentials; it shows the URL with them masked, never the password itself. */
function credentialsMessage(issue: { input?: unknown }): string {
  const shown = typeof issue.input === 'string' ? maskCredentials(issue.input) : 'a URL';
  return (
    `expected a URL without a user name or password (a "user:password@" part would be posted publicly), got "` +
    `${shown}"`
  );
}

/** `https://user:secret@host/` → `https://***:***@host/`. */
export function maskCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1***:***@');
}

/** True for a URL with a user name or password in it (`https://user:secret@host/`). */
export function hasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

/** An image source: an http(s) URL or a local path; any other scheme (ftp:, file:, data:) is refused. */
export const imageSource = z
  .string()
  .min(1, 'expected a local path or an http(s) URL')
  .max(FIELD_LIMITS.url)
  .refine((src) => !hasUrlScheme(src) || (/^https?:\/\/[^/]/i.test(src) && URL.canParse(src)), {
    message: 'expected a local path or an http(s) URL',
  })
  .refine((src) => !hasUrlScheme(src) || !hasCredentials(src), { error: credentialsMessage });

/** "ftp://x", "file:/x", "data:…" have a scheme; "images/a.png" and "C:\\a.png" (drive letter) do not. */
export function hasUrlScheme(src: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(src);
}

/** A link people can open: http or https only, and no credentials in it. */
export const httpUrl = z
  .url({
    protocol: /^https?$/,
    message: 'expected an http(s) URL such as https://www.interregeurope.eu/secon',
  })
  .max(FIELD_LIMITS.url)
  .refine((url) => !hasCredentials(url), { error: credentialsMessage });

/**
 * An item's id: it names the item in Redis keys, post ids, logs and messages, so no line breaks or
 * other control characters (a forged log line), no leading or trailing spaces, and no ".." path
 * segment. Feed ids (GUIDs, links) keep their slashes.
 */
export const newsId = z
  .string()
  .min(1)
  .max(FIELD_LIMITS.id)
  .refine((id) => !/\p{Cc}/u.test(id), {
    message: 'expected an id without line breaks, tabs or other control characters',
  })
  .refine((id) => id.trim() === id, { message: 'expected an id without leading or trailing spaces' })
  .refine((id) => !/(?:^|[\\/])\.\.(?:[\\/]|$)/.test(id), {
    message: 'expected an id without a ".." path segment (such as "../")',
  });

export const imageSchema = z
  .object({
    /** A local path (relative to the news file; absolute once loaded) or an http(s) URL. */
    src: imageSource,
    alt: z.string().trim().min(1, 'every image needs alt text').max(FIELD_LIMITS.alt),
  })
  .strict();

/**
 * An event; its times may be local (read in `timezone`). That it ends after it starts is checked once they are
 * instants.
 */
export const eventSchema = z
  .object({
    name: z.string().min(1).max(FIELD_LIMITS.eventName),
    start: dateTime,
    end: dateTime.optional(),
    location: z.string().max(FIELD_LIMITS.location).optional(),
    timezone: newsTimeZone,
  })
  .strict();

export const translationSchema = z
  .object({
    title: z.string().min(1).max(FIELD_LIMITS.title),
    summary: z.string().min(1).max(FIELD_LIMITS.summary),
    body: z.string().max(FIELD_LIMITS.body).optional(),
    url: httpUrl.optional(),
    /** The event's location written in this language (else the original's). */
    location: z.string().min(1).max(FIELD_LIMITS.location).optional(),
    /** This language's own hashtags; the item's `hashtags` are the original language's. */
    hashtags: z.array(z.string().max(FIELD_LIMITS.hashtag)).max(LIST_LIMITS.hashtags).optional(),
    /**
     * Alt text of the item's images in this language, by position: `images[0].alt` describes the item's first image.
     */
    images: z
      .array(
        z
          .object({
            alt: z.string().trim().min(1, 'expected alt text for the image at this position').max(FIELD_LIMITS.alt),
          })
          .strict(),
      )
      .max(LIST_LIMITS.images)
      .optional(),
  })
  .strict();

export const newsItemSchema = z
  .object({
    id: newsId,
    kind: z.enum(NEWS_KINDS),
    language: newsLanguage,
    title: z.string().min(1).max(FIELD_LIMITS.title),
    summary: z.string().min(1).max(FIELD_LIMITS.summary),
    body: z.string().max(FIELD_LIMITS.body).default(''),
    url: httpUrl,
    published: publishedDateTime,
    event: eventSchema.optional(),
    hashtags: z.array(z.string().max(FIELD_LIMITS.hashtag)).max(LIST_LIMITS.hashtags).default([]),
    mentions: z.array(z.string().max(FIELD_LIMITS.mention)).max(LIST_LIMITS.mentions).default([]),
    images: z.array(imageSchema).max(LIST_LIMITS.images).default([]),
    channels: z.array(z.string()).max(LIST_LIMITS.channels).optional(),
    /** Explicit publish times that override planning (ISO date-times; without offset, in the item's zone). */
    schedule: z.array(dateTime).max(LIST_LIMITS.schedule).optional(),
    translations: z
      .record(newsLanguage, translationSchema)
      .refine((t) => Object.keys(t).length <= LIST_LIMITS.translations, {
        message: `too many translations; expected at most ${LIST_LIMITS.translations}`,
      })
      .default({}),
  })
  .strict()
  .superRefine((item, ctx) => {
    for (const [language, translation] of Object.entries(item.translations)) {
      const count = translation.images?.length ?? 0;
      if (count > item.images.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['translations', language, 'images', item.images.length],
          message:
            `alt text for image ${item.images.length + 1}, but the item has ${counted(item.images.length, 'image', 'images')}; ` +
            `expected at most ${item.images.length} entries, in the order of \`images\``,
        });
      }
    }
  });

export type NewsItem = z.infer<typeof newsItemSchema>;
export type NewsEvent = z.infer<typeof eventSchema>;
export type NewsImage = z.infer<typeof imageSchema>;
export type NewsTranslation = z.infer<typeof translationSchema>;

/** Languages the item has content for: its original plus every translation. */
export function itemLanguages(item: NewsItem): string[] {
  return [item.language, ...Object.keys(item.translations).filter((l) => l !== item.language)];
}
