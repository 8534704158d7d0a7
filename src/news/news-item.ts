import { z } from 'zod';
import { languageCode, timeZone } from '../config/config-schema.ts';

/**
 * The one model every news source (Markdown, JSON, CSV, RSS/Atom) produces. Validation lives here;
 * the parsers only map their format onto these fields.
 * (Issue #3 owns this file and may tighten it; keep the exported names stable.)
 */

export const NEWS_KINDS = ['announcement', 'recap', 'news'] as const;
export type NewsKind = (typeof NEWS_KINDS)[number];

/** A date-time with an explicit zone or offset, e.g. 2023-11-13T09:00:00+02:00. */
export const dateTime = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time with a zone, e.g. 2023-11-13T09:00:00+02:00' });

export const imageSchema = z
  .object({
    /** A local path (relative to the news file) or an http(s) URL. */
    src: z.string().min(1),
    alt: z.string().trim().min(1, 'every image needs alt text'),
  })
  .strict();

export const eventSchema = z
  .object({
    name: z.string().min(1),
    start: dateTime,
    end: dateTime.optional(),
    location: z.string().optional(),
    timezone: timeZone,
  })
  .strict();

export const translationSchema = z
  .object({
    title: z.string().min(1),
    summary: z.string().min(1),
    body: z.string().optional(),
    url: z.string().url().optional(),
  })
  .strict();

export const newsItemSchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(NEWS_KINDS),
    language: languageCode,
    title: z.string().min(1),
    summary: z.string().min(1),
    body: z.string().default(''),
    url: z.string().url(),
    published: dateTime,
    event: eventSchema.optional(),
    hashtags: z.array(z.string()).default([]),
    mentions: z.array(z.string()).default([]),
    images: z.array(imageSchema).default([]),
    channels: z.array(z.string()).optional(),
    /** Explicit publish times that override planning (ISO date-times with zone). */
    schedule: z.array(dateTime).optional(),
    translations: z.record(languageCode, translationSchema).default({}),
  })
  .strict();

export type NewsItem = z.infer<typeof newsItemSchema>;
export type NewsEvent = z.infer<typeof eventSchema>;
export type NewsImage = z.infer<typeof imageSchema>;
export type NewsTranslation = z.infer<typeof translationSchema>;

/** Languages the item has content for: its original plus every translation. */
export function itemLanguages(item: NewsItem): string[] {
  return [item.language, ...Object.keys(item.translations).filter((l) => l !== item.language)];
}
