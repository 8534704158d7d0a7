import type { Command } from 'commander';
import type { Config } from '../../src/config/config-schema.ts';
import { counted } from '../../src/counted.ts';
import { describeItemIssue, type ItemIssue } from '../../src/news/item-issue.ts';
import { type LoadedItem, loadSources, type Rejection } from '../../src/news/load-sources.ts';
import { itemLanguages } from '../../src/news/news-item.ts';
import { describeSkip, type PlanSkip } from '../../src/planning/plan.ts';
import { planItem } from '../../src/planning/plan-item.ts';
import { PENDING_STATES, type PostState } from '../../src/posts/post.ts';
import { BusyTimes } from '../../src/publishing/busy-times.ts';
import { createRenderer } from '../../src/templates/post-renderer.ts';
import { cliActor } from '../cli-actor.ts';
import { configFor, dryRunNow, printJson, withApp } from '../cli-context.ts';
import { EXIT } from '../exit-codes.ts';
import { paint } from '../output/colour.ts';
import { configuredFeedNote } from '../output/configured-feed-note.ts';
import { hanging } from '../output/hanging-text.ts';
import { notice } from '../output/notice.ts';
import { type PlanTablePost, planTable, sharedAction } from '../output/plan-table.ts';
import { ProgressLine } from '../output/progress-line.ts';
import { rejectionLines } from '../output/rejection-lines.ts';
import { screenWidth } from '../output/screen.ts';
import { noPostsReason } from './no-posts.ts';

export interface IngestOptions {
  dryRun?: boolean;
  json?: boolean;
  now?: string;
}

/** One post an accepted item produces (or, after queuing, what happened to it). */
export interface IngestPost extends PlanTablePost {
  postId: string;
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
  /** Taken, but said to the person: a stripped invisible character, the earlier of two local times. */
  warnings?: ItemIssue[];
}

/** `ingest <file|dir|url>…`: read news, validate, and say for each item what it becomes. */
export async function run(inputs: string[], options: IngestOptions, command: Command): Promise<void> {
  // Checked before anything is done: a bad SECON_BOT_ACTOR changes nothing.
  const actor = cliActor();
  // --now only with --dry-run, as schedule: a real ingest would date undated items from the given
  // clock and plan their posts from the real one.
  const now = dryRunNow('ingest', options) ?? new Date();
  // Queuing (withApp) says when the platforms are the sandboxes; reading and planning call none.
  const { config } = configFor(command, { announce: false });
  const loaded = await loadSources(inputs, { config, now });
  for (const read of loaded.feeds)
    notice(configuredFeedNote(read, '`ingest` takes them', config.project.defaultLanguage));
  const reports = options.dryRun
    ? planDryRun(loaded.items, config, now)
    : await scheduleItems(loaded.items, command, actor);
  // One at a time: a spread of a huge list into push() overflows the call stack.
  for (const rejection of loaded.rejected) reports.push(rejectedReport(rejection));
  if (options.json) printJson({ dryRun: Boolean(options.dryRun), items: reports });
  else process.stdout.write(formatReports(config, reports));
  const rejectedCount = reports.filter((r) => r.status === 'rejected').length;
  const posts = reports.reduce((sum, r) => sum + liveCount(r), 0);
  const verb = options.dryRun ? 'planned' : 'queued';
  if (rejectedCount) {
    // "the others were taken" only when there were others (as schedule says it).
    const others = reports.length > rejectedCount ? `; the others were ${options.dryRun ? 'checked' : 'taken'}` : '';
    process.stderr.write(
      `secon-bot: ${counted(rejectedCount, 'item or source', 'items or sources')} rejected${others}\n`,
    );
    process.exitCode = EXIT.usage;
  } else if (!posts) {
    // With --json the reasons are not printed above but given in the JSON.
    const why = options.json ? "each item's skipped in the JSON" : 'why above';
    process.stderr.write(`secon-bot: nothing was ${verb}: no item yields a post to send (see ${why})\n`);
    process.exitCode = EXIT.failure;
  }
}

