import type { Command } from 'commander';
import type { Config } from '../../src/config/config-schema.ts';
import { counted } from '../../src/counted.ts';
import { InputError } from '../../src/input-error.ts';
import { describeItemIssue, type ItemIssue } from '../../src/news/item-issue.ts';
import { type LoadedItem, loadSources, type Rejection } from '../../src/news/load-sources.ts';
import { languageExpectation, newsLanguage } from '../../src/news/news-item.ts';
import { channelZone } from '../../src/planning/channel-schedule.ts';
import { describeSkip, type PlanSkip } from '../../src/planning/plan.ts';
import { planItem } from '../../src/planning/plan-item.ts';
import type { PlannedPost, PostKind } from '../../src/posts/post.ts';
import { postIdFor } from '../../src/posts/post.ts';
import { type PostCard, postCard } from '../../src/preview/post-card.ts';
import { BusyTimes } from '../../src/publishing/busy-times.ts';
import type { PostRenderer } from '../../src/templates/post-renderer.ts';
import { createRenderer } from '../../src/templates/post-renderer.ts';
import { checkChannels, configFor, parseNow, printJson } from '../cli-context.ts';
import { EXIT } from '../exit-codes.ts';
import { paint } from '../output/colour.ts';
import { configuredFeedNote } from '../output/configured-feed-note.ts';
import { notice } from '../output/notice.ts';
import { type CardTextOptions, cardTextOptions, postCardText } from '../output/post-card-text.ts';
import { type RejectionShown, rejectionLines } from '../output/rejection-lines.ts';
import { screenWidth } from '../output/screen.ts';

interface PreviewOptions {
  channel?: string[];
  language?: string;
  now?: string;
  json?: boolean;
}

/** One previewed post, as `--json` prints it. `text` is exactly what would be sent. */
export interface PreviewPost {
  postId: string;
  newsId: string;
  source: string;
  channel: string;
  platform: string;
  language: string;
  kind: string;
  plannedAt: string;
  text: string;
  link: string | null;
  /** Every part of an X thread, or null when the post is a single post. */
  thread: string[] | null;
  article: { source: string; title: string; description: string } | null;
  images: Array<{ src: string; alt: string }>;
  metrics: { length: number; weightedLength?: number; limit: number };
  warnings: string[];
  /** Why the post waits for a person (planned awaiting-approval), or null. */
  hold: string | null;
}

/** An item that produced no preview: invalid, or a template that failed. */
interface PreviewProblem {
  source: string;
  id?: string;
  /** The field at fault, or the template file. */
  where?: string;
  message: string;
}

/** An input left out: a rejection as loading made it, or an item its templates could not render. */
type LeftOut = RejectionShown & Pick<Rejection, 'field'>;

/** Everything previewed for one item. */
interface ItemPreview {
  id: string;
  source: string;
  posts: PreviewPost[];
  skipped: PlanSkip[];
  /** Validation's warnings about the item (shown once above its posts; in --json, on each post). */
  warnings: ItemIssue[];
}

/** `preview <inputs…>`: the posts news would produce, rendered, without Redis or credentials. */
export async function run(inputs: string[], options: PreviewOptions, command: Command): Promise<void> {
  const { config } = configFor(command, { announce: false });
  options.language = checkOptions(config, options);
  const now = parseNow(options.now);
  const loaded = await loadSources(inputs, { config, now });
  for (const read of loaded.feeds)
    notice(configuredFeedNote(read, '`preview` shows them', config.project.defaultLanguage));
  const renderer = createRenderer({ config });
  // As read (every issue, for people) beside the JSON line each becomes for scripts.
  const problems: LeftOut[] = [...loaded.rejected];
  const previews: ItemPreview[] = [];
  // Each item is planned around the ones before it, as `schedule` plans a batch (no Redis here:
  // only the batch's own slots count), so a season plan does not show every item in one slot.
  const busy = new BusyTimes();
  for (const loadedItem of loaded.items) {
    try {
      previews.push(previewItem(loadedItem, config, renderer, now, options, busy));
    } catch (error) {
      problems.push(fromError(loadedItem, error));
    }
  }
  const posts = previews.flatMap((p) => p.posts);
  if (options.json) printJson(previews.flatMap(withItemWarnings));
  else {
    const card = await cardTextOptions(screenWidth());
    process.stdout.write(formatPreviews(config, previews, { total: posts.length, leftOut: problems.length }, card));
  }
  // --json keeps stdout the array of posts (the shape `preview --help` shows to jq); the items
  // left out go to stderr, one JSON object a line, so a script can read them too.
  if (options.json) for (const problem of problems) process.stderr.write(`${JSON.stringify(jsonProblem(problem))}\n`);
  else {
    const width = screenWidth();
    for (const problem of problems) process.stderr.write(`${rejectionLines(problem, width).join('\n')}\n`);
  }
  if (problems.length) process.exitCode = EXIT.usage;
}

/** Checks --channel and --language; returns the language in its normalised form ("EL" → "el"). */
function checkOptions(config: Config, options: PreviewOptions): string | undefined {
  checkChannels(config, options.channel);
  if (options.language === undefined) return undefined;
  // The same rule as an item's language: well-formed and a real language ("xx" is neither).
  const language = newsLanguage.safeParse(options.language);
  if (!language.success) {
    throw new InputError(
      `--language "${options.language}": not a known language; ${languageExpectation(options.language)}`,
    );
  }
  return language.data;
}

/** --json: each post carries its item's warnings, so `select(.warnings | length > 0)` finds them. */
function withItemWarnings(preview: ItemPreview): PreviewPost[] {
  if (!preview.warnings.length) return preview.posts;
  const notes = preview.warnings.map(describeItemIssue);
  return preview.posts.map((post) => ({ ...post, warnings: [...notes, ...post.warnings] }));
}

