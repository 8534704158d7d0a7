import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { type Config, languageCode } from '../../src/config/config-schema.ts';
import { InputError } from '../../src/input-error.ts';
import { type LoadedItem, loadSources, type Rejection } from '../../src/news/load-sources.ts';
import { channelZone } from '../../src/planning/channel-schedule.ts';
import type { PlanSkip } from '../../src/planning/plan.ts';
import { planItem } from '../../src/planning/plan-item.ts';
import { type PlannedPost, type PostKind, postIdFor } from '../../src/posts/post.ts';
import { type PostCard, postCard } from '../../src/preview/post-card.ts';
import type { PostRenderer } from '../../src/templates/post-renderer.ts';
import { createRenderer } from '../../src/templates/post-renderer.ts';
import { configFor, printJson } from '../cli-context.ts';
import { EXIT } from '../exit-codes.ts';

interface PreviewOptions {
  channel?: string;
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

/** Everything previewed for one item. */
interface ItemPreview {
  id: string;
  source: string;
  posts: PreviewPost[];
  skipped: PlanSkip[];
}

/** `preview <inputs…>`: the posts news would produce, rendered, without Redis or credentials. */
export function registerPreview(program: Command): void {
  program
    .command('preview')
    .description(
      'Show every post the news would produce — text exactly as it would be sent, with its length against the ' +
        "platform's limit and any warnings — without Redis and without credentials. Invalid items and templates " +
        'that fail are reported (exit 2); the other items are still previewed.',
    )
    .argument('<inputs...>', 'news files or folders (Markdown, JSON, CSV, RSS/Atom) or http(s) URLs')
    .option('--channel <id>', 'only this channel')
    .option(
      '--language <code>',
      "render every post in this language, whatever the channel's languages (e.g. to see a Greek post on X)",
    )
    .option(
      '--now <date-time>',
      'plan as if it were this time (ISO 8601 with zone), e.g. to see the reminders of past samples',
    )
    .option('--json', 'print a JSON array of posts for scripts')
    .addHelpText(
      'after',
      "\nExamples:\n  secon-bot preview news/\n  secon-bot preview news/2023-11-haskovo-workshop.md --channel x-secon --language el\n  secon-bot preview news/ --json | jq '.[] | select(.warnings | length > 0)'",
    )
    .action(async (inputs: string[], options: PreviewOptions, command: Command) => {
      const { config } = configFor(command);
      checkOptions(config, options);
      const now = parseNow(options.now);
      const loaded = await loadSources(inputs, { config, now });
      const renderer = createRenderer({ config });
      const problems: PreviewProblem[] = loaded.rejected.map(fromRejection);
      const previews: ItemPreview[] = [];
      for (const loadedItem of loaded.items) {
        try {
          previews.push(previewItem(loadedItem, config, renderer, now, options));
        } catch (error) {
          problems.push(fromError(loadedItem, error));
        }
      }
      const posts = previews.flatMap((p) => p.posts);
      if (options.json) printJson(posts);
      else process.stdout.write(formatPreviews(config, previews, posts.length));
      for (const problem of problems) process.stderr.write(`secon-bot: ${formatProblem(problem)}\n`);
      if (problems.length) process.exitCode = EXIT.usage;
    });
}

function checkOptions(config: Config, options: PreviewOptions): void {
  if (options.channel !== undefined && !config.channels.some((c) => c.id === options.channel)) {
    throw new InputError(
      `--channel "${options.channel}": no such channel; the configuration has ${config.channels.map((c) => c.id).join(', ')}`,
    );
  }
  if (options.language !== undefined && !languageCode.safeParse(options.language).success) {
    throw new InputError(`--language "${options.language}": expected a BCP 47 language code such as "el" or "pt-PT"`);
  }
}

function parseNow(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const at = new Date(text);
  if (!/([zZ]|[+-]\d{2}:?\d{2})$/u.test(text.trim()) || Number.isNaN(at.getTime())) {
    throw new InputError(`--now "${text}": expected an ISO 8601 date-time with a zone, e.g. 2023-11-01T09:00:00+02:00`);
  }
  return at;
}

/**
 * The item's posts as planning makes them. With --language, planning runs once per channel (as if
 * every channel posted in the item's original language) and each post is rendered again in the
 * asked language: same channels, kinds and times, another language.
 */
function previewItem(
  { item, source }: LoadedItem,
  config: Config,
  renderer: PostRenderer,
  now: Date,
  options: PreviewOptions,
): ItemPreview {
  const language = options.language;
  const planConfig: Config = language
    ? { ...config, channels: config.channels.map((c) => ({ ...c, languages: [item.language] })) }
    : config;
  const plan = planItem(item, planConfig, { now, renderer });
  const wanted = (channel: string) => options.channel === undefined || channel === options.channel;
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
  return { id: item.id, source, posts, skipped: plan.skipped.filter((skip) => wanted(skip.channel)) };
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

function fromRejection(rejection: Rejection): PreviewProblem {
  return {
    source: rejection.source,
    ...(rejection.id ? { id: rejection.id } : {}),
    ...(rejection.field ? { where: rejection.field } : {}),
    message: rejection.message,
  };
}

/** A TemplateError's message already names the template file and line. */
function fromError({ item, source }: LoadedItem, error: unknown): PreviewProblem {
  return { source, id: item.id, message: error instanceof Error ? error.message : String(error) };
}

function formatProblem(problem: PreviewProblem): string {
  const id = problem.id ? ` (${problem.id})` : '';
  return `${problem.source}${id}: ${problem.message}`;
}

/** The card of a previewed post (src/preview/post-card.ts: the same card the review desk draws). */
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

/** One card per post as text: a header with platform, language and counters, the text, then link and warnings. */
export function formatCard(card: PostCard): string {
  const at = DateTime.fromISO(card.plannedAt, { zone: card.zone }).toFormat('yyyy-MM-dd HH:mm');
  const head = `┌─ ${card.channelId} · ${card.platform} · ${card.language} · ${card.kind} · ${card.length.value}/${card.length.limit}${card.thread ? ` · thread of ${card.parts.length}` : ''}${card.hold ? ' · waits for a person' : ''}`;
  const lines = [head, `│ ${card.postId} · ${at} ${card.zone}`, '│'];
  const body = (text: string) => text.split('\n').map((line) => `│ ${line}`.trimEnd());
  if (card.thread) {
    for (const part of card.parts)
      lines.push(`│ ── ${part.index}/${card.parts.length} (${part.length}/${part.limit})`, ...body(part.text));
  } else {
    lines.push(...body(card.parts[0]!.text));
  }
  lines.push('│');
  if (card.linkCard) lines.push(`│ link card: ${card.linkCard.title} → ${card.linkCard.url}`);
  else if (card.link) lines.push(`│ link: ${card.link}`);
  for (const image of card.images)
    lines.push(`│ image: ${image.src} (${image.missingAlt ? 'no alt text' : `alt: ${image.alt}`})`);
  for (const warning of card.warnings) lines.push(`│ ⚠ ${warning}`);
  lines.push('└─');
  return lines.join('\n');
}

function formatPreviews(config: Config, previews: ItemPreview[], total: number): string {
  const out: string[] = [];
  for (const preview of previews) {
    out.push(`■ ${preview.id} (${preview.source}): ${preview.posts.length} post(s)`, '');
    for (const post of preview.posts) out.push(formatCard(previewCard(config, post)), '');
    for (const skip of preview.skipped)
      out.push(
        `· no ${skip.kind ?? 'post'} on ${skip.channel}${skip.language ? ` (${skip.language})` : ''}: ${skip.reason}`,
      );
    if (preview.skipped.length) out.push('');
  }
  const warned = previews.flatMap((p) => p.posts).filter((p) => p.warnings.length).length;
  out.push(`${total} post(s) from ${previews.length} item(s)${warned ? `, ${warned} with warnings` : ''}`);
  return `${out.join('\n')}\n`;
}
