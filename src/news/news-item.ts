import { z } from 'zod';
import { isIanaZone, languageCode } from '../config/config-schema.ts';

/**
 * The one model every news source (Markdown, JSON, CSV, RSS/Atom) produces. Validation lives here;
 * the parsers only map their format onto these fields.
 */

export const NEWS_KINDS = ['announcement', 'recap', 'news'] as const;
export type NewsKind = (typeof NEWS_KINDS)[number];

/** A date-time with an explicit zone or offset, e.g. 2023-11-13T09:00:00+02:00 (calendar-checked: no 30 February). */
export const dateTime = z.iso.datetime({
  offset: true,
  message: 'expected an ISO 8601 date-time with a zone, e.g. 2023-11-13T09:00:00+02:00',
});

const knownZones = new Map<string, boolean>();

/** isIanaZone, remembered: building an Intl.DateTimeFormat per check costs more than the rest of an item's validation. */
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

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** True when ICU knows the code as a language ("de", "pt-PT"), not merely well-formed ("xx"). */
export function isKnownLanguage(code: string): boolean {
  try {
    return languageNames.of(code) !== undefined;
  } catch {
    return false;
  }
}

/** The language of news content: a well-formed BCP 47 code of a real language. */
export const newsLanguage = languageCode.refine(isKnownLanguage, {
  message: 'unknown language code; expected a BCP 47 code of a real language such as "de", "bg" or "pt-PT"',
});

/** An image source: an http(s) URL or a local path; any other scheme (ftp:, file:, data:) is refused. */
export const imageSource = z
  .string()
  .min(1, 'expected a local path or an http(s) URL')
  .refine((src) => !hasUrlScheme(src) || /^https?:\/\/[^/]/i.test(src), {
    message: 'expected a local path or an http(s) URL',
  });

/** "ftp://x", "file:/x", "data:…" have a scheme; "images/a.png" and "C:\\a.png" (drive letter) do not. */
export function hasUrlScheme(src: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(src);
}

/** A link people can open: http or https only. */
export const httpUrl = z.url({
  protocol: /^https?$/,
  message: 'expected an http(s) URL such as https://www.interregeurope.eu/secon',
});

export const imageSchema = z
  .object({
    /** A local path (relative to the news file; absolute once loaded) or an http(s) URL. */
    src: imageSource,
    alt: z.string().trim().min(1, 'every image needs alt text'),
  })
  .strict();

export const eventSchema = z
  .object({
    name: z.string().min(1),
    start: dateTime,
    end: dateTime.optional(),
    location: z.string().optional(),
    timezone: newsTimeZone,
  })
  .strict()
  .superRefine((event, ctx) => {
    if (event.end !== undefined && Date.parse(event.end) < Date.parse(event.start)) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: `the event ends (${event.end}) before it starts (${event.start}); expected end ≥ start`,
      });
    }
  });

export const translationSchema = z
  .object({
    title: z.string().min(1),
    summary: z.string().min(1),
    body: z.string().optional(),
    url: httpUrl.optional(),
    /** The event's location written in this language (else the original's). */
    location: z.string().min(1).optional(),
    /** This language's own hashtags; the item's `hashtags` are the original language's. */
    hashtags: z.array(z.string()).optional(),
    /** Alt text of the item's images in this language, by position: `images[0].alt` describes the item's first image. */
    images: z
      .array(z.object({ alt: z.string().trim().min(1, 'expected alt text for the image at this position') }).strict())
      .optional(),
  })
  .strict();

export const newsItemSchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(NEWS_KINDS),
    language: newsLanguage,
    title: z.string().min(1),
    summary: z.string().min(1),
    body: z.string().default(''),
    url: httpUrl,
    published: dateTime,
    event: eventSchema.optional(),
    hashtags: z.array(z.string()).default([]),
    mentions: z.array(z.string()).default([]),
    images: z.array(imageSchema).default([]),
    channels: z.array(z.string()).optional(),
    /** Explicit publish times that override planning (ISO date-times with zone). */
    schedule: z.array(dateTime).optional(),
    translations: z.record(newsLanguage, translationSchema).default({}),
  })
  .strict()
  .superRefine((item, ctx) => {
    for (const [language, translation] of Object.entries(item.translations)) {
      const count = translation.images?.length ?? 0;
      if (count > item.images.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['translations', language, 'images', item.images.length],
          message: `alt text for image ${item.images.length + 1}, but the item has ${item.images.length} image(s); expected at most ${item.images.length} entries, in the order of \`images\``,
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
