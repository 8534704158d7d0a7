import type { Platform } from '../config/config-schema.ts';
import { languageName } from '../language-name.ts';
import { otherLanguage } from '../news/language-check.ts';
import type { RenderedPost } from '../posts/post.ts';
import { platformLabel, shownText } from '../preview/post-card.ts';
import { languageData } from '../templates/language-data.ts';
import { littleText } from '../templates/linkedin-text.ts';
import { PLATFORM_RULES } from '../templates/platform-rules.ts';
import { type FitResult, fitPost, type ThreadMode } from '../templates/post-fitter.ts';
import { normaliseText, SHIPPED_TEMPLATES_DIR } from '../templates/template-post-renderer.ts';

/** "…\n2/3" at the end of a thread part (thread-splitter.ts numbers parts so). */
const PART_NUMBER = /\n\d+\/\d+$/u;

/**
 * The text a person edits: what the platform shows. A thread is one text again (its numbering
 * removed: saving splits it anew); LinkedIn's escapes and hashtag markup are read back to plain
 * text and `#hashtags`.
 */
export function editableText(rendered: RenderedPost, platform: Platform): string {
  if (rendered.thread?.length) return rendered.thread.map((part) => part.replace(PART_NUMBER, '')).join('\n');
  return platform === 'linkedin' ? shownText(rendered.text, platform) : rendered.text;
}

/** Options of {@link fitEditedText}. */
export interface EditFitOptions {
  platform: Platform;
  language: string;
  /** The channel's `thread` (X). */
  threadMode: ThreadMode;
  /** platforms.twitter.maxThreadParts. */
  maxThreadParts: number;
}

/**
 * Fits a person's text to its platform with the renderer's own fitting (post-fitter.ts): measured
 * in the platform's unit, LinkedIn's reserved characters escaped with `#hashtags` and URLs kept
 * whole (linkedin-text.ts), an X post too long becomes a numbered thread as the channel allows.
 * Nothing is shortened here: the words are the person's; a text that cannot go out as it is comes
 * back with `hold`, the reason.
 */
export function fitEditedText(text: string, options: EditFitOptions): FitResult {
  const rules = PLATFORM_RULES[options.platform];
  const body = normaliseText(text);
  if (!body) return { text: '', metrics: { length: 0, limit: rules.limit }, warnings: [], hold: 'the text is empty' };
  const fit = fitPost({
    rules,
    parts: { before: body, after: '' },
    tail: () => ({ text: '', warnings: [] }),
    ...(rules.escapeReserved ? { transform: (plain: string) => littleText(plain).text } : {}),
    language: languageData(SHIPPED_TEMPLATES_DIR, options.language),
    threadMode: options.threadMode,
    maxThreadParts: options.maxThreadParts,
  });
  if (fit.hold) return { ...fit, hold: tooLong(fit, options) ?? fit.hold };
  // The person may have pasted the wrong translation: said, as planning says it of a news item's
  // text, and saved all the same (the words are theirs).
  const other = otherLanguage(body, options.language);
  if (!other) return fit;
  const note = `the text reads as ${languageName(other)}, not ${languageName(options.language)}, the language of this post; it is saved as written`;
  return { ...fit, warnings: [...fit.warnings, note] };
}

/**
 * A person's text too long, in their words: by how much, as the platform counts it. The fitter's
 * own reason speaks of templates and elastic fields, which an edited text has none of; and a
 * LinkedIn text is longer than it looks, its reserved characters sent with a backslash each.
 * Undefined when the text is held for another reason (a thread of too many parts).
 */
function tooLong(fit: FitResult, options: EditFitOptions): string | undefined {
  const { length, limit } = fit.metrics;
  if (length <= limit || (options.platform === 'twitter' && options.threadMode !== 'never')) return undefined;
  const counted =
    options.platform === 'twitter'
      ? ' (weighted: a link counts 23, an emoji or a CJK character 2) and the channel posts no threads (thread: never)'
      : options.platform === 'linkedin'
        ? ' as LinkedIn receives it, with its markup (a backslash before each of | { } @ [ ] ( ) < > # \\ * _ ~, and {hashtag|\\#|…} around a hashtag)'
        : '';
  return `the text is ${length} characters long${counted}, over the limit of ${limit} on ${platformLabel(options.platform)}: shorten it by ${length - limit}`;
}
