import type { Command } from 'commander';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import { localTime } from '../../src/publishing/parse-when.ts';
import { checkChannels, printJson, withApp } from '../cli-context.ts';
import { paint, paintState } from '../output/colour.ts';
import { recordJson } from './post-output.ts';

/** `agenda`: what is still to go out, per channel, in the channel's local time. */
export async function run(options: { channel?: string[]; json?: boolean }, command: Command): Promise<void> {
  await withApp(command, async (app) => {
    checkChannels(app.config, options.channel);
    const records = await app.postActions.agenda(options.channel);
    const paused = await app.channels.paused(app.config.channels.map((c) => c.id));
    if (options.json) {
      printJson({ posts: records.map((r) => recordJson(app.config, r)), paused });
      return;
    }
    const lines: string[] = [];
    for (const channel of options.channel ?? app.config.channels.map((c) => c.id)) {
      const zone = channelZoneById(app.config, channel);
      const pause = paused.find((p) => p.channel === channel);
      const mine = records.filter((r) => r.channel === channel);
      lines.push(
        `${paint('bold', channel)} (${zone})` +
          `${pause ? paint('red', ` — PAUSED since ${pause.since}: ${pause.reason}`) : ''}`,
      );
      if (!mine.length) lines.push(paint('dim', '  nothing to go out'));
      for (const r of mine)
        lines.push(
          `  ${localTime(r.plannedAt, zone).slice(0, 16)}  ${paintState(r.state)}` +
            `${' '.repeat(Math.max(2, 19 - r.state.length))}${r.kind.padEnd(12)}  ${r.language.padEnd(3)} ` +
            `${r.postId}`,
        );
    }
    const waiting = records.filter((r) => r.state === 'awaiting-approval' || r.state === 'draft').length;
    lines.push(
      '',
      `${records.length} post(s) to go out` +
        `${waiting ? `, ${waiting} waiting for approval (\`secon-bot approve --all-waiting\`)` : ''}`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
