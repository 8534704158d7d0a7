import type { ElasticParts } from './elastic.ts';
import type { LanguageData } from './language-data.ts';
import { MIN_ELASTIC_GRAPHEMES, type PlatformRules, THREAD_PART_BOUND } from './platform-rules.ts';
import type { Tail } from './post-tail.ts';
import { shortenText } from './shorten-text.ts';
import { graphemeCount, textWeight } from './text-measure.ts';
import { fitTail, splitThread } from './thread-splitter.ts';

/** When an X post becomes a thread (channel `thread`): see config-schema.ts. */
export type ThreadMode = 'auto' | 'always' | 'never';

/** What the fitter needs: the rendered text around its elastic field and how to finish it. */
export interface FitInput {
  rules: PlatformRules;
  /** Rendered, whitespace-normalised text, cut at the elastic markers. */
  parts: ElasticParts;
  /** The tail (mentions, hashtags in the platform's syntax) for a given text; never shortened. */
  tail: (body: string) => Tail;
  /** What the platform makes of plain text (LinkedIn little text). Default: as is. */
  transform?: (text: string) => string;
  /** Word lists, abbreviations and locale for where text may be cut. */
  language: LanguageData;
  /** X only. */
  threadMode: ThreadMode;
  /** A longer thread waits for a person. */
  maxThreadParts: number;
  /** The item's title as the template writes it: a thread part holds it whole when it can (thread-splitter.ts). */
  keepWhole?: string;
  /** The template file, as shown to people: a post held for its length says what to shorten. */
  template?: string;
}

/** A post as it will be sent, or, with `hold`, as it would be: a person must look first. */
export interface FitResult {
  text: string;
  thread?: string[];
  metrics: { length: number; weightedLength?: number; limit: number };
  warnings: string[];
  /** Why the post cannot go out on its own (planning makes it wait in awaiting-approval). */
  hold?: string;
}

/** The post's metrics; `measured` is its length in the platform's unit when already known. */
function metricsOf(text: string, rules: PlatformRules, measured?: number): FitResult['metrics'] {
  if (rules.measure === 'twitter-text')
    return {
      length: [...text].length,
      weightedLength: measured ?? textWeight(text, rules.measure),
      limit: rules.limit,
    };
  return { length: text.length, limit: rules.limit };
}

/** The post's text for an elastic value and a tail: escaped as the platform needs, tail after the text. */
function composer(input: FitInput): { body: (elastic: string) => string; text: (body: string, tail: Tail) => string } {
  const { before, after } = input.parts;
  const transform = input.transform ?? ((text: string) => text);
  const glue = input.rules.tagPlacement === 'last-line' ? '\n' : '\n\n';
  return {
    body: (elastic) => `${before}${elastic}${after}`.trim().replace(/\n{3,}/gu, '\n\n'),
    text: (body, tail) => {
      const shown = transform(body);
      if (!tail.text) return shown;
      return shown ? `${shown}${glue}${tail.text}` : tail.text;
    },
  };
}

/**
 * Makes the rendered text fit the platform:
 * 1. it fits as it is → done;
 * 2. an X channel with `thread: always` → a numbered thread of the whole text;
 * 3. the elastic field is shortened where a reader would stop (shorten-text.ts), keeping at least
 *    MIN_ELASTIC_GRAPHEMES of it; URLs, hashtags, mentions are never cut, and the tail is worked
 *    out again for the shortened text (a hashtag cut out of it comes back in the tail);
 * 4. still too long on X → the whole text with hashtags left out from the end of the tail, when
 *    that makes one post (fewer tags read better than a thread or a summary cut harder); else a
 *    numbered thread (`auto`), or (`never`) the elastic field shortened harder, down to leaving it out;
 * 5. a thread longer than `maxThreadParts`, or a post that still does not fit → `hold`: the post
 *    waits for a person with the reason, never a silent long thread, never a cut-off post.
 * A thread is never the result of a partial failure: either every part fits or there is none;
 * and it has at least two parts (text that fits one post is a post, without "1/1").
 */
