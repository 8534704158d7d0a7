import type { Command } from 'commander';
import { withApp } from '../cli-context.ts';
import { printPost } from './post-output.ts';

/** `retry <post-id>`: a failed, missed or unconfirmed post is queued again (reconciled first). */
export async function run(postId: string, options: { json?: boolean }, command: Command): Promise<void> {
  await withApp(command, async (app) =>
    printPost(app.config, options.json, await app.postActions.retry(postId, 'cli:retry'), 'queued again'),
  );
}
