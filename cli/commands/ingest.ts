import type { Command } from 'commander';
import type { Config } from '../../src/config/config-schema.ts';
import { InputError } from '../../src/input-error.ts';
import { type LoadedItem, loadSources, type Rejection } from '../../src/news/load-sources.ts';
import { itemLanguages } from '../../src/news/news-item.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import type { PlanSkip } from '../../src/planning/plan.ts';
import { planItem } from '../../src/planning/plan-item.ts';
import { localTime } from '../../src/publishing/parse-when.ts';
import { createRenderer } from '../../src/templates/post-renderer.ts';
import { configFor, printJson } from '../cli-context.ts';
import { EXIT } from '../exit-codes.ts';

interface IngestOptions {
  dryRun?: boolean;
  json?: boolean;
  now?: string;
}

/** One post an accepted item produces (or, after queuing, what happened to it). */
export interface IngestPost {
  postId: string;
  channel: string;
  language: string;
  kind: string;
  plannedAt: string;
  state: string;
  /** After queuing: created / updated / unchanged / kept (see the scheduler). */
  action?: string;
  note?: string;
}

/** The outcome for one item, as printed and as `--json` gives it. */
export interface IngestReport {
  status: 'accepted' | 'rejected';
  id?: string;
  source: string;
  kind?: string;
  languages?: string[];
  /** After queuing: `scheduled`, `unchanged` (taken before with this content) or `planned`. */
  intake?: string;
  posts: IngestPost[];
  skipped: PlanSkip[];
  rejection?: Rejection;
}

/** `ingest <file|dir|url>…`: read news, validate, and say for each item what it becomes. */
export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description(
      'Read news from Markdown (YAML front matter), JSON, CSV and RSS/Atom files, folders or http(s) URLs; ' +
        'validate every item and print, per item, "accepted" with the posts it will produce or "rejected" with why. ' +
        'Without --dry-run the accepted items are queued (items taken before with the same content are left alone). ' +
        'Exits 2 when any item was rejected; the others are still taken.',
    )
    .argument('<inputs...>', 'news files, folders or http(s) URLs')
    .option('--dry-run', 'plan and print only: no Redis, nothing queued or remembered')
    .option(
      '--now <date-time>',
      'with --dry-run: plan as if it were this time (ISO 8601 with zone), e.g. to preview past samples',
    )
    .option('--json', 'print JSON for scripts')
    .addHelpText(
      'after',
      '\nCSV columns: id, kind, language, title, summary, body, url, published, event.name, event.start,\n  event.end, event.location, event.timezone, hashtags, mentions, channels, schedule, image, image.alt,\n  title.<lang>, summary.<lang>, body.<lang>, url.<lang> (e.g. title.de). Empty cells are "not given".',
    )
    .action(async (inputs: string[], options: IngestOptions, command: Command) => {
      const now = parseNow(options.now);
      const { config } = configFor(command);
      const loaded = await loadSources(inputs, { config, now });
      const reports = options.dryRun
        ? planDryRun(loaded.items, config, now)
        : await scheduleItems(loaded.items, command);
      reports.push(...loaded.rejected.map(rejectedReport));
      if (options.json) printJson({ dryRun: Boolean(options.dryRun), items: reports });
      else process.stdout.write(formatReports(config, reports));
      const rejectedCount = reports.filter((r) => r.status === 'rejected').length;
      if (rejectedCount) {
        process.stderr.write(
          `secon-bot: ${rejectedCount} item(s) or source(s) rejected; the others were ${options.dryRun ? 'checked' : 'taken'}\n`,
        );
        process.exitCode = EXIT.usage;
      }
    });
}

function parseNow(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const at = new Date(text);
  if (!/([zZ]|[+-]\d{2}:?\d{2})$/.test(text.trim()) || Number.isNaN(at.getTime())) {
    throw new InputError(`--now "${text}": expected an ISO 8601 date-time with a zone, e.g. 2023-11-01T09:00:00+02:00`);
  }
  return at;
}

