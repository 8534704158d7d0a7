import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Liquid } from 'liquidjs';
import type { ChannelConfig, Config } from '../config/config-schema.ts';
import { displayPath } from '../display-path.ts';
import { hasUrlScheme, type NewsItem } from '../news/news-item.ts';
import { packagePath } from '../package-root.ts';
import type { RenderedPost } from '../posts/post.ts';
import { splitElastic, stripMarkers } from './elastic.ts';
import { type LanguageData, languageData, plainLanguage } from './language-data.ts';
import { linkedinTextLink, littleText } from './linkedin-text.ts';
import { PLATFORM_RULES, type PlatformRules } from './platform-rules.ts';
import { composeUnfitted, type FitInput, fitPost } from './post-fitter.ts';
import type { PostRenderer, RendererOptions, RenderRequest } from './post-renderer.ts';
import { DEFAULT_HASHTAG_ORDER, orderedHashtags, tailFor } from './post-tail.ts';
import { strayTemplates } from './stray-templates.ts';
import { TemplateError } from './template-error.ts';
import { registerTemplateFilters } from './template-filters.ts';
import { elasticLines, manyElasticReason } from './template-hint.ts';
import { TemplateResolver, toTemplateError } from './template-resolver.ts';
import { buildVariables, localisedContent, trackingLink } from './template-variables.ts';

/** The templates shipped with the package. */
export const SHIPPED_TEMPLATES_DIR = `${packagePath('templates')}/`;

/** Language data by Intl locale, for the filters (filled as languages are first used). */
const byLocale = new Map<string, LanguageData>();

/**
 * One Liquid engine for the process: its filters are pure, and sharing it lets every renderer
 * share the compiled templates (template-resolver.ts). Strict variables and filters: a typo is a
 * TemplateError, never an empty string.
 */
const liquid = new Liquid({
  strictVariables: true,
  strictFilters: true,
  // `-%}` trims up to one line break; standalone tag lines get it (template-resolver.ts).
  greedy: false,
  // Templates render files we ship or a channel's folder; no includes from elsewhere.
  relativeReference: false,
  root: [],
  partials: [],
  cache: false,
  // Every date in a post is written by our own filters in the post's locale; LiquidJS's `date`
  // filter is not used. A fixed locale also spares LiquidJS asking the machine's default one,
  // which builds an Intl.DateTimeFormat (about 30 ms of every command's start-up).
  locale: 'en-GB',
});
registerTemplateFilters(liquid, (locale) => byLocale.get(locale) ?? plainLanguage(locale));

/**
 * Tidies rendered template output into post text: NFC (what X counts and platforms store), Unix line
 * breaks, no trailing spaces, no doubled spaces left by an empty value, at most one blank line in a
 * row, nothing at either end. Templates can then be written for readability.
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/gu, '\n')
    .replace(/(?<=\S)[ \t]{2,}/gu, ' ')
    .replace(/[ \t]+$/gmu, '')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
}

/**
 * Renders posts from the LiquidJS templates and fits them to their platform (see platform-rules.ts,
 * post-fitter.ts). Rendering is synchronous and reads no file once a template is compiled.
 */
export class TemplatePostRenderer implements PostRenderer {
  private readonly resolver: TemplateResolver;
  private readonly config: Config;
  private readonly templatesDir: string;
  private readonly baseDir: string;
  private readonly fit: boolean;
  /** Tails by channel, item and language: the same for every kind of post of an item (and pure). */
  private readonly tails = new WeakMap<ChannelConfig, WeakMap<NewsItem, Map<string, FitInput['tail']>>>();
  /** Template files no lookup reaches, by folder and its role: read once per renderer (stray-templates.ts). */
  private readonly strays = new Map<string, string[]>();

  constructor(options: RendererOptions) {
    this.config = options.config;
    this.baseDir = options.baseDir ?? process.cwd();
    this.fit = options.fit ?? true;
    this.templatesDir = options.templatesDir ?? SHIPPED_TEMPLATES_DIR;
    this.resolver = new TemplateResolver(liquid, this.templatesDir, this.config.project.defaultLanguage);
  }

  private strayIn(dir: string, channelFolder: boolean): string[] {
    const key = `${channelFolder ? 'channel' : 'shipped'}\u0000${dir}`;
    let found = this.strays.get(key);
    if (!found) {
      found = strayTemplates(dir, channelFolder);
      this.strays.set(key, found);
    }
    return found;
  }

