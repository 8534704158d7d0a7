import { resolve } from 'node:path';
import { Liquid } from 'liquidjs';
import twitter from 'twitter-text';
import type { ChannelConfig, Config } from '../config/config-schema.ts';
import type { NewsItem } from '../news/news-item.ts';
import { packagePath } from '../package-root.ts';
import type { RenderedPost } from '../posts/post.ts';
import { splitElastic, stripMarkers } from './elastic.ts';
import { mergeHashtags } from './hashtags.ts';
import { linkedinHashtag, linkedinMention, linkedinTextLink } from './linkedin-text.ts';
import { registerLocaleFilters } from './locale-filters.ts';
import { localeFor } from './locales.ts';
import { parseMention } from './mentions.ts';
import { normaliseText } from './normalise-text.ts';
import { PLATFORM_RULES, type PlatformRules } from './platform-rules.ts';
import { composeUnfitted, fitPost } from './post-fitter.ts';
import type { PostRenderer, RendererOptions, RenderRequest } from './post-renderer.ts';
import { TemplateError } from './template-error.ts';
import { TemplateResolver, toTemplateError } from './template-resolver.ts';
import { buildVariables, localisedContent } from './template-variables.ts';
import { trackingLink } from './tracking-link.ts';

/** The templates shipped with the package. */
export const SHIPPED_TEMPLATES_DIR = `${packagePath('templates')}/`;

/**
 * Renders posts from the LiquidJS templates and fits them to their platform (see platform-rules.ts,
 * post-fitter.ts). One Liquid engine and one compiled copy of each template per renderer; rendering
 * is synchronous. Strict variables and filters: a typo is a TemplateError, never an empty string.
 */
export class TemplatePostRenderer implements PostRenderer {
  private readonly liquid: Liquid;
  private readonly resolver: TemplateResolver;
  private readonly config: Config;
  private readonly baseDir: string;
  private readonly fit: boolean;

  constructor(options: RendererOptions) {
    this.config = options.config;
    this.baseDir = options.baseDir ?? process.cwd();
    this.fit = options.fit ?? true;
    this.liquid = new Liquid({
      strictVariables: true,
      strictFilters: true,
      // `-%}` trims up to one line break; standalone tag lines get it (standalone-tags.ts).
      greedy: false,
      // Templates render files we ship or a channel's folder; no includes from elsewhere.
      relativeReference: false,
      root: [],
      partials: [],
      cache: false,
    });
    registerLocaleFilters(this.liquid);
    this.resolver = new TemplateResolver(
      this.liquid,
      options.templatesDir ?? SHIPPED_TEMPLATES_DIR,
      this.config.project.defaultLanguage,
    );
  }

