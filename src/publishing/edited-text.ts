import type { Platform } from '../config/config-schema.ts';
import type { RenderedPost } from '../posts/post.ts';
import { shownText } from '../preview/post-card.ts';
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
  return fitPost({
    rules,
    parts: { before: body, after: '' },
    tail: () => ({ text: '', warnings: [] }),
    ...(rules.escapeReserved ? { transform: (plain: string) => littleText(plain).text } : {}),
    language: languageData(SHIPPED_TEMPLATES_DIR, options.language),
    threadMode: options.threadMode,
    maxThreadParts: options.maxThreadParts,
  });
}
