import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Config } from '../../src/config/config-schema.ts';
import { InputError } from '../../src/input-error.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import { localTime, parseWhen } from '../../src/publishing/parse-when.ts';
import { printJson, withApp } from '../cli-context.ts';

interface JsonOption {
  json?: boolean;
}

/** One line about a post, as a person reads it. */
function describe(config: Config, record: PostRecord): string {
  return `${record.postId}: ${record.state}, ${localTime(record.plannedAt, channelZoneById(config, record.channel))}`;
}

/** A post's record for --json output, with its local time. */
function recordJson(config: Config, record: PostRecord) {
  const zone = channelZoneById(config, record.channel);
  return {
    postId: record.postId,
    newsId: record.newsId,
    channel: record.channel,
    platform: record.platform,
    language: record.language,
    kind: record.kind,
    state: record.state,
    plannedAt: record.plannedAt,
    local: localTime(record.plannedAt, zone),
    zone,
    ...(record.errorKind ? { errorKind: record.errorKind, errorMessage: record.errorMessage } : {}),
    ...(record.note ? { note: record.note } : {}),
  };
}

function report(config: Config, options: JsonOption, record: PostRecord, verb: string): void {
  if (options.json) printJson(recordJson(config, record));
  else process.stdout.write(`${verb} ${describe(config, record)}\n`);
}

