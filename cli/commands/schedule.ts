import type { Command } from 'commander';
import type { Config } from '../../src/config/config-schema.ts';
import { loadSources } from '../../src/news/load-sources.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import type { IntakeResult } from '../../src/publishing/news-intake.ts';
import { localTime } from '../../src/publishing/parse-when.ts';
import { printJson, withApp } from '../cli-context.ts';
import { EXIT } from '../exit-codes.ts';

interface ScheduleOptions {
  dryRun?: boolean;
  json?: boolean;
  approval?: boolean;
}

/** The plan as a person reads it: per item, each post with its channel's local time, and why channels got none. */
function printPlan(
  config: Config,
  results: IntakeResult[],
  rejected: Array<{ source: string; message: string }>,
): void {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`${result.newsId} (${result.source}): ${result.status}${result.error ? ` — ${result.error}` : ''}`);
    for (const post of result.posts) {
      const what =
        post.action === 'created' ? (post.note ?? 'queued') : post.note ? `${post.action}: ${post.note}` : post.action;
      lines.push(
        `  ${localTime(post.plannedAt, channelZoneById(config, post.channel)).padEnd(34)} ${post.channel.padEnd(16)} ${post.language.padEnd(3)} ${post.kind.padEnd(12)} ${post.state.padEnd(17)} ${what}`,
      );
    }
    for (const skip of result.plan?.skipped ?? [])
      lines.push(`  no post on ${skip.channel}${skip.language ? ` (${skip.language})` : ''}: ${skip.reason}`);
  }
  for (const r of rejected) lines.push(`rejected ${r.source}: ${r.message}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `schedule <news-file>…`: load, plan, queue; prints the plan. */
export function registerSchedule(program: Command): void {
  program
    .command('schedule')
    .description(
      'Plan and queue posts for news files (Markdown, JSON, CSV, RSS/Atom; files, folders or URLs). Prints the plan; a bad item is rejected (exit 2) while the others are still scheduled.',
    )
    .argument('<news-file...>', 'news files, folders or URLs')
    .option('--dry-run', 'plan and print only; queue nothing')
    .option('--approval', 'every post waits for `secon-bot approve`')
    .option('--json', 'print JSON for scripts')
    .action(async (inputs: string[], options: ScheduleOptions, command: Command) => {
      await withApp(command, async (app) => {
        const loaded = await loadSources(inputs, { config: app.config });
        const results = await app.intake.take(loaded.items, {
          dryRun: options.dryRun,
          actor: 'cli:schedule',
          ...(options.approval ? { requireApproval: true } : {}),
        });
        const rejected = [
          ...loaded.rejected.map((r) => ({ source: r.source, message: r.message })),
          ...results
            .filter((r) => r.status === 'rejected')
            .map((r) => ({ source: r.source, message: r.error ?? 'rejected' })),
        ];
        if (options.json) printJson({ dryRun: Boolean(options.dryRun), items: results, rejected: loaded.rejected });
        else
          printPlan(
            app.config,
            results.filter((r) => r.status !== 'rejected'),
            rejected,
          );
        if (rejected.length) {
          process.stderr.write(
            `secon-bot: ${rejected.length} item(s) rejected; the others were ${options.dryRun ? 'planned' : 'scheduled'}\n`,
          );
          process.exitCode = EXIT.usage;
        }
      });
    });
}
