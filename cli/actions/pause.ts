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
    const pause = await app.postActions.pause(channel, options.reason, actor);
    if (options.json) printJson(pause);
    else {
      const zone = channelZoneById(app.config, channel);
      process.stdout.write(`paused ${channel} since ${localTime(pause.since, zone)} (${zone}): ${pause.reason}\n`);
    }
  });
}