/** Posts of an accepted item that are (or would be) on their way out. */
function liveCount(report: IngestReport): number {
  return report.posts.filter((p) => PENDING_STATES.includes(p.state as PostState)).length;
}

/** --dry-run: the posts each item will produce, planned locally (no Redis, no queue). */
function planDryRun(items: LoadedItem[], config: Config, now: Date): IngestReport[] {
  const renderer = createRenderer({ config });
  // Each item is planned around the ones before it, as a real ingest plans them (no Redis here:
  // only the batch's own slots count).
  const busy = new BusyTimes();
  return items.map(({ item, source, warnings }): IngestReport => {
    try {
      const plan = planItem(item, config, { now, renderer, busy: busy.forItem(item.id) });
      busy.replace(item.id, plan.posts);
      return {
        ...acceptedBase(item, source, warnings),
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
async function scheduleItems(items: LoadedItem[], command: Command, actor: string): Promise<IngestReport[]> {
  return withApp(command, async (app) => {
    const progress = new ProgressLine('queuing', items.length);
    const results = [];
    try {
      for (const [index, item] of items.entries()) {
        progress.update(index, item.item.id);
        results.push(...(await app.intake.take([item], { actor })));
      }
    } finally {
      progress.finish();
    }
    return results.map((result, index): IngestReport => {
      const { item, source, warnings } = items[index]!;
      if (result.status === 'rejected')
        return rejectedReport({ source, id: item.id, message: result.error ?? 'could not be planned' });
      return {
        ...acceptedBase(item, source, warnings),
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
  warnings: ItemIssue[] | undefined,
): Pick<IngestReport, 'status' | 'id' | 'source' | 'kind' | 'languages' | 'warnings'> {
  return {
    status: 'accepted',
    id: item.id,
    source,
    kind: item.kind,
    languages: itemLanguages(item),
    ...(warnings?.length ? { warnings } : {}),
  };
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

/**
 * Where an accepted item came from, without the id its line already shows: a feed's "feed.xml item 1
 * (riga-1)" names the item by its guid, which is the id when the feed gave one.
 */
function sourceOf(report: IngestReport): string {
  const named = ` (${report.id})`;
  return report.source.endsWith(named) ? report.source.slice(0, -named.length) : report.source;
}

/** The human-readable report: one block per item, rejected ones with every reason. */
export function formatReports(config: Config, reports: IngestReport[]): string {
  const lines: string[] = [];
  const width = screenWidth();
  for (const report of reports) {
    if (report.status === 'rejected') {
      lines.push(...rejectionLines(report.rejection ?? { ...report, message: 'rejected' }, width));
      continue;
    }
    // What happened to the posts, said once on the item's line when it is the same for all ("queued",
    // "kept: item unchanged …"), else per post in the table with only the item's intake here, as
    // schedule prints it. A dry run says nothing: its summary says nothing was queued.
    const shared = sharedAction(report.posts);
    const outcome = shared || (report.intake !== 'planned' ? report.intake : undefined);
    lines.push(
      hanging(
        `${paint('green', 'accepted')}  `,
        `${report.id}  ${report.kind} in ${report.languages?.join(', ')}  from ${sourceOf(report)}` +
          `${outcome ? ` — ${outcome}` : ''}`,
        width,
      ),
    );
    for (const warning of report.warnings ?? []) lines.push(hanging('  ⚠ ', describeItemIssue(warning), width));
    if (!liveCount(report))
      lines.push(
        hanging(
          '  ',
          `${paint('yellow', 'no posts')}: ${noPostsReason({ ...report, status: report.intake ?? '' })}`,
          width,
        ),
      );
    lines.push(...planTable(config, report.posts, shared === undefined));
    for (const skip of report.skipped) lines.push(hanging('  · ', describeSkip(skip), width));
  }
  const accepted = reports.filter((r) => r.status === 'accepted').length;
  lines.push('', `${accepted} accepted, ${reports.length - accepted} rejected`);
  return `${lines.join('\n')}\n`;
}