  render(request: RenderRequest): RenderedPost {
    const { item, channel, language, kind } = request;
    const now = request.now ?? new Date();
    const rules = PLATFORM_RULES[channel.platform];
    const warnings: string[] = [];
    const template = this.resolver.resolve({
      language,
      platform: channel.platform,
      kind,
      overrideDir: channel.templates ? resolve(this.baseDir, channel.templates) : undefined,
    });
    if (template.language !== language && template.language !== language.split('-')[0]) {
      warnings.push(
        `no ${language} template for ${channel.platform}/${kind}: used ${template.language} (${template.file})`,
      );
    }
    const content = localisedContent(item, language);
    if (!content.translated)
      warnings.push(`no ${language} translation: title and summary from the original (${item.language})`);
    const link = this.config.links.utm
      ? trackingLink(content.url, { source: channel.platform, medium: this.config.links.utmMedium, campaign: item.id })
      : content.url;
    const locale = localeFor(template.language);
    const imageWarnings: string[] = [];
    const images = imagesFor(item, channel, rules, imageWarnings);
    // LinkedIn sends images as content.media and then has no room for the article card: the link
    // must then be in the commentary, where only a percent-encoded form survives (linkedin-text.ts).
    const linkInText = rules.imagesReplaceLinkCard && images.length > 0;
    const textLink = rules.escapeReserved ? linkedinTextLink(link) : { url: link, notes: [] };
    const variables = buildVariables({
      item,
      channel,
      config: this.config,
      language,
      kind,
      now,
      link: textLink.url,
      linkInText,
      locale,
    });

    let output: string;
    try {
      output = this.liquid.renderSync(template.compiled, variables) as string;
    } catch (error) {
      throw toTemplateError(error, template.file);
    }
    const parts = splitElastic(normaliseText(output));
    if (!parts)
      throw new TemplateError(
        template.file,
        undefined,
        'more than one field is marked elastic (or a marker is unbalanced); mark exactly one with `| elastic`',
      );
    if (!`${parts.before}${parts.elastic ?? ''}${parts.after}`.trim()) {
      throw new TemplateError(
        template.file,
        undefined,
        `the template renders an empty post for ${channel.id} (${language}, ${kind})`,
      );
    }

    const body = `${parts.before}${parts.elastic ?? ''}${parts.after}`;
    if (body.includes(textLink.url)) warnings.push(...textLink.notes);
    else if (linkInText)
      warnings.push(
        `${channel.platform} sends the images instead of the link card, and ${template.file} does not write {{ link }}: the post carries no link`,
      );
    const tail = this.tail(item, channel, rules, body, warnings);
    const fit = this.fit
      ? fitPost({ rules, parts, tail, locale, preferThread: channel.thread })
      : composeUnfitted({ rules, parts, tail, locale, preferThread: false });
    if (!fit.ok)
      throw new TemplateError(template.file, undefined, `${channel.id} (${language}, ${kind}): ${fit.reason}`);
    warnings.push(...fit.warnings, ...imageWarnings);

    return {
      text: fit.text,
      ...(fit.thread ? { thread: fit.thread } : {}),
      link,
      ...(rules.linkCard && !linkInText
        ? { article: { source: link, title: stripMarkers(content.title), description: stripMarkers(content.summary) } }
        : {}),
      images,
      metrics: fit.metrics,
      warnings,
    };
  }

  /**
   * Mentions written for this platform, then the merged hashtags within the platform's limit, in its
   * syntax. On X and Facebook a tag the text already carries as a hashtag is not repeated.
   */
  private tail(item: NewsItem, channel: ChannelConfig, rules: PlatformRules, body: string, warnings: string[]): string {
    const mentions: string[] = [];
    for (const raw of item.mentions) {
      const mention = parseMention(stripMarkers(raw));
      if (!mention) {
        warnings.push(
          `mention "${raw}" is neither an X handle (@name) nor a LinkedIn organisation (Name <urn:li:organization:ID>): left out`,
        );
      } else if (mention.platform === channel.platform) {
        mentions.push(mention.urn ? linkedinMention(mention.name, mention.urn) : `@${mention.name}`);
      }
    }
    const inText = rules.escapeReserved ? [] : twitter.extractHashtags(body);
    const merged = mergeHashtags(
      [this.config.project.hashtags, item.hashtags, channel.hashtags],
      Number.POSITIVE_INFINITY,
    );
    const already = new Set(inText.map((tag) => tag.toLocaleLowerCase('und')));
    const wanted = merged.tags.filter((tag) => !already.has(tag.toLocaleLowerCase('und')));
    const room = Math.max(0, rules.maxHashtags - already.size);
    const tags = wanted.slice(0, room);
    const dropped = wanted.slice(room);
    if (merged.invalid.length) warnings.push(`hashtags without a letter left out: ${merged.invalid.join(', ')}`);
    if (dropped.length)
      warnings.push(
        `${channel.platform} takes at most ${rules.maxHashtags} hashtags: left out #${dropped.join(', #')}`,
      );
    const formatted = tags.map((tag) => (rules.escapeReserved ? linkedinHashtag(tag) : `#${tag}`));
    return [...mentions, ...formatted].join(' ');
  }
}

/**
 * The item's first `rules.maxImages` images: the platform refuses a post with more, and finding
 * that out when the post falls due would fail a post that planned and previewed fine. The ones
 * left out are named in a warning, never dropped silently.
 */
function imagesFor(
  item: NewsItem,
  channel: ChannelConfig,
  rules: PlatformRules,
  warnings: string[],
): RenderedPost['images'] {
  const images = item.images.map((image) => ({ src: image.src, alt: image.alt }));
  const left = images.slice(rules.maxImages);
  if (left.length) {
    warnings.push(
      `${channel.platform} takes at most ${rules.maxImages} images per post: left out ${left.map((image) => image.src).join(', ')}`,
    );
  }
  return images.slice(0, rules.maxImages);
}
