import type { Command } from 'commander';
import { localTime } from '../../src/log/history-format.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import { cliActor } from '../cli-actor.ts';
import { printJson, withApp } from '../cli-context.ts';

/** `pause <channel>`: its posts wait until `resume`. */
export async function run(
  channel: string,
  options: { json?: boolean; reason: string },
  command: Command,
): Promise<void> {
  // Checked before anything is done: a bad SECON_BOT_ACTOR changes nothing.
  const actor = cliActor();
  await withApp(command, async (app) => {
    const { pause, already } = await app.postActions.pause(channel, options.reason, actor);
    if (options.json) printJson({ ...pause, already });
    else {
      const zone = channelZoneById(app.config, channel);
      const since = `since ${localTime(pause.since, zone)} (${zone})`;
      process.stdout.write(
        already
          ? `${channel} was already paused ${since} by ${pause.by}: ${pause.reason}. That pause stands; to pause it ` +
              `for another reason, \`secon-bot resume ${channel}\` first\n`
          : `paused ${channel} ${since}: ${pause.reason}\n`,
      );
    }
  });
}
