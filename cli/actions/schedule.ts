import type { Command } from 'commander';
import type { Config } from '../../src/config/config-schema.ts';
import { counted } from '../../src/counted.ts';
import { loadSources } from '../../src/news/load-sources.ts';
import { describeSkip } from '../../src/planning/plan.ts';
import { PENDING_STATES, type PostState } from '../../src/posts/post.ts';
import type { IntakeResult } from '../../src/publishing/news-intake.ts';
import { cliActor } from '../cli-actor.ts';
import { dryRunNow, printJson, withApp } from '../cli-context.ts';
import { EXIT } from '../exit-codes.ts';
import { paint } from '../output/colour.ts';
import { configuredFeedNote } from '../output/configured-feed-note.ts';
import { hanging } from '../output/hanging-text.ts';
import { notice } from '../output/notice.ts';
import { planTable, sharedAction } from '../output/plan-table.ts';
import { ProgressLine } from '../output/progress-line.ts';
import { type RejectionShown, rejectionLines } from '../output/rejection-lines.ts';
import { screenWidth } from '../output/screen.ts';
import { noPostsReason } from './no-posts.ts';
import { pauseLines } from './post-output.ts';

interface ScheduleOptions {
  dryRun?: boolean;
  /** With --dry-run: plan as if it were this time. */
  now?: string;
  json?: boolean;
  approval?: boolean;
}

/** Posts of a result that are (or, in a dry run, would be) on their way out. */
function live(result: IntakeResult): number {
  return result.posts.filter((p) => PENDING_STATES.includes(p.state as PostState)).length;
}

/** Posts a real run queued or changed: kept and unchanged ones are not counted as scheduled again. */
function changed(result: IntakeResult): number {
  return result.posts.filter((p) => p.action === 'created' || p.action === 'restored' || p.action === 'updated').length;
}

/** The closing line when posts are on their way: how many were planned, or scheduled anew. */
function summary(taken: IntakeResult[], options: ScheduleOptions): string {
  if (options.dryRun) {
    const planned = taken.reduce((sum, r) => sum + live(r), 0);
    const asOf = options.now === undefined ? '' : ` as of ${options.now}`;
    return paint(
      'green',
      `${counted(planned, 'post', 'posts')} planned${asOf} (dry run: nothing queued)`,
      process.stderr,
    );
  }
  const count = taken.reduce((sum, r) => sum + changed(r), 0);
  if (!count) return 'nothing new scheduled: every post is unchanged';
  return `${paint('green', `${counted(count, 'post', 'posts')} scheduled`, process.stderr)}; see them with \`secon-bot agenda\``;
}

/**
 * Posts of the scheduled items that wait for a person's approval, and how to approve them all: a run
 * without --approval does not approve what already waits, and should not leave that unsaid; a run
 * with it says the next step.
 */
function waitingNote(taken: IntakeResult[], approval: boolean | undefined): string | undefined {
  const waiting = taken.flatMap((r) => r.posts.filter((p) => p.state === 'awaiting-approval').map(() => r.newsId));
  if (!waiting.length) return undefined;
  // One command for every item: approve takes several news ids, as history does.
  const how = `\`secon-bot approve --news ${[...new Set(waiting)].join(',')}\``;
  return hanging(
    '',
    paint(
      'yellow',
      `${approval ? counted(waiting.length, 'post waits', 'posts wait') : counted(waiting.length, 'post still waits', 'posts still wait')} for approval: ${how}`,
      process.stderr,
    ),
    screenWidth(),
  );
}

/**
 * The plan as a person reads it: per item, a table of its posts in their channels' local time
 * (fitted to the screen), and why channels got none. What is the same for every post of an item
 * (a dry run's "not queued", an unchanged item's "kept") is said once, on the item's line.
 */
