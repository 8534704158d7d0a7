import type { Command } from 'commander';
import type { Config } from '../../src/config/config-schema.ts';
import { loadSources } from '../../src/news/load-sources.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import { PENDING_STATES, type PostState } from '../../src/posts/post.ts';
import type { IntakeResult } from '../../src/publishing/news-intake.ts';
import { localTime } from '../../src/publishing/parse-when.ts';
import { printJson, withApp } from '../cli-context.ts';
import { EXIT } from '../exit-codes.ts';
import { paint, paintState } from '../output/colour.ts';
import { ProgressLine } from '../output/progress-line.ts';
import { noPostsReason } from './no-posts.ts';

interface ScheduleOptions {
  dryRun?: boolean;
  json?: boolean;
  approval?: boolean;
}

/** Posts of a result that are (or, in a dry run, would be) on their way out. */
function live(result: IntakeResult): number {
  return result.posts.filter((p) => PENDING_STATES.includes(p.state as PostState)).length;
}

/** The plan as a person reads it: per item, each post with its channel's local time, and why channels got none. */
function printPlan(
  config: Config,
  results: IntakeResult[],
  rejected: Array<{ source: string; message: string }>,
): void {
  const lines: string[] = [];
  for (const result of results) {
    const count = live(result);
    const head = `${paint('bold', result.newsId)} (${result.source}): ${result.status}`;
    lines.push(
      count ? `${head}, ${count} post(s)` : `${head} — ${paint('yellow', 'no posts')}: ${noPostsReason(result)}`,
    );
    for (const post of result.posts) {
      const what =
        post.action === 'created' ? (post.note ?? 'queued') : post.note ? `${post.action}: ${post.note}` : post.action;
      lines.push(
        `  ${localTime(post.plannedAt, channelZoneById(config, post.channel)).padEnd(34)} ` +
          `${post.channel.padEnd(16)} ${post.language.padEnd(3)} ${post.kind.padEnd(12)} ${paintState(post.state)}` +
          `${' '.repeat(Math.max(1, 18 - post.state.length))}${what}`,
      );
    }
    for (const skip of result.plan?.skipped ?? []) {
      const language = skip.language ? ` (${skip.language})` : '';
      lines.push(`  ${paint('dim', `no ${skip.kind ?? 'post'} on ${skip.channel}${language}: ${skip.reason}`)}`);
    }
  }
  for (const r of rejected) lines.push(`${paint('red', 'rejected')} ${r.source}: ${r.message}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `schedule <news-file>…`: load, plan, queue; prints the plan and says plainly when nothing was scheduled. */
export async function run(inputs: string[], options: ScheduleOptions, command: Command): Promise<void> {
  await withApp(command, async (app) => {
    const loaded = await loadSources(inputs, { config: app.config });
    const progress = new ProgressLine(options.dryRun ? 'planning' : 'scheduling', loaded.items.length);
    const results: IntakeResult[] = [];
    try {
      // One item at a time, so the progress moves; the intake plans each around the ones before.
      for (const [index, item] of loaded.items.entries()) {
        progress.update(index, item.item.id);
        results.push(
          ...(await app.intake.take([item], {
            dryRun: options.dryRun,
            actor: 'cli:schedule',
            ...(options.approval ? { requireApproval: true } : {}),
          })),
        );
      }
    } finally {
      progress.finish();
    }
    const rejected = [
      ...loaded.rejected.map((r) => ({ source: r.source, message: r.message })),
      ...results
        .filter((r) => r.status === 'rejected')
        .map((r) => ({ source: r.source, message: r.error ?? 'rejected' })),
    ];
    const taken = results.filter((r) => r.status !== 'rejected');
    const posts = taken.reduce((sum, r) => sum + live(r), 0);
    if (options.json)
      printJson({
        dryRun: Boolean(options.dryRun),
        posts,
        items: results.map((r) => ({ ...r, ...(live(r) ? {} : { noPosts: noPostsReason(r) }) })),
        rejected: loaded.rejected,
      });
    else printPlan(app.config, taken, rejected);
    const verb = options.dryRun ? 'planned' : 'scheduled';
    if (rejected.length) {
      process.stderr.write(`secon-bot: ${rejected.length} item(s) rejected; the others were ${verb}\n`);
      process.exitCode = EXIT.usage;
    } else if (!posts) {
      process.stderr.write(
        `secon-bot: nothing was ${verb}: ${taken.length} item(s), no post to send (see why above). ` +
          'Is the news item dated in the past? `secon-bot new` writes one dated from today.\n',
      );
      process.exitCode = EXIT.failure;
    } else if (!options.json) {
      process.stderr.write(
        `${paint('green', `${posts} post(s) ${verb}`, process.stderr)}; see them with \`secon-bot agenda\`\n`,
      );
    }
  });
}
