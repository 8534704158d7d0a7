import twitter from 'twitter-text';
import type { Platform } from '../config/config-schema.ts';
import type { RenderedPost } from '../posts/post.ts';
import { shownText } from '../preview/post-card.ts';
import { escapeLittleText, linkedinHashtag } from '../templates/linkedin-text.ts';
import { localeFor } from '../templates/locales.ts';
import { normaliseText } from '../templates/normalise-text.ts';
import { PLATFORM_RULES } from '../templates/platform-rules.ts';
import { type FitResult, fitPost } from '../templates/post-fitter.ts';

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

/**
 * LinkedIn commentary from plain text: every reserved character escaped (unescaped, LinkedIn cuts
 * the post silently), each `#hashtag` written as LinkedIn's hashtag markup so it stays a hashtag.
 */
function littleText(text: string): string {
  let out = '';
  let last = 0;
  for (const { hashtag, indices } of twitter.extractHashtagsWithIndices(text)) {
    out += escapeLittleText(text.slice(last, indices[0])) + linkedinHashtag(hashtag);
    last = indices[1];
  }
  return out + escapeLittleText(text.slice(last));
}

/**
 * Fits a person's text to its platform with the renderer's own fitting (post-fitter.ts): measured
 * in the platform's unit, an X post too long becomes a numbered thread (or stays one), a post that
 * cannot fit is refused with the reason. Nothing is shortened: the words are the person's.
 */
export function fitEditedText(
  text: string,
  options: { platform: Platform; language: string; preferThread: boolean },
): FitResult {
  const rules = PLATFORM_RULES[options.platform];
  const body = normaliseText(text);
  if (!body) return { ok: false, reason: 'the text is empty' };
  return fitPost({
    // The LinkedIn text is escaped here already (hashtags kept as markup), so the fitter must not escape it again.
    rules: { ...rules, escapeReserved: false },
    parts: { before: rules.escapeReserved ? littleText(body) : body, after: '' },
    tail: '',
    locale: localeFor(options.language),
    preferThread: options.preferThread,
  });
}
