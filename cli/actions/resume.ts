import type { Command } from 'commander';
import { counted } from '../../src/counted.ts';
import { cliActor } from '../cli-actor.ts';
import { printJson, withApp } from '../cli-context.ts';

/** `resume <channel>`: its waiting posts are queued again. */
export async function run(channel: string, options: { json?: boolean }, command: Command): Promise<void> {
  // Checked before anything is done: a bad SECON_BOT_ACTOR changes nothing.
  const actor = cliActor();
  await withApp(command, async (app) => {
    const result = await app.postActions.resume(channel, actor);
    if (options.json) printJson(result);
    else
      process.stdout.write(
        // Not paused: the posts' jobs are only made sure of (a job that exists is kept), nothing new is queued.
        result.pause
          ? `resumed ${channel}; ${counted(result.requeued, 'waiting post', 'waiting posts')} queued\n`
          : `${channel} was not paused; its ${counted(result.requeued, 'post', 'posts')} to go out stay queued\n`,
      );
  });
}
