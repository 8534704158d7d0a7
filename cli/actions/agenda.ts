import type { Command } from 'commander';
import { counted } from '../../src/counted.ts';
import { localTime, screenTable } from '../../src/log/history-format.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import { AWAITING_APPROVAL_STATES } from '../../src/posts/post.ts';
import { RECENT_FAILURE_DAYS } from '../../src/publishing/needing-a-person.ts';
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

/** What waits for a person off the agenda: failed lately, missed, unconfirmed, each with where to look. */
function needAPersonLines(person: { failed: PostRecord[]; missed: PostRecord[]; unconfirmed: PostRecord[] }): string[] {
  const lines: string[] = [];
  if (person.failed.length)
    lines.push(
      paint(
        'red',
        `${counted(person.failed.length, 'post', 'posts')} failed in the last ${RECENT_FAILURE_DAYS} days: \`secon-bot history --state failed --since ${RECENT_FAILURE_DAYS}d\` says why; \`secon-bot retry <post id>\` once the cause is fixed`,
      ),
    );
  const stuck = person.missed.length + person.unconfirmed.length;
  if (stuck)
    lines.push(
      paint(
        'yellow',
        `${counted(stuck, 'post', 'posts')} missed or unconfirmed ${stuck === 1 ? 'waits' : 'wait'} for a person: \`secon-bot history --state missed,unconfirmed\``,
      ),
    );
  return lines;
}

/** `agenda`: what is still to go out, per channel, in the channel's local time. */
export async function run(options: { channel?: string[]; json?: boolean }, command: Command): Promise<void> {
  await withApp(command, async (app) => {
    checkChannels(app.config, options.channel);
    const records = await app.postActions.agenda(options.channel);
    const paused = await app.channels.paused(app.config.channels.map((c) => c.id));
    const stranded = await app.store.stranded(records);
    const now = new Date();
    const roll = await app.presence.roll(now);
    // Not on the agenda, but waiting for a person all the same: said under it, as Approvals lists them.
    const person = await app.postActions.needingAPerson(
      now,
      options.channel?.length ? { channel: options.channel } : {},
    );
    if (options.json) {
      const ids = (list: PostRecord[]) => list.map((r) => r.postId);
      printJson({
        posts: records.map((r) => recordJson(app.config, r)),
        paused,
        workersRunning: roll.running.length,
        ...(stranded.length ? { cannotGoOut: stranded.map((r) => r.postId) } : {}),
        needAPerson: { failed: ids(person.failed), missed: ids(person.missed), unconfirmed: ids(person.unconfirmed) },
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
    const waiting = records.filter((r) => AWAITING_APPROVAL_STATES.includes(r.state)).length;
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
    lines.push(...needAPersonLines(person).map((line) => hanging('', line, width)));
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
