import type { Command } from 'commander';
import { counted } from '../../src/counted.ts';
import { localTime, screenTable } from '../../src/log/history-format.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import { describeWorkerRoll } from '../../src/publishing/worker-roll-text.ts';
import { checkChannels, printJson, withApp } from '../cli-context.ts';
import { paint } from '../output/colour.ts';
import { hanging } from '../output/hanging-text.ts';
import { indented, screen, screenWidth } from '../output/screen.ts';
import { strandedNote } from '../output/stranded-note.ts';
import { recordJson } from './post-output.ts';

/** Each channel's table sits this far in, under the channel's name. */
const TABLE_INDENT = 2;

/** The columns of a channel's table; POST (a long id, copied whole) moves under its row when there is no room. */
const HEADER = ['WHEN', 'STATE', 'KIND', 'LANG', 'POST'];
const COLUMNS = { 4: { whole: true } };

/** `agenda`: what is still to go out, per channel, in the channel's local time. */
export async function run(options: { channel?: string[]; json?: boolean }, command: Command): Promise<void> {
  await withApp(command, async (app) => {
    checkChannels(app.config, options.channel);
    const records = await app.postActions.agenda(options.channel);
    const paused = await app.channels.paused(app.config.channels.map((c) => c.id));
    const stranded = await app.store.stranded(records);
    const now = new Date();
    const roll = await app.presence.roll(now);
    if (options.json) {
      printJson({
        posts: records.map((r) => recordJson(app.config, r)),
        paused,
        workersRunning: roll.running.length,
        ...(stranded.length ? { cannotGoOut: stranded.map((r) => r.postId) } : {}),
      });
      return;
    }
    const cannot = new Set(stranded.map((r) => r.postId));
    const lines: string[] = [];
    const width = screenWidth();
    const tables = indented(screen(), TABLE_INDENT);
    for (const channel of options.channel ?? app.config.channels.map((c) => c.id)) {
      const zone = channelZoneById(app.config, channel);
      const pause = paused.find((p) => p.channel === channel);
      const mine = records.filter((r) => r.channel === channel);
      const head = `${paint('bold', channel)} (${zone})`;
      lines.push(
        pause
          ? hanging(`${head} — `, paint('red', `PAUSED since ${localTime(pause.since, zone)}: ${pause.reason}`), width)
          : head,
      );
      if (!mine.length) lines.push(paint('dim', '  nothing to go out'));
      else {
        const rows = mine.map((r) => [
          localTime(r.plannedAt, zone),
          cannot.has(r.postId) ? `${r.state} (no payload)` : r.state,
          r.kind,
          r.language,
          r.postId,
        ]);
        lines.push(...tables.indent(screenTable(HEADER, rows, tables.screen, COLUMNS)));
      }
    }
    const waiting = records.filter((r) => r.state === 'awaiting-approval' || r.state === 'draft').length;
    lines.push(
      '',
      // Wrapped like the notes: with hundreds of posts waiting it is wider than 80 columns.
      hanging(
        '',
        `${counted(records.length, 'post', 'posts')} to go out` +
          `${waiting ? `, ${waiting} waiting for approval (\`secon-bot approve --all-waiting\`)` : ''}`,
        width,
      ),
    );
    const note = strandedNote(stranded);
    if (note) lines.push(hanging('', paint('red', note), width));
    // A plan with no worker to carry it out: said where people look to see what goes out.
    if (records.length && !roll.running.length) {
      const workers = describeWorkerRoll(roll, now, (iso) => localTime(iso, app.config.project.timezone));
      lines.push(hanging('⚠ ', paint('yellow', `${workers.summary}. ${workers.details.join(' ')}`), width));
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