  render(request: RenderRequest): RenderedPost {
    const { item, channel, language, kind } = request;
    const now = request.now ?? new Date();
    const rules = PLATFORM_RULES[channel.platform];
    const overrideDir = channel.templates ? resolve(this.baseDir, channel.templates) : undefined;
    // Every post of the channel names a template file it can never use: the officer's new variant
    // with a typo in its name would otherwise be ignored without a word.
    const warnings: string[] = [
      ...(overrideDir ? this.strayIn(overrideDir, true) : []),
      ...this.strayIn(this.templatesDir, false),
    ];
    const template = this.resolver.resolve({ language, platform: channel.platform, kind, overrideDir });
    if (template.language !== language && template.language !== language.split('-')[0]) {
      warnings.push(
        `no ${language} template for ${channel.platform}/${kind}: used ${template.language} (${template.file})`,
      );
    }
    const content = localisedContent(item, language);
    if (!content.translated)
      warnings.push(`no ${language} translation: title and summary from the original (${item.language})`);
    const locationNote = untranslatedLocation(item, content.language);
    if (locationNote) warnings.push(locationNote);
    const link = this.config.links.utm
      ? trackingLink(content.url, { source: channel.platform, medium: this.config.links.utmMedium, campaign: item.id })
      : content.url;
    const lang = languageData(this.templatesDir, template.language);
    byLocale.set(lang.locale, lang);
    const imageWarnings: string[] = [];
    const images = imagesFor(item, content.language, channel, rules, imageWarnings);
    // LinkedIn sends images as content.media and a Facebook photo post shows no link preview: the
    // link must then be in the text. On LinkedIn only a percent-encoded form survives there
    // (linkedin-text.ts).
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
      locale: lang.locale,
    });

    let output: string;
    try {
      output = liquid.renderSync(template.compiled, variables) as string;
    } catch (error) {
      throw toTemplateError(error, template.file, { liquid, variables });
    }
    const parts = splitElastic(normaliseText(output));
    if (!parts) {
      // Only on this error path is the source read again: which lines mark a field.
      const lines = elasticLines(readTemplateSource(template.file));
      throw new TemplateError(template.file, lines[0], manyElasticReason(lines));
    }
    const body = `${parts.before}${parts.elastic ?? ''}${parts.after}`;
    if (!body.trim()) {
      throw new TemplateError(
        template.file,
        undefined,
        `the template renders an empty post for ${channel.id} (${language}, ${kind})`,
      );
    }

    if (body.includes(textLink.url)) warnings.push(...textLink.notes);
    else if (linkInText)
      warnings.push(
        `${channel.platform} sends the images instead of the link card, and ${template.file} does not write {{ ` +
          `link }}: the post carries no link`,
      );
    let transform: ((text: string) => string) | undefined;
    if (rules.escapeReserved) {
      const little = littleText(body, textLink.url);
      warnings.push(...little.notes);
      transform = lastOf((text: string) => littleText(text, textLink.url).text, body, little.text);
    }
    const input: FitInput = {
      rules,
      parts,
      tail: this.tail(item, content.language, channel, rules),
      ...(transform ? { transform } : {}),
      language: lang,
      threadMode: channel.thread,
      maxThreadParts: this.config.platforms.twitter.maxThreadParts,
      // As the rendered text has it (tidied the same way); a template that changes the title's
      // words (`| upcase`) leaves nothing to find, and the thread is split as plain text.
      keepWhole: normaliseText(stripMarkers(content.title)),
      template: displayPath(template.file),
    };
    const fit = this.fit ? fitPost(input) : composeUnfitted(input);
    warnings.push(...fit.warnings, ...imageWarnings);
    if (fit.hold) warnings.push(`waits for a person: ${fit.hold}`);

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
      ...(fit.hold ? { hold: fit.hold } : {}),
    };
  }

  /**
   * Mentions written for this platform, then the hashtags in the platform's order, the item's own
   * in the post's language only (never another translation's), within the platform's limit.
   */
  private tail(item: NewsItem, language: string, channel: ChannelConfig, rules: PlatformRules): FitInput['tail'] {
    let byItem = this.tails.get(channel);
    if (!byItem) {
      byItem = new WeakMap();
      this.tails.set(channel, byItem);
    }
    let byLanguage = byItem.get(item);
    if (!byLanguage) {
      byLanguage = new Map();
      byItem.set(item, byLanguage);
    }
    let tail = byLanguage.get(language);
    if (!tail) {
      tail = this.makeTail(item, language, channel, rules);
      byLanguage.set(language, tail);
    }
    return tail;
  }

  private makeTail(item: NewsItem, language: string, channel: ChannelConfig, rules: PlatformRules): FitInput['tail'] {
    const order = this.config.platforms[channel.platform].hashtagOrder ?? DEFAULT_HASHTAG_ORDER;
    const own = hashtagsIn(item, language);
    const tail = tailFor({
      platform: channel.platform,
      mentions: item.mentions,
      hashtags: orderedHashtags(order, {
        project: this.config.project.hashtags,
        item: own.tags,
        channel: channel.hashtags,
      }),
      maxHashtags: rules.maxHashtags,
      linkedin: rules.escapeReserved,
    });
    if (!own.note) return tail;
    return (body) => {
      const made = tail(body);
      return { ...made, warnings: [own.note!, ...made.warnings] };
    };
  }
}

