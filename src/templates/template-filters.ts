import type { Liquid } from 'liquidjs';
import { markElastic } from './elastic.ts';
import type { LanguageData } from './language-data.ts';
import {
  formatDate,
  formatDateRange,
  formatDateWithMonths,
  formatList,
  formatRelativeDays,
  formatTime,
  labelTitle,
  localParts,
  zoneLabel,
} from './locale-format.ts';
import { ZonedDate } from './zoned-date.ts';

/**
 * The filters templates use, all locale-aware. They read the render's `locale` (an Intl tag such as
 * "de-DE"), `timezone` (the project's zone) and `now` from the template variables, and the
 * language data (templates/<lang>/language.yaml) of that locale, so one compiled template serves
 * every language.
 *
 * | filter | example | output |
 * |---|---|---|
 * | `local_date` | `{{ event.start \| local_date }}` | 13. November 2023 |
 * | `date_range` | `{{ event.start \| date_range: event.end }}` | 13.–14. November 2023 |
 * | `local_time` | `{{ event.start \| local_time }}` | 9:00 Uhr |
 * | `date_at_time` | `{{ event.start \| date_at_time }}` | 15 avril 2026 à 10 h (the language's `dateAtTime`, time as `zoned_time`) |
 * | `zoned_time` | `{{ event.start \| zoned_time }}` | 9:00 Uhr, or 9:00 Uhr MESZ when the channel's zone has another clock |
 * | `relative` | `{{ event.start \| relative }}` | morgen / in 3 Tagen |
 * | `list` | `{{ names \| list }}` / `{{ names \| list: "or" }}` | A, B und C |
 * | `labelled` | `{{ item.title \| labelled: "Rückblick" }}` | Rückblick: Titel |
 * | `elastic` | `{{ item.summary \| elastic }}` | the value, marked as the one field that may be shortened |
 * | `starts_with_emoji` | `{% unless item.title \| starts_with_emoji %}📅 {% endunless %}` | true for "🌙 Night…" |
 *
 * Dates are shown in their own zone (an event's dates in the event's zone); plain ISO strings are
 * shown in the project's zone unless a zone is passed: `{{ "2023-11-13T09:00:00Z" | local_time: "Europe/Sofia" }}`.
 */
export const TEMPLATE_FILTER_NAMES = [
  'local_date',
  'date_range',
  'local_time',
  'zoned_time',
  'date_at_time',
  'relative',
  'list',
  'labelled',
  'elastic',
  'starts_with_emoji',
] as const;

/**
 * A leading emoji: one shown as a picture by default, or any pictograph asked to be one (U+FE0F),
 * or a flag. Plain "©" or a digit is no emoji here.
 */
const LEADING_EMOJI = /^\s*(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\p{Regional_Indicator})/u;

/**
 * True when a text (a title) starts with an emoji: a template then leaves out its own leading
 * emoji, so a post never opens with two ("📅 🌙 …").
 */
export function startsWithEmoji(text: unknown): boolean {
  return typeof text === 'string' && LEADING_EMOJI.test(text);
}

/** What LiquidJS binds `this` to in a filter (its own type is not exported). */
interface FilterImpl {
  context: { getSync(paths: PropertyKey[]): unknown };
}

interface Moment {
  date: Date;
  zone: string;
}

function contextValue(impl: FilterImpl, name: string): unknown {
  return impl.context.getSync([name]);
}

function localeOf(impl: FilterImpl): string {
  return String(contextValue(impl, 'locale'));
}

/** The zone the channel's readers are in: the channel's own, else the project's. */
function readerZone(impl: FilterImpl): string {
  const channel = contextValue(impl, 'channel') as { timezone?: unknown } | undefined;
  return typeof channel?.timezone === 'string' ? channel.timezone : String(contextValue(impl, 'timezone'));
}

