import type { Command } from 'commander';
import { withApp } from '../cli-context.ts';
import { EXIT } from '../exit-codes.ts';
import { AWAITING, type BulkOptions, checkSelection, selectRecords } from './bulk-selection.ts';
import { type BulkOutcome, printBulk } from './post-output.ts';

/** `approve <post-id>… | --news <id> | --all-waiting`: waiting posts go out at their planned time. */
export async function run(postIds: string[], options: BulkOptions, command: Command): Promise<void> {
  checkSelection('approve', postIds, options);
  await withApp(command, async (app) => {
    const outcome: BulkOutcome = { done: [], left: [], failed: [] };
    if (postIds.length) {
      // Named posts: each must be approvable; a wrong one is an error, the others still go ahead.
      for (const postId of postIds) {
        try {
          outcome.done.push(await app.postActions.approve(postId, 'cli:approve'));
        } catch (error) {
          if (postIds.length === 1) throw error;
          outcome.failed.push({ postId, message: (error as Error).message });
        }
      }
    } else {
      for (const record of await selectRecords(app, options)) {
        if (!AWAITING.includes(record.state)) {
          outcome.left.push({ record, why: `${record.state}, not waiting for approval` });
          continue;
        }
        try {
          outcome.done.push(await app.postActions.approve(record.postId, 'cli:approve'));
        } catch (error) {
          outcome.failed.push({ postId: record.postId, message: (error as Error).message });
        }
      }
    }
    printBulk(app.config, options.json, outcome, 'approved');
    if (outcome.failed.length) process.exitCode = postIds.length ? EXIT.usage : EXIT.failure;
  });
}
