import type { Config } from '../config/config-schema.ts';
import { InputError } from '../input-error.ts';
import { languageNote, withLanguageNote } from '../news/language-check.ts';
import type { NewsItem } from '../news/news-item.ts';
import type { PlannedPost } from '../posts/post.ts';
import type { PostRenderer } from '../templates/post-renderer.ts';
import { NOT_PUBLIC_YET } from './plan.ts';

/** A planned post moved to a new time, and what moving it changed. */
export interface Replanned {
  post: PlannedPost;
  /** True when the text (or a thread part) differs from before: "tomorrow" became "in 3 days". */
  textChanged: boolean;
}

/** The text a post sends, for comparing two renderings. */
function sentText(post: PlannedPost): string {
  return post.rendered.thread?.join('\n\n') ?? post.rendered.text;
}

/**
 * The post as it must read at its new time `at`: rendered again from its news item (relative days
 * such as "tomorrow" are counted from the time the post is read) and fitted again. Identity, kind,
 * language and `notAfter` stay; the state stays unless the new text cannot go out on its own
 * (`rendered.hold`), which sends it to `awaiting-approval`. Pure: nothing is stored.
 *
 * Throws InputError when the post's channel is no longer configured, when `at` is not before
 * the start of the event the post announces, or when `at` moves the post before its item's
 * `published` time (an embargo: the news is not public yet, whoever asks). Rendering a post again
 * at its own planned time is no move and is not refused: callers do that to compare texts.
 */
export function replanPost(
  post: PlannedPost,
  item: NewsItem,
  at: Date,
  options: { config: Config; renderer: PostRenderer },
): Replanned {
  if (item.id !== post.newsId) throw new Error(`replanPost: item ${item.id} is not the news of ${post.postId}`);
  const channel = options.config.channels.find((candidate) => candidate.id === post.channel);
  if (!channel) throw new InputError(`cannot re-render ${post.postId}: channel "${post.channel}" is not configured`);
  if (post.notAfter && at.getTime() >= Date.parse(post.notAfter)) {
    throw new InputError(
      `cannot reschedule ${post.postId} to ${at.toISOString()}: the event it announces starts at ${post.notAfter}; ` +
        `choose an earlier time`,
    );
  }
  if (at.getTime() !== Date.parse(post.plannedAt) && at.getTime() < Date.parse(item.published)) {
    throw new InputError(
      `cannot move ${post.postId} to ${at.toISOString()}: its news item "${item.id}" is published at ` +
        `${item.published} and ${NOT_PUBLIC_YET}; choose that time or later`,
    );
  }
  // The warning planning gave a text in another language than its own stays with the post.
  const rendered = withLanguageNote(
    options.renderer.render({ item, channel, language: post.language, kind: post.kind, now: at }),
    languageNote(item, post.language),
  );
  const moved: PlannedPost = {
    ...post,
    plannedAt: at.toISOString(),
    state: rendered.hold ? 'awaiting-approval' : post.state,
    rendered,
  };
  return { post: moved, textChanged: sentText(moved) !== sentText(post) };
}
