import type { ElasticParts } from './elastic.ts';
import { escapeLittleText } from './linkedin-text.ts';
import { MIN_ELASTIC_GRAPHEMES, type PlatformRules } from './platform-rules.ts';
import { graphemeCount } from './segmenters.ts';
import { shortenToFit } from './shorten-text.ts';
import { measureText, weightedLength } from './text-measure.ts';
import { splitThread } from './thread-splitter.ts';

/** What the fitter needs: the rendered text around its elastic field and how to finish it. */
export interface FitInput {
  rules: PlatformRules;
  /** Rendered, whitespace-normalised text, cut at the elastic markers. */
  parts: ElasticParts;
  /** Mentions and hashtags in the platform's syntax ("" for none); never shortened. */
  tail: string;
  /** Locale for word, sentence and grapheme boundaries. */
  locale: string;
  /** Post as a thread rather than shorten (channel `thread: true`; X only). */
  preferThread: boolean;
}

/** A post that fits, or the reason it cannot. */
export type FitResult =
  | {
      ok: true;
      text: string;
      thread?: string[];
      metrics: { length: number; weightedLength?: number; limit: number };
      warnings: string[];
    }
  | { ok: false; reason: string };

/** Escapes and joins the parts into the text that is sent. */
function composer(input: FitInput): (elastic: string | undefined) => string {
  const { before, after } = input.parts;
  const escapeText = input.rules.escapeReserved ? escapeLittleText : (text: string) => text;
  const glue = input.rules.tagPlacement === 'last-line' ? '\n' : '\n\n';
  return (elastic) => {
    const body = escapeText(`${before}${elastic ?? ''}${after}`.trim());
    if (!input.tail) return body;
    return body ? `${body}${glue}${input.tail}` : input.tail;
  };
}

function metricsOf(text: string, rules: PlatformRules): { length: number; weightedLength?: number; limit: number } {
  if (rules.measure === 'twitter-text')
    return { length: [...text].length, weightedLength: weightedLength(text), limit: rules.limit };
  return { length: text.length, limit: rules.limit };
}

/**
 * Makes the rendered text fit the platform:
 * 1. it fits as it is → done;
 * 2. the channel prefers threads and the platform has them → a numbered thread of the whole text;
 * 3. the elastic field is shortened at a word boundary with an ellipsis, keeping at least
 *    MIN_ELASTIC_GRAPHEMES of it (URLs, hashtags, mentions are never cut);
 * 4. still too long → a numbered thread where the platform has them, else the reason it cannot fit.
 * A thread is never the result of a partial failure: either every part fits or there is no post.
 */
export function fitPost(input: FitInput): FitResult {
  const { rules } = input;
  const compose = composer(input);
  const measure = (text: string) => measureText(text, rules.measure);
  const fits = (text: string) => measure(text) <= rules.limit;
  const full = compose(input.parts.elastic);
  const fullLength = measure(full);
  if (fullLength <= rules.limit) return { ok: true, text: full, metrics: metricsOf(full, rules), warnings: [] };

  const thread = (warnings: string[]): FitResult => {
    const parts = splitThread(full, { limit: rules.limit, measure, locale: input.locale });
    if (!parts)
      return {
        ok: false,
        reason: `the text is ${fullLength} long (limit ${rules.limit}) and holds a token too long for one post`,
      };
    return {
      ok: true,
      text: parts[0]!,
      thread: parts,
      metrics: metricsOf(parts[0]!, rules),
      warnings: [
        ...warnings,
        `split into a thread of ${parts.length} posts (the whole text is ${fullLength}/${rules.limit})`,
      ],
    };
  };

  if (input.preferThread && rules.threads) return thread([]);

  const elastic = input.parts.elastic;
  if (elastic !== undefined) {
    const shortened = shortenToFit(elastic, (candidate) => fits(compose(candidate)), {
      locale: input.locale,
      minGraphemes: MIN_ELASTIC_GRAPHEMES,
    });
    if (shortened !== null) {
      const text = compose(shortened);
      const kept = graphemeCount(shortened.replace(/\s?…$/u, ''), input.locale);
      return {
        ok: true,
        text,
        metrics: metricsOf(text, rules),
        warnings: [
          `elastic field shortened to ${kept} of ${graphemeCount(elastic, input.locale)} characters to fit ${rules.limit} (was ${fullLength})`,
        ],
      };
    }
  }
  if (rules.threads) return thread([]);
  return {
    ok: false,
    reason:
      elastic === undefined
        ? `the post is ${fullLength} long, over the limit of ${rules.limit}, and the template marks no field as elastic`
        : `the post is ${fullLength} long, over the limit of ${rules.limit}, even with the elastic field cut to ${MIN_ELASTIC_GRAPHEMES} characters`,
  };
}

/** The text as composed, without measuring or fitting (RendererOptions.fit = false: benchmarks, debugging). */
export function composeUnfitted(input: FitInput): FitResult {
  const text = composer(input)(input.parts.elastic);
  return {
    ok: true,
    text,
    metrics: { length: text.length, limit: input.rules.limit },
    warnings: ['not fitted to the platform (fit: false)'],
  };
}