/** --dry-run: the posts each item will produce, planned locally (no Redis, no queue). */
function planDryRun(items: LoadedItem[], config: Config, now: Date): IngestReport[] {
  const renderer = createRenderer({ config });
  return items.map(({ item, source }): IngestReport => {
    try {
      const plan = planItem(item, config, { now, renderer });
      return {
        ...acceptedBase(item, source),
        intake: 'planned',
        posts: plan.posts.map((p) => ({
          postId: p.postId,
          channel: p.channel,
          language: p.language,
          kind: p.kind,
          plannedAt: p.plannedAt,
          state: p.state,
        })),
        skipped: plan.skipped,
      };
    } catch (error) {
      return rejectedReport({ source, id: item.id, message: error instanceof Error ? error.message : String(error) });
    }
  });
}

/**
 * ─── QUEUING ───────────────────────────────────────────────────────────────────────────────────
 * The one step that queues: the app's NewsIntake (src/publishing/) checks each item against the
 * NewsStore, plans and queues new or edited items (job id = post id, so a repeat is a no-op), and
 * remembers them only after queuing. Replace this function to change how ingest queues.
 */
async function scheduleItems(items: LoadedItem[], command: Command): Promise<IngestReport[]> {
  // Loaded on demand: --dry-run needs neither Redis nor BullMQ.
  const { withApp } = await import('../cli-context.ts');
  return withApp(command, async (app) => {
    const results = await app.intake.take(items, { actor: 'cli:ingest' });
    return results.map((result, index): IngestReport => {
      const { item, source } = items[index]!;
      if (result.status === 'rejected')
        return rejectedReport({ source, id: item.id, message: result.error ?? 'could not be planned' });
      return {
        ...acceptedBase(item, source),
        intake: result.status,
        posts: result.posts.map((p) => ({ ...p })),
        skipped: result.plan?.skipped ?? [],
      };
    });
  });
}

function acceptedBase(
  item: LoadedItem['item'],
  source: string,
): Pick<IngestReport, 'status' | 'id' | 'source' | 'kind' | 'languages'> {
  return { status: 'accepted', id: item.id, source, kind: item.kind, languages: itemLanguages(item) };
}

function rejectedReport(rejection: Rejection): IngestReport {
  return {
    status: 'rejected',
    source: rejection.source,
    ...(rejection.id ? { id: rejection.id } : {}),
    posts: [],
    skipped: [],
    rejection,
  };
}

/** The human-readable report: one block per item, rejected ones with every reason. */
export function formatReports(config: Config, reports: IngestReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    if (report.status === 'rejected') {
      lines.push(`rejected  ${report.source}${report.id ? `  (${report.id})` : ''}`);
      const issues = report.rejection?.issues;
      if (issues?.length)
        for (const issue of issues)
          lines.push(
            `  ✗ ${issue.field ? `${issue.field}: ` : ''}${issue.message}${issue.line !== undefined ? ` (line ${issue.line})` : ''}`,
          );
      else lines.push(`  ✗ ${report.rejection?.message ?? 'rejected'}`);
      continue;
    }
    const intake = report.intake && report.intake !== 'planned' ? `  [${report.intake}]` : '';
    lines.push(
      `accepted  ${report.id}  ${report.kind} in ${report.languages?.join(', ')}  (${report.source})${intake}`,
    );
    if (!report.posts.length) lines.push('  no posts');
    for (const post of report.posts) {
      const zone = channelZoneById(config, post.channel);
      const action = post.action ? `  ${post.action}${post.note ? `: ${post.note}` : ''}` : '';
      lines.push(
        `  → ${localTime(post.plannedAt, zone).padEnd(34)} ${post.channel.padEnd(16)} ${post.language.padEnd(3)} ${post.kind.padEnd(12)} ${post.state}${action}`,
      );
    }
    for (const skip of report.skipped)
      lines.push(`  · no post on ${skip.channel}${skip.language ? ` (${skip.language})` : ''}: ${skip.reason}`);
  }
  const accepted = reports.filter((r) => r.status === 'accepted').length;
  lines.push('', `${accepted} accepted, ${reports.length - accepted} rejected`);
  return `${lines.join('\n')}\n`;
}
