import type { PostRenderer, RendererOptions } from './post-renderer.ts';
import { TemplatePostRenderer } from './template-post-renderer.ts';

/**
 * The renderer planning and preview use: per-language, per-platform LiquidJS templates (fallback
 * chain in templates/README.md), fitted to each platform's rules. Compiles each template once.
 */
export function createRenderer(options: RendererOptions): PostRenderer {
  return new TemplatePostRenderer(options);
}

export { TemplateError } from './template-error.ts';
export { SHIPPED_TEMPLATES_DIR, TemplatePostRenderer } from './template-post-renderer.ts';
