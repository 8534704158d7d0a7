import type { ChannelConfig, Config } from '../config/config-schema.ts';
import type { NewsItem } from '../news/news-item.ts';
import type { PostKind } from '../posts/post.ts';
import { stripMarkers } from './elastic.ts';
import { isMultiDay } from './locale-format.ts';
import { ZonedDate } from './zoned-date.ts';

/**
 * The item as a template sees it: in the chosen language, each field falling back to the original
 * when the translation lacks it.
 */
export interface ItemVariables {
  id: string;
  /** The news kind (announcement, recap, news); the post kind is the top-level `kind`. */
  kind: string;
  /** Language of `title` and `summary` (the chosen one, or the original when not translated). */
  language: string;
  original_language: string;
  /** True when title and summary come from a translation (or the original is in the chosen language). */
  translated: boolean;
  title: string;
  summary: string;
  body: string;
  /** The page to read (without tracking parameters; the tracked one is `link`). */
  url: string;
  published: ZonedDate;
}

export interface EventVariables {
  name: string;
  start: ZonedDate;
  end: ZonedDate | null;
  location: string | null;
  timezone: string;
  /** True when the event covers more than one local day (an end at 00:00 closes the day before). */
  multi_day: boolean;
}

/** Everything a template may use. Absent optional values are null, never undefined (strict variables). */
export interface TemplateVariables {
  item: ItemVariables;
  event: EventVariables | null;
  project: { name: string; full_name: string | null; website: string; contact: string | null; hashtags: string[] };
  /** `timezone`: where the channel's readers are (the channel's zone, else the project's). */
  channel: { id: string; platform: string; name: string; account: string; timezone: string };
  /** The tracked link, as the platform's text can carry it (LinkedIn: reserved characters percent-encoded). */
  link: string;
  /**
   * True when the post cannot carry the link as a card (LinkedIn with images): the template must
   * write `link` in the text, or the post has no link at all.
   */
  link_in_text: boolean;
  /** The post kind: announcement, recap, news, reminder, event-day. */
  kind: PostKind;
  /** The language the post is rendered for. */
  language: string;
  /** The Intl locale of the template's language (used by the filters). */
  locale: string;
  /** The project's zone (dates without their own zone). */
  timezone: string;
  /** When the post is read (for `relative`). */
  now: ZonedDate;
}

/** Inputs of {@link buildVariables}. */
export interface VariableInputs {
  item: NewsItem;
  channel: ChannelConfig;
  config: Config;
  language: string;
  kind: PostKind;
  now: Date;
  /** The link as the text may carry it (see TemplateVariables.link). */
  link: string;
  linkInText: boolean;
  locale: string;
}

const clean = (text: string) => stripMarkers(text);
const cleanOrNull = (text: string | undefined) => (text === undefined ? null : stripMarkers(text));

/** The item's content in `language`, falling back field by field to the original. */
export function localisedContent(
  item: NewsItem,
  language: string,
): { language: string; translated: boolean; title: string; summary: string; body: string; url: string } {
  if (language === item.language)
    return { language, translated: true, title: item.title, summary: item.summary, body: item.body, url: item.url };
  const translation = item.translations[language];
  if (!translation)
    return {
      language: item.language,
      translated: false,
      title: item.title,
      summary: item.summary,
      body: item.body,
      url: item.url,
    };
  return {
    language,
    translated: true,
    title: translation.title,
    summary: translation.summary,
    body: translation.body ?? item.body,
    url: translation.url ?? item.url,
  };
}

/** Builds the template variables; every string from news or config is stripped of marker characters. */
export function buildVariables(inputs: VariableInputs): TemplateVariables {
  const { item, channel, config } = inputs;
  const content = localisedContent(item, inputs.language);
  const projectZone = config.project.timezone;
  return {
    item: {
      id: item.id,
      kind: item.kind,
      language: content.language,
      original_language: item.language,
      translated: content.translated,
      title: clean(content.title),
      summary: clean(content.summary),
      body: clean(content.body),
      url: content.url,
      published: new ZonedDate(item.published, projectZone),
    },
    event: eventVariables(item, content.language),
    project: {
      name: clean(config.project.name),
      full_name: cleanOrNull(config.project.fullName),
      website: config.project.website,
      contact: cleanOrNull(config.project.contact),
      hashtags: config.project.hashtags.map(clean),
    },
    channel: {
      id: channel.id,
      platform: channel.platform,
      name: clean(channel.name ?? channel.id),
      account: channel.account,
      timezone: channel.timezone ?? projectZone,
    },
    link: inputs.link,
    link_in_text: inputs.linkInText,
    kind: inputs.kind,
    language: inputs.language,
    locale: inputs.locale,
    timezone: projectZone,
    now: new ZonedDate(inputs.now.toISOString(), projectZone),
  };
}

/** The event as templates see it, its location in `language` when the translation gives one. */
function eventVariables(item: NewsItem, language: string): EventVariables | null {
  const event = item.event;
  if (!event) return null;
  const start = new ZonedDate(event.start, event.timezone);
  const end = event.end ? new ZonedDate(event.end, event.timezone) : null;
  return {
    name: clean(event.name),
    start,
    end,
    location: cleanOrNull(item.translations[language]?.location ?? event.location),
    timezone: event.timezone,
    multi_day: isMultiDay(start.toDate(), end?.toDate(), event.timezone),
  };
}

/** Options of {@link trackingLink}. */
export interface TrackingOptions {
  /** utm_source: the platform. */
  source: string;
  /** utm_medium, e.g. "social". */
  medium: string;
  /** utm_campaign: the news id. */
  campaign: string;
}

/**
 * The link with UTM parameters, so the website's statistics show which platform and which news a
 * visit came from. Parameters already on the link are kept, UTM ones replaced; a fragment stays last.
 */
export function trackingLink(url: string, options: TrackingOptions): string {
  const key = `${url}\u0000${options.source}\u0000${options.medium}\u0000${options.campaign}`;
  const known = trackedLinks.get(key);
  if (known) return known;
  const link = new URL(url);
  link.searchParams.set('utm_source', options.source);
  link.searchParams.set('utm_medium', options.medium);
  link.searchParams.set('utm_campaign', options.campaign);
  if (trackedLinks.size >= 10_000) trackedLinks.clear();
  trackedLinks.set(key, link.toString());
  return link.toString();
}

/** Links already built: URL parsing is a good part of a render, and every post of an item has the same few. */
const trackedLinks = new Map<string, string>();