export function printPlan(config: Config, results: IntakeResult[], rejected: RejectionShown[]): void {
  const lines: string[] = [];
  const width = screenWidth();
  for (const result of results) {
    const count = live(result);
    const shared = sharedAction(result.posts);
    const same = shared ? ` (${shared})` : '';
    const head = `(${result.source}): ${result.status}`;
    lines.push(
      hanging(
        `${paint('bold', result.newsId)} `,
        count
          ? `${head}, ${counted(count, 'post', 'posts')}${same}`
          : `${head} — ${paint('yellow', 'no posts')}: ${noPostsReason(result)}`,
        width,
      ),
    );
    lines.push(...planTable(config, result.posts, shared === undefined));
    // A skip names both times in full; on a narrow screen it wraps under itself like the lines above.
    for (const skip of result.plan?.skipped ?? []) lines.push(hanging('  ', paint('dim', describeSkip(skip)), width));
  }
  for (const r of rejected) lines.push(...rejectionLines(r, width));
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `schedule <news-file>…`: load, plan, queue; prints the plan and says plainly when nothing was scheduled. */
export async function run(inputs: string[], options: ScheduleOptions, command: Command): Promise<void> {
  // Checked before anything is done: a bad SECON_BOT_ACTOR changes nothing.
  const actor = cliActor();
  // Checked before Redis is reached: a --now without --dry-run is refused whatever else is wrong.
  const now = dryRunNow('schedule', options);
  await withApp(command, async (app) => {
    const loaded = await loadSources(inputs, { config: app.config, ...(now ? { now } : {}) });
    for (const read of loaded.feeds)
      notice(configuredFeedNote(read, '`schedule` takes them', app.config.project.defaultLanguage));
    const progress = new ProgressLine(options.dryRun ? 'planning' : 'scheduling', loaded.items.length);
    let results: IntakeResult[];
    try {
      // One batch: the intake plans each item around the ones before it, in a dry run too (their
      // posts are in no Redis then, only in the batch's own record of the slots taken).
      results = await app.intake.take(loaded.items, {
        dryRun: options.dryRun,
        ...(now ? { now } : {}),
        actor,
        ...(options.approval ? { requireApproval: true } : {}),
        onItem: (done, newsId) => progress.update(done, newsId),
      });
    } finally {
      progress.finish();
    }
    const rejected = [
      ...loaded.rejected,
      ...results
        .filter((r) => r.status === 'rejected')
        .map((r) => ({ source: r.source, id: r.newsId, message: r.error ?? 'rejected' })),
    ];
    const taken = results.filter((r) => r.status !== 'rejected');
    const posts = taken.reduce((sum, r) => sum + live(r), 0);
    if (options.json)
      printJson({
        dryRun: Boolean(options.dryRun),
        ...(now ? { now: now.toISOString() } : {}),
        posts,
        items: results.map((r) => ({ ...r, ...(live(r) ? {} : { noPosts: noPostsReason(r) }) })),
        rejected: loaded.rejected,
      });
    else printPlan(app.config, taken, rejected);
    const verb = options.dryRun ? 'planned' : 'scheduled';
    if (rejected.length) {
      const others = taken.length ? `; the others were ${verb}` : '';
      process.stderr.write(`secon-bot: ${counted(rejected.length, 'item', 'items')} rejected${others}\n`);
      process.exitCode = EXIT.usage;
    } else if (!posts) {
      process.stderr.write(
        // With --json the reasons are not printed above but given in the JSON.
        `secon-bot: nothing was ${verb}: ${counted(taken.length, 'item', 'items')}, no post to send (see ${options.json ? "each item's noPosts in the JSON" : 'why above'}). ` +
          'Is the news item dated in the past? `secon-bot new` writes one dated from today.\n',
      );
      process.exitCode = EXIT.failure;
    } else if (!options.json) {
      process.stderr.write(`${summary(taken, options)}\n`);
    }
    if (!options.json && !options.dryRun) {
      const waiting = waitingNote(taken, options.approval);
      if (waiting) process.stderr.write(`${waiting}\n`);
    }
    // A paused channel holds what was just planned on it: the times above are not when it goes out.
    if (!options.json)
      for (const line of await pauseLines(
        app.config,
        app.channels,
        taken.flatMap((r) => r.posts),
        process.stderr,
      ))
        process.stderr.write(`${line}\n`);
  });
}