/** A ZonedDate keeps its zone; an ISO string or Date is shown in `zone` or the project's zone. */
function toMoment(impl: FilterImpl, value: unknown, filter: string, zone?: unknown): Moment {
  const given = typeof zone === 'string' && zone ? zone : undefined;
  if (value instanceof ZonedDate) return { date: value.toDate(), zone: given ?? value.zone };
  let date: Date | undefined;
  if (value instanceof Date) date = value;
  else if (typeof value === 'string') date = new Date(value);
  if (!date || Number.isNaN(date.getTime())) {
    // Nothing at all is nearly always a value that may be missing, used without testing it first.
    const missing =
      value === null || value === undefined
        ? ': a value that may be missing (event is null for news without an event) is tested first, ' +
          '{% if event %}…{% endif %}'
        : '';
    throw new Error(
      `${filter}: expected a date (such as event.start or an ISO date-time), got ` +
        `${JSON.stringify(value) ?? String(value)}${missing}`,
    );
  }
  return { date, zone: given ?? String(contextValue(impl, 'timezone')) };
}

/** Registers the filters on a Liquid engine; `language` gives the language data of a locale. */
export function registerTemplateFilters(liquid: Liquid, language: (locale: string) => LanguageData): void {
  liquid.registerFilter('local_date', function (this: FilterImpl, value: unknown, zone?: unknown) {
    const m = toMoment(this, value, 'local_date', zone);
    return formatDate(m.date, localeOf(this), m.zone);
  });
  liquid.registerFilter('date_range', function (this: FilterImpl, start: unknown, end?: unknown, zone?: unknown) {
    const from = toMoment(this, start, 'date_range', zone);
    const to =
      end === null || end === undefined || end === '' ? undefined : toMoment(this, end, 'date_range', from.zone).date;
    return formatDateRange(from.date, to, localeOf(this), from.zone);
  });
  liquid.registerFilter('local_time', function (this: FilterImpl, value: unknown, zone?: unknown) {
    const m = toMoment(this, value, 'local_time', zone);
    return formatTime(m.date, language(localeOf(this)), m.zone);
  });
  // The time with its zone's short name when the channel's readers are in a zone with another
  // clock then: "10:00 CEST" for a Brussels webinar on a channel read in Athens.
  const zonedTime = (impl: FilterImpl, m: Moment): string => {
    const locale = localeOf(impl);
    const time = formatTime(m.date, language(locale), m.zone);
    const label = zoneLabel(m.date, m.zone, readerZone(impl), locale);
    return label ? `${time} ${label}` : time;
  };
  liquid.registerFilter('zoned_time', function (this: FilterImpl, value: unknown, zone?: unknown) {
    return zonedTime(this, toMoment(this, value, 'zoned_time', zone));
  });
  // The date and its zoned time, joined as the language does ("15 avril 2026 à 10 h").
  liquid.registerFilter('date_at_time', function (this: FilterImpl, value: unknown, zone?: unknown) {
    const m = toMoment(this, value, 'date_at_time', zone);
    const locale = localeOf(this);
    const data = language(locale);
    const pattern = (localParts(m.date, m.zone).hour === 1 && data.dateAtOne) || data.dateAtTime;
    const date = data.monthsAt
      ? formatDateWithMonths(m.date, locale, m.zone, data.monthsAt)
      : formatDate(m.date, locale, m.zone);
    return pattern.replace('{date}', date).replace('{time}', zonedTime(this, m));
  });
  liquid.registerFilter('relative', function (this: FilterImpl, value: unknown) {
    const m = toMoment(this, value, 'relative');
    const now = toMoment(this, contextValue(this, 'now'), 'relative');
    return formatRelativeDays(m.date, now.date, localeOf(this), m.zone);
  });
  liquid.registerFilter('list', function (this: FilterImpl, value: unknown, type?: unknown) {
    if (!Array.isArray(value))
      throw new Error(`list: expected a list of texts, got ${JSON.stringify(value) ?? String(value)}`);
    const kind = type === 'or' ? 'disjunction' : 'conjunction';
    return formatList(value.map(String), localeOf(this), kind);
  });
  liquid.registerFilter('labelled', function (this: FilterImpl, title: unknown, label?: unknown) {
    if (typeof label !== 'string' || !label) throw new Error('labelled: expected the label, e.g. labelled: "Recap"');
    const locale = localeOf(this);
    return labelTitle(String(title ?? ''), label, language(locale).labelColon, locale);
  });
  liquid.registerFilter('elastic', (value: unknown) => markElastic(value));
  liquid.registerFilter('starts_with_emoji', startsWithEmoji);
}