/**
 * The item's posts as planning makes them. With --language, planning runs once per channel (as if
 * every channel posted in the item's original language) and each post is rendered again in the
 * asked language: same channels, kinds and times, another language.
 */
function previewItem(
  { item, source, warnings, feed }: LoadedItem,
  config: Config,
  renderer: PostRenderer,
  now: Date,
  options: PreviewOptions,
  busy: BusyTimes,
): ItemPreview {
  const language = options.language;
  const planConfig: Config = language
    ? { ...config, channels: config.channels.map((c) => ({ ...c, languages: [item.language] })) }
    : config;
  // A configured feed's item is held as the worker holds it: in another language than the feed says.
  const held = feed?.languageCheck === 'hold' ? { holdOtherLanguage: true } : {};
  const plan = planItem(item, planConfig, { now, renderer, busy: busy.forItem(item.id), ...held });
  busy.replace(item.id, plan.posts);
  const wanted = (channel: string) => options.channel === undefined || options.channel.includes(channel);
  const posts = plan.posts
    .filter((post) => wanted(post.channel))
    .map((post): PreviewPost => {
      if (!language) return toPreview(post, source);
      const channel = config.channels.find((c) => c.id === post.channel)!;
      const rendered = renderer.render({ item, channel, language, kind: post.kind, now: new Date(post.plannedAt) });
      return toPreview(
        { ...post, postId: postIdFor(item.id, post.channel, language, post.kind), language, rendered },
        source,
      );
    });
  return {
    id: item.id,
    source,
    posts,
    skipped: plan.skipped.filter((skip) => wanted(skip.channel)),
    warnings: warnings ?? [],
  };
}

function toPreview(post: PlannedPost, source: string): PreviewPost {
  const { rendered } = post;
  return {
    postId: post.postId,
    newsId: post.newsId,
    source,
    channel: post.channel,
    platform: post.platform,
    language: post.language,
    kind: post.kind,
    plannedAt: post.plannedAt,
    text: rendered.text,
    link: rendered.link ?? null,
    thread: rendered.thread ?? null,
    article: rendered.article ?? null,
    images: rendered.images,
    metrics: rendered.metrics,
    warnings: rendered.warnings,
    hold: rendered.hold ?? null,
  };
}

function jsonProblem(rejection: LeftOut): PreviewProblem {
  return {
    source: rejection.source,
    ...(rejection.id ? { id: rejection.id } : {}),
    ...(rejection.field ? { where: rejection.field } : {}),
    message: rejection.message,
  };
}

/** A TemplateError's message already names the template file and line. */
function fromError({ item, source }: LoadedItem, error: unknown): LeftOut {
  return { source, id: item.id, message: error instanceof Error ? error.message : String(error) };
}

/** The shared card of a previewed post (the review desk and the sandbox pages draw the same). */
export function previewCard(config: Config, post: PreviewPost): PostCard {
  const channel = config.channels.find((c) => c.id === post.channel)!;
  return postCard({
    rendered: {
      text: post.text,
      ...(post.thread ? { thread: post.thread } : {}),
      ...(post.link ? { link: post.link } : {}),
      ...(post.article ? { article: post.article } : {}),
      images: post.images,
      metrics: post.metrics,
      warnings: post.warnings,
      ...(post.hold ? { hold: post.hold } : {}),
    },
    channel,
    plannedAt: post.plannedAt,
    zone: channelZone(config, channel),
    language: post.language,
    kind: post.kind as PostKind,
    postId: post.postId,
  });
}

/** A skipped post's reason, wrapped under its bullet when the screen is narrow (the card's own wrapping). */
function skipLine(reason: string, card: CardTextOptions): string {
  const line = `· ${reason}`;
  if (!card.width || !card.wrap) return paint('dim', line);
  const parts = card.wrap(reason, card.width - 2).split('\n');
  return parts.map((part, i) => paint('dim', `${i ? '  ' : '· '}${part.trim()}`)).join('\n');
}

/** The summary's counts: posts previewed, and files or items left out (their errors follow on stderr). */
interface PreviewCounts {
  total: number;
  leftOut: number;
}

function formatPreviews(config: Config, previews: ItemPreview[], counts: PreviewCounts, card: CardTextOptions): string {
  const out: string[] = [];
  for (const preview of previews) {
    out.push(`■ ${paint('bold', preview.id)} (${preview.source}): ${counted(preview.posts.length, 'post', 'posts')}`);
    for (const warning of preview.warnings) out.push(paint('yellow', `⚠ ${describeItemIssue(warning)}`));
    out.push('');
    for (const post of preview.posts) out.push(postCardText(previewCard(config, post), card), '');
    for (const skip of preview.skipped) out.push(skipLine(describeSkip(skip), card));
    if (preview.skipped.length) out.push('');
  }
  // Nothing previewed and something left out: the errors alone say it ("0 post(s) from 0 item(s)"
  // above them read as if the files had been read and were empty).
  if (!previews.length && counts.leftOut) return '';
  const warned = previews.flatMap((p) => p.posts).filter((p) => p.warnings.length).length;
  const withWarnings = warned ? `, ${warned} with warnings` : '';
  const leftOut = counts.leftOut ? `; ${counts.leftOut} left out:` : '';
  out.push(
    `${counted(counts.total, 'post', 'posts')} from ${counted(previews.length, 'item', 'items')}${withWarnings}${leftOut}`,
  );
  return `${out.join('\n')}\n`;
}
