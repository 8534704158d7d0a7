import type { ChannelConfig, Config } from '../config/config-schema.ts';
import type { NewsItem } from '../news/news-item.ts';
import type { PostKind, RenderedPost } from '../posts/post.ts';
import { TemplatePostRenderer } from './template-post-renderer.ts';

/** One post to render: this item, in this language, for this channel, as this kind. */
export interface RenderRequest {
  item: NewsItem;
  channel: ChannelConfig;
  language: string;
  kind: PostKind;
  /** "Now", for relative phrases ("in 3 days"): the time the post is read. Default: the current time. */
  now?: Date;
}

/**
 * Renders posts that fit their platform. Throws TemplateError (file, line, reason) when a template
 * is broken; a post that cannot be made to fit comes back with `hold` (the reason), never cut off.
 */
export interface PostRenderer {
  render(request: RenderRequest): RenderedPost;
}

/** Options of a renderer; `config` supplies project, links, platform and channel settings. */
export interface RendererOptions {
  config: Config;
  /** Root of the shipped templates. Default: the package's `templates/` folder. */
  templatesDir?: string;
  /** Folder a channel's relative `templates` override folder is resolved against. Default: the working directory. */
  baseDir?: string;
  /**
   * Fit posts to their platform (measure, shorten the elastic field, split threads, hold what
   * cannot fit). Default true. `false` is for benchmarks and template debugging only: the text may
   * then exceed the platform's limit and must never be published.
   */
  fit?: boolean;
}

/**
 * The renderer planning and preview use: per-language, per-platform LiquidJS templates (fallback
 * chain in templates/README.md), fitted to each platform's rules. Templates are compiled once per
 * process.
 */
export function createRenderer(options: RendererOptions): PostRenderer {
  return new TemplatePostRenderer(options);
}

export { TemplateError } from './template-error.ts';
export { SHIPPED_TEMPLATES_DIR } from './template-post-renderer.ts';
