import type { Command } from 'commander';
import { InputError } from '../../src/input-error.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import { shownText } from '../../src/preview/post-card.ts';
import { readWhen } from '../../src/publishing/parse-when.ts';
import { cliActor } from '../cli-actor.ts';
import { withApp } from '../cli-context.ts';
import { pauseLines, printPost } from './post-output.ts';

/** `reschedule <post-id> <time>`: the time in the channel's zone, absolute or relative to now. */
export async function run(postId: string, time: string, options: { json?: boolean }, command: Command): Promise<void> {
  // Checked before anything is done: a bad SECON_BOT_ACTOR changes nothing.
  const actor = cliActor();
  await withApp(command, async (app) => {
    const record = await app.publishingLog.get(postId);
    if (!record) throw new InputError(`unknown post id "${postId}" (see \`secon-bot agenda\`)`);
    const { at, note } = readWhen(time, channelZoneById(app.config, record.channel));
    if (note) process.stderr.write(`secon-bot: ${note}\n`);
    const sendNow = time.trim().toLowerCase() === 'now';
    const updated = await app.postActions.reschedule(postId, at, actor, { sendNow });
    printPost(app.config, options.json, updated, 'rescheduled');
    // Said, not refused: planning keeps the channel's gap, a person may choose not to.
    if (!sendNow)
      for (const crowded of await app.postActions.crowding(updated))
        process.stderr.write(`secon-bot: note: ${crowded}\n`);
    // Rendered again for its new time ("tomorrow" became "in 3 days"): show what readers will see now.
    if (!options.json && updated.text !== record.text) {
      process.stdout.write(`  ${updated.note ?? 'rendered again'}; the text is now:\n`);
      for (const line of shownText(updated.text, updated.platform).split('\n')) process.stdout.write(`  │ ${line}\n`);
    }
    if (!options.json)
      for (const line of await pauseLines(app.config, app.channels, [updated])) process.stdout.write(`${line}\n`);
  });
}
