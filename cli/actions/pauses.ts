import type { Command } from 'commander';
import { InputError } from '../../src/input-error.ts';
import { localTime, screenTable } from '../../src/log/history-format.ts';
import { CHANNEL_EVENTS_KEPT } from '../../src/publishing/channel-state.ts';
import { checkChannels, printJson, withApp } from '../cli-context.ts';
import { paint } from '../output/colour.ts';
import { hanging } from '../output/hanging-text.ts';
import { screen, screenWidth } from '../output/screen.ts';

/** The table's columns; the zone is the project's. */
const HEADER = (zone: string) => [`WHEN (${zone})`, 'CHANNEL', 'WHAT', 'BY', 'REASON'];
/** On a narrow screen the reason wraps, down to a readable width, then goes under its row. */
const COLUMNS = { 4: { wrapTo: 24, movesLast: true } };

/** `--limit`: a whole number from 1 to what each channel's history keeps. */
function parseLimit(value: string | number): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > CHANNEL_EVENTS_KEPT)
    throw new InputError(`--limit: "${value}" is not a whole number from 1 to ${CHANNEL_EVENTS_KEPT}`);
  return limit;
}

/**
 * `pauses`: the channels paused now, then their latest pauses and resumes, newest first, in the
 * project's time zone: who held a channel, why, and who let it go again (the desk's Health page
 * shows the same).
 */
export async function run(
  options: { channel?: string[]; limit: string | number; json?: boolean },
  command: Command,
): Promise<void> {
  const limit = parseLimit(options.limit);
  await withApp(command, async (app) => {
    checkChannels(app.config, options.channel);
    const channels = options.channel ?? app.config.channels.map((c) => c.id);
    const [paused, events] = await Promise.all([app.channels.paused(channels), app.channels.history(channels, limit)]);
    if (options.json) {
      printJson({ paused, events });
      return;
    }
    const zone = app.config.project.timezone;
    const width = screenWidth();
    const lines = paused.length
      ? paused.map((p) =>
          hanging(
            `${p.channel} is paused since `,
            paint('red', `${localTime(p.since, zone)} by ${p.by}: ${p.reason}`),
            width,
          ),
        )
      : [options.channel ? 'None of these channels is paused now.' : 'No channel is paused now.'];
    lines.push('');
    if (events.length) {
      const rows = events.map((e) => [localTime(e.at, zone), e.channel, e.kind, e.by, e.reason]);
      lines.push(screenTable(HEADER(zone), rows, screen(), COLUMNS));
    } else
      lines.push(
        paint('dim', options.channel ? 'None of these channels has been paused.' : 'No channel has been paused.'),
      );
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