/** agenda, approve, cancel, reschedule, pause, resume, retry. */
export function registerPostCommands(program: Command): void {
  program
    .command('agenda')
    .description(
      "Show what is still to go out (scheduled, awaiting approval, being published), per channel, in each channel's local time.",
    )
    .option('--channel <id...>', 'only these channels')
    .option('--json', 'print JSON for scripts')
    .action(async (options: JsonOption & { channel?: string[] }, command: Command) => {
      await withApp(command, async (app) => {
        const unknown = (options.channel ?? []).filter((id) => !app.config.channels.some((c) => c.id === id));
        if (unknown.length)
          throw new InputError(
            `unknown channel ${unknown.map((u) => `"${u}"`).join(', ')}; configured: ${app.config.channels.map((c) => c.id).join(', ')}`,
          );
        const records = await app.postActions.agenda(options.channel);
        const paused = await app.channels.paused(app.config.channels.map((c) => c.id));
        if (options.json) {
          printJson({ posts: records.map((r) => recordJson(app.config, r)), paused });
          return;
        }
        const channels = options.channel ?? app.config.channels.map((c) => c.id);
        for (const channel of channels) {
          const pause = paused.find((p) => p.channel === channel);
          const mine = records.filter((r) => r.channel === channel);
          process.stdout.write(
            `${channel} (${channelZoneById(app.config, channel)})${pause ? ` — PAUSED since ${pause.since}: ${pause.reason}` : ''}\n`,
          );
          if (!mine.length) process.stdout.write('  nothing scheduled\n');
          for (const r of mine) {
            process.stdout.write(
              `  ${localTime(r.plannedAt, channelZoneById(app.config, channel)).slice(0, 16)}  ${r.state.padEnd(17)}  ${r.kind.padEnd(12)}  ${r.language}  ${r.postId}\n`,
            );
          }
        }
      });
    });

  program
    .command('approve <post-id>')
    .description('Approve a post that waits for approval: it is queued for its planned time.')
    .option('--json', 'print JSON for scripts')
    .action(async (postId: string, options: JsonOption, command: Command) => {
      await withApp(command, async (app) =>
        report(app.config, options, await app.postActions.approve(postId, 'cli:approve'), 'approved'),
      );
    });

  program
    .command('cancel [post-id]')
    .description('Cancel a post that has not gone out (or, with --news, every such post of a news item).')
    .option('--news <id>', 'cancel every post of this news item that has not gone out')
    .option('--json', 'print JSON for scripts')
    .action(async (postId: string | undefined, options: JsonOption & { news?: string }, command: Command) => {
      if (!postId === !options.news)
        throw new InputError('cancel: give either a post id or --news <id>, not both and not neither');
      await withApp(command, async (app) => {
        if (postId) return report(app.config, options, await app.postActions.cancel(postId, 'cli:cancel'), 'cancelled');
        const { cancelled, kept } = await app.postActions.cancelNews(options.news!, 'cli:cancel');
        if (options.json)
          return printJson({
            cancelled: cancelled.map((r) => recordJson(app.config, r)),
            kept: kept.map((r) => recordJson(app.config, r)),
          });
        for (const r of cancelled) process.stdout.write(`cancelled ${describe(app.config, r)}\n`);
        for (const r of kept) process.stdout.write(`left as is ${describe(app.config, r)}\n`);
      });
    });

  program
    .command('reschedule <post-id> <time>')
    .description(
      'Move a post that has not gone out to a new time: ISO with a zone, or "YYYY-MM-DD HH:MM" in the channel\'s zone.',
    )
    .option('--json', 'print JSON for scripts')
    .action(async (postId: string, time: string, options: JsonOption, command: Command) => {
      await withApp(command, async (app) => {
        const record = await app.publishingLog.get(postId);
        if (!record) throw new InputError(`unknown post id "${postId}" (see \`secon-bot agenda\`)`);
        const at = parseWhen(time, channelZoneById(app.config, record.channel));
        report(app.config, options, await app.postActions.reschedule(postId, at, 'cli:reschedule'), 'rescheduled');
      });
    });

  program
    .command('pause <channel>')
    .description('Pause a channel: its posts wait (nothing is dropped) until `resume`.')
    .option('--reason <text>', 'why (shown in agenda and alerts)', 'paused by a person')
    .option('--json', 'print JSON for scripts')
    .action(async (channel: string, options: JsonOption & { reason: string }, command: Command) => {
      await withApp(command, async (app) => {
        const pause = await app.postActions.pause(channel, options.reason, 'cli:pause');
        if (options.json) printJson(pause);
        else process.stdout.write(`paused ${channel} since ${pause.since}: ${pause.reason}\n`);
      });
    });

  program
    .command('resume <channel>')
    .description(
      'Resume a paused channel: its waiting posts are queued again (overdue ones go out now or are marked missed).',
    )
    .option('--json', 'print JSON for scripts')
    .action(async (channel: string, options: JsonOption, command: Command) => {
      await withApp(command, async (app) => {
        const result = await app.postActions.resume(channel);
        if (options.json) printJson(result);
        else
          process.stdout.write(
            `${result.pause ? `resumed ${channel}` : `${channel} was not paused`}; ${result.requeued} waiting post(s) queued\n`,
          );
      });
    });

  program
    .command('edit <post-id>')
    .description(
      'Replace the text of a post that has not gone out: checked and fitted to its platform again (an X post too long becomes a thread). Refused once an attempt claimed the post. A post approved on a channel that needs approval waits for approval again.',
    )
    .option('--text <text>', 'the new text, as the platform should show it (LinkedIn: plain text, #hashtags)')
    .option('--file <file>', 'read the new text from this file ("-" for standard input)')
    .option('--json', 'print JSON for scripts')
    .action(async (postId: string, options: JsonOption & { text?: string; file?: string }, command: Command) => {
      if ((options.text === undefined) === (options.file === undefined))
        throw new InputError('edit: give the new text with either --text or --file, not both and not neither');
      const text = options.text ?? (await readText(options.file!));
      await withApp(command, async (app) => {
        const { record, warnings } = await app.postActions.editText(postId, text, 'cli:edit');
        if (options.json) return printJson({ ...recordJson(app.config, record), warnings });
        report(app.config, options, record, 'edited');
        for (const warning of warnings) process.stdout.write(`  ⚠ ${warning}\n`);
      });
    });

  program
    .command('retry <post-id>')
    .description(
      'Publish again a post that failed, was missed or is unconfirmed (the platform is asked first whether it is already live).',
    )
    .option('--json', 'print JSON for scripts')
    .action(async (postId: string, options: JsonOption, command: Command) => {
      await withApp(command, async (app) =>
        report(app.config, options, await app.postActions.retry(postId, 'cli:retry'), 'queued again'),
      );
    });
}

/** The text of a file, or of standard input for "-". */
async function readText(file: string): Promise<string> {
  if (file !== '-') {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      throw new InputError(
        `--file ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  }
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}
