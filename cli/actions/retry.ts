import type { Command } from 'commander';
import { cliActor } from '../cli-actor.ts';
import { withApp } from '../cli-context.ts';
import { pauseLines, printPost } from './post-output.ts';

/** `retry <post-id>`: a failed, missed or unconfirmed post is queued again (reconciled first). */
export async function run(postId: string, options: { json?: boolean }, command: Command): Promise<void> {
  // Checked before anything is done: a bad SECON_BOT_ACTOR changes nothing.
  const actor = cliActor();
  await withApp(command, async (app) => {
    const record = await app.postActions.retry(postId, actor);
    printPost(app.config, options.json, record, 'queued again');
    if (!options.json)
      for (const line of await pauseLines(app.config, app.channels, [record])) process.stdout.write(`${line}\n`);
  });
}
