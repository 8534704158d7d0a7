import type { Command } from 'commander';
import { CANCELLABLE_STATES } from '../../src/posts/post.ts';
import { withApp } from '../cli-context.ts';
import { EXIT } from '../exit-codes.ts';
import { type BulkOptions, checkSelection, selectRecords } from './bulk-selection.ts';
import { type BulkOutcome, printBulk } from './post-output.ts';

/** `cancel <post-id>… | --news <id> | --all-waiting`: posts that have not gone out are cancelled. */
export async function run(postIds: string[], options: BulkOptions, command: Command): Promise<void> {
  checkSelection('cancel', postIds, options);
  await withApp(command, async (app) => {
    const outcome: BulkOutcome = { done: [], left: [], failed: [] };
    const cancel = async (postId: string) => {
      try {
        outcome.done.push(await app.postActions.cancel(postId, 'cli:cancel'));
      } catch (error) {
        if (postIds.length === 1) throw error;
        outcome.failed.push({ postId, message: (error as Error).message });
      }
    };
    if (postIds.length) for (const postId of postIds) await cancel(postId);
    else
      for (const record of await selectRecords(app, options)) {
        if (CANCELLABLE_STATES.includes(record.state)) await cancel(record.postId);
        else outcome.left.push({ record, why: `already ${record.state}` });
      }
    printBulk(app.config, options.json, outcome, 'cancelled');
    if (outcome.failed.length) process.exitCode = postIds.length ? EXIT.usage : EXIT.failure;
  });
}
