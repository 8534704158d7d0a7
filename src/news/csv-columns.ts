/**
 * The columns of a CSV season plan: one row per news item, a header row naming the columns (any
 * order, any subset; empty cells mean "not given"). Documented in docs for `secon-bot ingest`.
 *
 *   id, kind, language, title, summary, body, url, published       the item itself
 *   event.name, event.start, event.end, event.location, event.timezone
 *   hashtags, mentions, channels    lists: separated by spaces or commas
 *   schedule                        ISO date-times separated by spaces or ";"
 *   image, image.alt                one image; more as image.2 / image.2.alt, image.3 …
 *   title.<lang>, summary.<lang>, body.<lang>, url.<lang>, location.<lang>   a translation, e.g. title.de
 */
export const CSV_ITEM_COLUMNS = ['id', 'kind', 'language', 'title', 'summary', 'body', 'url', 'published'] as const;
export const CSV_EVENT_COLUMNS = [
  'event.name',
  'event.start',
  'event.end',
  'event.location',
  'event.timezone',
] as const;
export const CSV_LIST_COLUMNS = ['hashtags', 'mentions', 'channels'] as const;
export const CSV_SCHEDULE_COLUMN = 'schedule';
export const CSV_IMAGE_COLUMN = /^image(?:\.(\d+))?(\.alt)?$/;
export const CSV_TRANSLATION_COLUMN = /^(title|summary|body|url|location)\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$/;
/** Lists in one cell. */
export const CSV_LIST_SEPARATOR = /[\s,]+/;
export const CSV_SCHEDULE_SEPARATOR = /[\s;]+/;