export function fitPost(input: FitInput): FitResult {
  const { rules } = input;
  const compose = composer(input);
  // The platform's count, summed over words: on X it is twitter-text's weighted length (a URL or
  // an emoji never spans white space), with twitter-text called only for the words that need it
  // (the property tests compare it with twitter-text's count of the whole post).
  const measure = (text: string) => textWeight(text, rules.measure);
  const elastic = input.parts.elastic;
  const fullBody = compose.body(elastic ?? '');
  const fullTail = input.tail(fullBody);
  const full = compose.text(fullBody, fullTail);
  const fullLength = measure(full);
  const done = (text: string, warnings: string[], thread?: string[], measured?: number): FitResult => ({
    text,
    ...(thread ? { thread } : {}),
    metrics: metricsOf(text, rules, measured),
    warnings,
  });
  if (fullLength <= rules.limit) return done(full, fullTail.warnings, undefined, fullLength);
  const hold = (reason: string, warnings = fullTail.warnings): FitResult => ({
    ...done(full, warnings, undefined, fullLength),
    hold: reason,
  });
  const over =
    `the post is ${fullLength} long on ${input.rules.measure === 'twitter-text' ? 'X' : 'this platform'} (limit ` +
    `${rules.limit})`;
  // What no shortening touches: the template's own words and the title, without tags.
  const fixedLength = () => measure(compose.text(compose.body(''), { text: '', warnings: [] }));
  const shortenWhat = input.template ? `: shorten the text of ${input.template} or the item's title` : '';

  /**
   * The whole text as one post, its tail cut from the end (hashtags first, then mentions) until it
   * fits; null when even no tail is not enough.
   */
  const fewerTags = (): FitResult | null => {
    const withTail = (tail: string) => compose.text(fullBody, { text: tail, warnings: [] });
    const kept = fitTail(fullTail.text, (tail) => measure(withTail(tail)) <= rules.limit);
    const text = withTail(kept.text);
    const length = measure(text);
    if (length > rules.limit) return null;
    return done(
      text,
      [...fullTail.warnings, `left out to fit ${rules.limit} (was ${fullLength}): ${kept.dropped.join(' ')}`],
      undefined,
      length,
    );
  };

  const thread = (): FitResult => {
    const split = splitThread(fullBody, fullTail.text, {
      limit: rules.limit,
      measure: rules.measure,
      language: input.language,
      maxParts: THREAD_PART_BOUND,
      partsForTail: input.maxThreadParts,
      ...(input.keepWhole ? { keepWhole: input.keepWhole } : {}),
    });
    if (!split.ok)
      return hold(
        split.reason === 'unsplittable'
          ? `${over} and holds a URL or hashtag too long for any post: shorten the item`
          : `${over}: a thread would need more than ${THREAD_PART_BOUND} parts; shorten the item`,
      );
    // One part means the text fits a post once some tags go: a plain post, not a thread "1/1".
    if (split.parts.length === 1) return fewerTags() ?? hold(`${over} and cannot be made to fit`);
    const warnings = [
      ...fullTail.warnings,
      `split into a thread of ${split.parts.length} posts (the whole text is ${fullLength}/${rules.limit})`,
      ...(split.dropped.length
        ? [`left out of the thread's last part, where they did not fit: ${split.dropped.join(' ')}`]
        : []),
    ];
    if (split.parts.length > input.maxThreadParts) {
      return {
        ...done(split.parts[0]!, warnings, split.parts),
        hold:
          `a thread of ${split.parts.length} parts, more than ${input.maxThreadParts} ` +
          `(platforms.twitter.maxThreadParts): approve it as it is, or shorten the item`,
      };
    }
    return done(split.parts[0]!, warnings, split.parts);
  };

  if (rules.threads && input.threadMode === 'always') return thread();

  const shorten = (minGraphemes: number): FitResult | null => {
    if (elastic === undefined) return null;
    let tail = fullTail;
    for (let round = 0; round < 3; round++) {
      let budget = rules.limit - measure(compose.text(compose.body(''), tail));
      for (let attempt = 0; attempt < 3; attempt++) {
        const cut = shortenText(elastic, {
          language: input.language,
          measure: rules.measure,
          ...(input.transform ? { transform: input.transform } : {}),
          budget,
          minGraphemes,
        });
        if (cut === null) return null;
        const body = compose.body(cut);
        const text = compose.text(body, tail);
        const length = measure(text);
        const excess = length - rules.limit;
        if (excess > 0) {
          budget -= excess;
          continue;
        }
        const next = input.tail(body);
        if (next.text !== tail.text) {
          tail = next;
          break;
        }
        const kept = graphemeCount(cut.replace(/\s?…$/u, ''), input.language.locale);
        const total = graphemeCount(elastic, input.language.locale);
        return done(
          text,
          [
            ...tail.warnings,
            kept === 0
              ? `elastic field left out to fit ${rules.limit} (was ${fullLength})`
              : `elastic field shortened to ${kept} of ${total} characters to fit ${rules.limit} (was ${fullLength})`,
          ],
          undefined,
          length,
        );
      }
    }
    return null;
  };

  const shortened = shorten(MIN_ELASTIC_GRAPHEMES);
  if (shortened) return shortened;
  if (rules.threads && input.threadMode === 'auto') return fewerTags() ?? thread();
  if (rules.threads && input.threadMode === 'never') {
    const harder = fewerTags() ?? shorten(0);
    if (harder) return harder;
    return hold(
      `${over}, the channel posts no threads (thread: never) and even without its elastic field it is ` +
        `${fixedLength()} long${shortenWhat}`,
    );
  }
  return hold(
    elastic === undefined
      ? `${over} and the template${input.template ? ` ${input.template}` : ''} marks no field as elastic ` +
          '(`| elastic`, the one field that may be shortened)'
      : `${over}, even with the elastic field cut to ${MIN_ELASTIC_GRAPHEMES} characters (without it, ` +
          `${fixedLength()})${shortenWhat}`,
  );
}

/** The text as composed, without measuring or fitting (RendererOptions.fit = false: benchmarks, debugging). */
export function composeUnfitted(input: FitInput): FitResult {
  const compose = composer(input);
  const body = compose.body(input.parts.elastic ?? '');
  const tail = input.tail(body);
  const text = compose.text(body, tail);
  return {
    text,
    metrics: { length: text.length, limit: input.rules.limit },
    warnings: [...tail.warnings, 'not fitted to the platform (fit: false)'],
  };
}