/** `fn` remembering its last answer (first: `input` → `output`): the fitter asks for the same text more than once. */
function lastOf(fn: (text: string) => string, input: string, output: string): (text: string) => string {
  return (text) => {
    if (text !== input) {
      input = text;
      output = fn(text);
    }
    return output;
  };
}

/** The item's hashtags for a post in `language` (the content's language): the original's or the translation's own. */
function hashtagsIn(item: NewsItem, language: string): { tags: readonly string[]; note?: string } {
  if (language === item.language) return { tags: item.hashtags };
  const own = item.translations[language]?.hashtags;
  if (own) return { tags: own };
  if (!item.hashtags.length) return { tags: [] };
  return {
    tags: [],
    note: `no ${language} hashtags (translations.${language}.hashtags): the item's ${item.language} tags are left out`,
  };
}

/**
 * A warning when a translation gives no location for the event, whose location is then written in
 * the original language (template-variables.ts): the editor should know, as for hashtags and alt text.
 */
function untranslatedLocation(item: NewsItem, language: string): string | undefined {
  if (language === item.language || !item.event?.location) return undefined;
  if (item.translations[language]?.location !== undefined) return undefined;
  return `no ${language} location (translations.${language}.location): the event's ${item.language} location is used`;
}

/**
 * The item's first `rules.maxImages` images, with alt text in the post's language: the original's
 * for the original language, else the translation's (translations.<lang>.images[n].alt). A
 * translation without it sends the image without alt text, with a warning: a screen reader must
 * never read another language's description. Images past the platform's count are named in a
 * warning: finding that out when the post falls due would fail a post that previewed fine.
 */
function imagesFor(
  item: NewsItem,
  language: string,
  channel: ChannelConfig,
  rules: PlatformRules,
  warnings: string[],
): RenderedPost['images'] {
  const translated = language === item.language ? undefined : (item.translations[language]?.images ?? []);
  const images = item.images.map((image, index) => ({
    src: image.src,
    alt: translated ? (translated[index]?.alt ?? '') : image.alt,
  }));
  const left = images.slice(rules.maxImages);
  if (left.length) {
    warnings.push(
      `${channel.platform} takes at most ${rules.maxImages} images per post: left out ` +
        `${left.map((image) => imageName(image.src)).join(', ')}`,
    );
  }
  const sent = images.slice(0, rules.maxImages);
  const missing = sent.flatMap((image, index) => (image.alt ? [] : [index]));
  if (missing.length) {
    warnings.push(
      `no ${language} alt text for ` +
        `${missing.map((index) => `image ${index + 1} (${imageName(sent[index]!.src)})`).join(', ')}: sent without alt text; ` +
        `add translations.${language}.images[${missing[0]}].alt`,
    );
  }
  return sent;
}

/**
 * An image as a warning names it: its URL, or a local file relative to the folder the command runs
 * in (validation made it absolute; the whole path of the server's disk says nothing on the desk).
 */
function imageName(src: string): string {
  return hasUrlScheme(src) ? src : displayPath(src);
}

/** A template's source, or "" when it can no longer be read (the error then names no line). */
function readTemplateSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
