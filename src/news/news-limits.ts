/**
 * How big a news item may be. Far above what a partner writes (a title of 300 characters is
 * already three tweets), and low enough that every later step — rendering, fitting, threading,
 * storing — stays fast on hostile input: a 100 000-character title is refused here with a message
 * naming the file and field, instead of costing minutes and gigabytes further on.
 */
export const FIELD_LIMITS = {
  id: 200,
  title: 300,
  summary: 5_000,
  /** The body as plain text (after Markdown or HTML became text). */
  body: 50_000,
  location: 300,
  eventName: 300,
  url: 2_000,
  hashtag: 100,
  mention: 100,
  alt: 1_000,
} as const;

/** The Markdown (or HTML) a body is written in, checked before it is converted. */
export const BODY_SOURCE_LIMIT = 100_000;

/** The YAML front matter of a Markdown item (fields and translations; the body is below it). */
export const FRONT_MATTER_LIMIT = 200_000;

/** Entries of the lists of one item. */
export const LIST_LIMITS = {
  hashtags: 30,
  mentions: 30,
  images: 10,
  channels: 50,
  schedule: 50,
  translations: 40,
} as const;

/** Default of `ingest.maxItemsPerSource`: items one file, URL or feed may hold. */
export const DEFAULT_MAX_ITEMS_PER_SOURCE = 1_000;

/**
 * Deepest nesting of block quotes in a Markdown body, and of elements in HTML (feeds): real news
 * needs a handful; the parsers recurse per level and run out of stack in the thousands.
 */
export const MAX_NESTING_DEPTH = 50;

/** YAML aliases a front matter may expand (the `yaml` package's maxAliasCount). */
export const MAX_YAML_ALIASES = 100;
