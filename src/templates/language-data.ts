import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as z from 'zod';
import { TemplateError } from './template-error.ts';

/**
 * What the renderer knows about writing in one language, kept as data beside the templates
 * (`templates/<lang>/language.yaml`), so an editor can correct it without touching code: the Intl
 * locale, how a time of day is written, how a label joins a title, and where text may be cut.
 */
export interface LanguageData {
  language: string;
  /** The Intl locale: the partners' region ("pt-PT", not Brazil; "en-GB", not US dates). */
  locale: string;
  /** Time of day, e.g. "{H}:{mm} Uhr": {H} hour 0–23, {HH} two digits, {mm} minutes. */
  time: string;
  /** A time on the hour, e.g. "{H} h" (French "9 h"); absent: `time`. */
  timeOnTheHour?: string;
  /** A date with its time of day: "{date}, {time}"; French "{date} à {time}", Spanish "{date}, a las {time}". */
  dateAtTime: string;
  /**
   * `dateAtTime` for a time in the one o'clock hour, where the language makes the article agree with
   * "one" (Spanish "{date}, a la {time}", Portuguese "{date}, à {time}"); absent: `dateAtTime`.
   */
  dateAtOne?: string;
  /**
   * Month names, January first, for a date with its time where the language declines the month
   * there (Latvian "15. aprīlī plkst. 10.00": locative, where Intl writes the nominative
   * "aprīlis"); absent: the date as Intl writes it.
   */
  monthsAt?: readonly string[];
  /** Between a label and a title on one line: ": ", French "\u00a0: ". */
  labelColon: string;
  /** Articles, prepositions, conjunctions, relative pronouns, lower case: a cut never ends on one. */
  functionWords: ReadonlySet<string>;
  /** Abbreviations, lower case ("nr.", "z. b."): their full stop is no sentence end. */
  abbreviations: readonly string[];
  /** A number with a full stop ("6.") is an ordinal, not a sentence end (German, Hungarian, Latvian). */
  ordinalDot: boolean;
}

/** How most languages join a date and its time. */
const DATE_AT_TIME = '{date}, {time}';

/** A pattern joining a date and its time (`dateAtTime`, `dateAtOne`). */
const dateAtTimePattern = z
  .string()
  .regex(/^(?=.*\{date\})(?=.*\{time\})/su, 'expected a pattern with {date} and {time}, e.g. "{date}, {time}"');

const languageFile = z
  .object({
    locale: z.string().min(2),
    time: z.string().regex(/\{H{1,2}\}/u, 'expected a pattern with {H} or {HH}, e.g. "{H}:{mm}"'),
    timeOnTheHour: z.string().optional(),
    dateAtTime: dateAtTimePattern.default(DATE_AT_TIME),
    dateAtOne: dateAtTimePattern.optional(),
    monthsAt: z.array(z.string().min(1)).length(12, 'expected the 12 month names, January first').optional(),
    labelColon: z.string().default(': '),
    functionWords: z.array(z.string().min(1)).default([]),
    abbreviations: z.array(z.string().min(1)).default([]),
    ordinalDot: z.boolean().default(false),
  })
  .strict();

/** A language without a data file: a 24-hour clock, no word lists. */
export function plainLanguage(language: string): LanguageData {
  return {
    language,
    locale: language,
    time: '{H}:{mm}',
    dateAtTime: DATE_AT_TIME,
    labelColon: ': ',
    functionWords: new Set(),
    abbreviations: [],
    ordinalDot: false,
  };
}

/** Parsed files, once per process: every renderer of the process shares them. */
const loaded = new Map<string, LanguageData>();

/**
 * The language data of `language` from `<templatesDir>/<language>/language.yaml`; a language
 * without the file gets plain defaults. A file that does not parse is an error naming it: a typo
 * must not silently change how every post of a language is cut.
 */
export function languageData(templatesDir: string, language: string): LanguageData {
  const file = join(templatesDir, language, 'language.yaml');
  const cached = loaded.get(file);
  if (cached) return cached;
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    const plain = plainLanguage(language);
    loaded.set(file, plain);
    return plain;
  }
  const parsed = languageFile.safeParse(parse(source));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TemplateError(file, undefined, `${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  const data: LanguageData = {
    language,
    locale: parsed.data.locale,
    time: parsed.data.time,
    ...(parsed.data.timeOnTheHour ? { timeOnTheHour: parsed.data.timeOnTheHour } : {}),
    dateAtTime: parsed.data.dateAtTime,
    ...(parsed.data.dateAtOne ? { dateAtOne: parsed.data.dateAtOne } : {}),
    ...(parsed.data.monthsAt ? { monthsAt: parsed.data.monthsAt } : {}),
    labelColon: parsed.data.labelColon,
    functionWords: new Set(parsed.data.functionWords.map((word) => word.toLowerCase())),
    abbreviations: parsed.data.abbreviations.map((word) => word.toLowerCase()),
    ordinalDot: parsed.data.ordinalDot,
  };
  loaded.set(file, data);
  return data;
}
