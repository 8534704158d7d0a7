import type { Command } from 'commander';
import { printJson, withApp } from '../cli-context.ts';

/** `resume <channel>`: its waiting posts are queued again. */
export async function run(channel: string, options: { json?: boolean }, command: Command): Promise<void> {
  await withApp(command, async (app) => {
    const result = await app.postActions.resume(channel);
    if (options.json) printJson(result);
    else
      process.stdout.write(
        `${result.pause ? `resumed ${channel}` : `${channel} was not paused`}; ${result.requeued} waiting post(s) ` +
          `queued\n`,
      );
  });
}
